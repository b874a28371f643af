"""The article reader and the list of articles.

The reader's article text (every claim a link, every fact of it a mark inside) and its
list of claims with their facts are written here as HTML, from the reader's selector
(selectors_review.article_reader), not by template loops: a 100-claim article with
hundreds of facts is thousands of elements, which Django's template engine takes
hundreds of milliseconds to write and plain string joins a few. Every piece of the
article and of the database is escaped (`_e`); the page around them is the template.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape
from unicodedata import normalize

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from claims import keyset, selectors_api, selectors_review
from claims.display import CHECK_WORTHY_SCORE, worthiness_band
from claims.models import Article, Claim, ClaimStatus, ConsistencyCheck, FactKind, VerdictOrigin
from claims.selectors_review import ReaderFact
from claims.views.base import page_context, workbench_view
from claims.views.queue import claim_url_builder, fact_review_url_builder


@workbench_view()
def article_reader(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        reader = selectors_review.article_reader(article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    review_url = fact_review_url_builder()
    for claim in reader.claims:
        for fact in claim.fact_list:  # type: ignore[attr-defined]
            fact.review_url = review_url(fact.pk, fact.claim_id)
    html = ReaderHtml(reader)
    return render(
        request,
        "claims/reader.html",
        page_context(
            request,
            title=reader.article.display_name,
            reader=reader,
            check_worthy=CHECK_WORTHY_SCORE,
            fact_kinds=FactKind.choices,
            article_html=html.article_text(),
            cards_html=html.claim_cards(),
        ),
    )


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _cut(text: str, limit: int) -> str:
    """`truncatechars:limit` (the ellipsis counts), without the cost of Truncator."""
    text = normalize("NFC", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


HUNDREDTHS = Decimal("0.01")


def _score(claim: Claim) -> str:
    """The score as `floatformat:2` writes it (half up: 0.125 is 0.13), without its cost."""
    return str(Decimal(repr(claim.score)).quantize(HUNDREDTHS, rounding=ROUND_HALF_UP))


def _labels(choices: list[tuple[str, object]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


STALE = "Its wording changed in a newer revision after it got a verdict"
FACT_STALE = "Its words changed in a newer revision after it got a verdict"
ORPHAN = "Not found in the newer revision of this article"
REPORTED = "The same fact in other outlets&#x27; articles"
DIFFER = "Another outlet gives a different figure for the same event"
FACT_DIFFER = "Another outlet's linked report gives this figure otherwise: see the fact's page"
CHECKED = "An earlier verdict covers this claim"


class ReaderHtml:
    """The reader's article text and list of claims, as HTML."""

    def __init__(self, reader: selectors_review.Reader) -> None:
        self.reader = reader
        self.claim_url = claim_url_builder()
        # Translated once per page, not once per claim or fact.
        self.status = _labels(ClaimStatus.choices)
        self.kind = _labels(FactKind.choices)
        self.result = _labels(ConsistencyCheck.Result.choices)
        self.origin = _labels(VerdictOrigin.choices)

    def verdict(self, claim: Claim) -> tuple[str, str]:
        """(what the claim's verdict reads, where it comes from: its VerdictOrigin),
        empty without one. "Mixed: worst False" when the facts it comes from disagree."""
        verdict = claim.effective_verdict
        if verdict is None:
            return "", ""
        origin = str(claim.verdict_origin)
        mixed = origin == VerdictOrigin.FACTS and claim.derived_mixed
        return ("Mixed: worst " if mixed else "") + verdict.name, origin

    def article_text(self) -> SafeString:
        """The article's text with each claim a link (its status, check-worthiness and
        matches as classes, its verdict in its title) and each of its facts a mark."""
        out: list[str] = []
        for segment in self.reader.segments:
            claim = segment.claim
            if claim is None:
                out.append(_e(segment.text))
                continue
            band = worthiness_band(claim.score)
            score = _score(claim)
            flags = claim.match_flags  # type: ignore[attr-defined]
            classes = f"claim st-{claim.status} cw-{band}"
            if flags and flags.reported:
                classes += " m-reported"
            if flags and flags.differ:
                classes += " m-differ"
            if flags and flags.checked:
                classes += " m-checked"
            if segment.pieces:
                classes += " has-facts"
            title = self.status.get(claim.status, claim.status)
            verdict, origin = self.verdict(claim)
            if verdict:
                title += f" · {verdict} ({self.origin[origin].lower()})"
            title += f" · score {score}"
            facts = len(claim.fact_list)  # type: ignore[attr-defined]
            if facts:
                title += f" · {facts} fact{'s' if facts != 1 else ''}"
            out.append(
                f'<a class="{classes}" id="claim-{claim.pk}" href="{self.claim_url(claim.pk)}" '
                f'data-claim-id="{claim.pk}" title="{_e(title)}" data-worthiness="{band}">'
            )
            if segment.pieces:
                for piece in segment.pieces:
                    if piece.kind == "text":
                        out.append(_e(piece.text))
                    elif piece.kind == "open":
                        out.append(self.fact_mark(piece.fact, continued=piece.continued))  # type: ignore[arg-type]
                    else:
                        out.append("</mark>")
            else:
                out.append(_e(segment.text))
            if band != "low":
                words, sign = (
                    ("highly check-worthy", "▲") if band == "high" else ("check-worthy", "△")
                )
                out.append(
                    f'<sup class="cw-mark"><span class="visually-hidden">{words}, score </span>'
                    f'<span aria-hidden="true">{sign}</span>{score}</sup>'
                )
            out.append("</a>")
        return mark_safe("".join(out))  # noqa: S308 (every value in it is escaped)

    def fact_mark(self, fact: ReaderFact, *, continued: bool) -> str:
        """The opening tag of a fact's mark: its kind and status as classes (the
        legend's), the same in words in its title, its review's address for the keys."""
        classes = f"fact fk-{fact.kind} fs-{fact.status}"
        if continued:
            classes += " fact-cont"
        title = f"{self.kind.get(fact.kind, fact.kind)} · {self.status.get(fact.status, '')}"
        if fact.verdict_name is not None:
            title += f" · {fact.verdict_name}"
        if fact.stale_verdict:
            classes += " f-stale"
            title += " · stale verdict"
        if fact.orphaned:
            classes += " f-orphan"
            title += " · orphan"
        if fact.differs:
            classes += " f-differ"
            title += " · another outlet gives this figure otherwise"
        return (
            f'<mark class="{classes}" data-fact-id="{fact.pk}" '
            f'data-href="{_e(fact.review_url)}" title="{_e(title)}">'
        )

    def claim_cards(self) -> SafeString:
        """The list beside the text: each claim with its kinds, status, verdict (and
        where it comes from), flags, score, checks, an orphan's diff, and its facts."""
        if not self.reader.claims:
            return mark_safe("<li>No claims were found in this article.</li>")
        orphan_diff = get_template("claims/_orphan_diff.html").template  # type: ignore[attr-defined]
        # One context for every orphan: its tag reads the newer revision once (a cache on it).
        context = Context({})
        out: list[str] = []
        for claim in self.reader.claims:
            flags = claim.match_flags  # type: ignore[attr-defined]
            status = self.status.get(claim.status, claim.status)
            out.append(
                f'<li class="claim-card st-{claim.status}" data-claim-id="{claim.pk}">\n'
                f'<a href="{self.claim_url(claim.pk)}">{_e(_cut(claim.text, 110))}</a>\n<div>'
            )
            out.extend(f'<span class="badge kind-{_e(k)}">{_e(k)}</span>' for k in claim.kinds)
            out.append(f'\n<span class="status-pill st-{claim.status}">{status}</span>\n')
            verdict, origin = self.verdict(claim)
            if verdict:
                out.append(
                    f'<span class="badge verdict">{_e(verdict)}</span> <span class="meta '
                    f'verdict-origin origin-{origin}">{self.origin[origin].lower()}</span>\n'
                )
            if claim.stale_verdict:
                out.append(f'<span class="badge flag-stale" title="{STALE}">stale verdict</span>\n')
            if claim.orphaned:
                out.append(f'<span class="badge flag-orphan" title="{ORPHAN}">orphan</span>\n')
            if flags and flags.reported:
                out.append(
                    f'<span class="badge flag-reported" title="{REPORTED}">'
                    f"also reported \u00d7{flags.reported}</span>\n"
                )
            if flags and flags.differ:
                out.append(
                    f'<span class="badge flag-differ" title="{DIFFER}">figures differ</span>\n'
                )
            if flags and flags.checked:
                out.append(
                    f'<span class="badge flag-checked" title="{CHECKED}">already checked</span>\n'
                )
            meta = f"score {_score(claim)}"
            if claim.score >= CHECK_WORTHY_SCORE:
                meta += " · check-worthy"
            if claim.assignee_id:
                meta += f" · {_e(claim.assignee.get_username())}"
            out.append(
                f'<span class="meta cw-{worthiness_band(claim.score)}">{meta}</span></div>\n'
            )
            for check in claim.consistency:  # type: ignore[attr-defined]
                out.append(
                    f'<div class="check check-{_e(check.result)}">⚖ {_e(check.check_name)}: '
                    f"{_e(self.result.get(check.result, check.result))} — {_e(check.detail)}</div>\n"
                )
            if claim.orphaned:
                with context.push(claim=claim, fact=None):
                    out.append(orphan_diff.render(context))
            if claim.fact_list:  # type: ignore[attr-defined]
                out.append('<ul class="fact-list" aria-label="Facts of this claim">')
                out.extend(self.fact_card(fact) for fact in claim.fact_list)  # type: ignore[attr-defined]
                out.append("\n</ul>")
            out.append("\n</li>\n")
        return mark_safe("".join(out))  # noqa: S308 (every value in it is escaped)

    def fact_card(self, fact: ReaderFact) -> str:
        parts = [
            f'\n<li class="fact-card fs-{fact.status}"><a href="{_e(fact.review_url)}" '
            f'class="fact-item" data-fact-id="{fact.pk}"><span class="badge fact-kind '
            f'fk-{fact.kind}">{self.kind.get(fact.kind, fact.kind)}</span> '
            f"{_e(_cut(fact.text, 80))}</a>\n"
            f'<span class="status-pill st-{fact.status}">{self.status.get(fact.status, "")}</span>'
        ]
        if fact.verdict_name is not None:
            parts.append(f' <span class="badge verdict">{_e(fact.verdict_name)}</span>')
        if fact.stale_verdict:
            parts.append(
                f' <span class="badge flag-stale" title="{FACT_STALE}">stale verdict</span>'
            )
        if fact.orphaned:
            parts.append(f' <span class="badge flag-orphan" title="{ORPHAN}">orphan</span>')
        if fact.differs:
            parts.append(
                f' <span class="badge flag-differ" title="{FACT_DIFFER}">figure differs</span>'
            )
        if not fact.marked:
            parts.append(' <span class="meta">not marked in the text</span>')
        parts.append("</li>")
        return "".join(parts)


@workbench_view()
def article_list(request: HttpRequest) -> HttpResponse:
    """Newest import first, in keyset pages; each row counts its own claims only."""
    page = keyset.page(
        selectors_api.articles_for_list(Article.objects.all()),
        ("-id",),
        request.GET,
        size=50,
    )
    for problem in page.problems:
        messages.warning(request, problem)
    return render(
        request, "claims/articles.html", page_context(request, title="Articles", page=page)
    )
