"""The printable verdict report (HTML): per article, the text with its claims highlighted
and a verdict badge, a table of verdicts with their sources, then the rating scale and
the method, after a chart of the verdict distribution.

Rows must come grouped by article (the registry asks the selector for article order); one
article's claims are held at a time, so the report streams whatever the number of
articles. Everything from the database is escaped; only http(s) links become links.

Each claim's facts (kind, text, status, verdict, rationale, evidence) are listed under it
in the table, numbered 1.1, 1.2, ...; a claim whose verdict is derived from its facts says
so beside its badge.

Claims are numbered from 1 in each article, as a reader counts them; the anchors
(#claim-N, #verdict-N) keep the stored position, which starts at 0, because ClaimReview
urls already point at them. The method says what the tables hold: approval by a second
person only for approved and published claims, counted while the rows stream (`Tally`),
and each table row says whether its claim was approved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from itertools import groupby
from typing import BinaryIO

from claims.exporters.types import ClaimRow, EvidenceRow, ExportContext, FactRow, ScaleInfo

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #222; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 18pt 0 4pt; border-bottom: 1px solid #ccc; }
.meta { color: #666; font-size: 8.5pt; }
.article { page-break-before: always; } .article:first-of-type { page-break-before: auto; }
.text { white-space: pre-wrap; margin: 8pt 0; }
mark { background: #fff3b0; padding: 0 1pt; }
.badge { display: inline-block; font-size: 7.5pt; font-weight: bold; color: #fff; border-radius: 3pt; padding: 0 3pt; margin-left: 2pt; background: #777; white-space: nowrap; }
.v-best { background: #1e7b34; } .v-good { background: #5a9e2f; } .v-mid { background: #c08a00; }
.v-bad { background: #d0611c; } .v-worst { background: #b3261e; } .v-none { background: #777; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 8.5pt; }
th, td { border: 1px solid #ddd; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
tr { page-break-inside: avoid; }
.chart .bar { height: 10pt; background: #447; display: inline-block; vertical-align: middle; }
.chart td { border: none; padding: 1pt 4pt; }
a { color: #1a4f9c; word-break: break-all; }
tr.fact td { background: #fafafa; font-size: 8pt; } tr.fact td:first-child { padding-left: 10pt; }
.kind { font-weight: bold; color: #555; } .origin { font-size: 7pt; color: #666; margin-left: 3pt; }
"""


# The statuses whose verdict a second person approved (services.reviews' workflow).
APPROVED_STATUSES = frozenset({"approved", "published"})


@dataclass(slots=True)
class Tally:
    """How many claims the report showed, approved or not: the method is written last."""

    approved: int = 0
    other: int = 0

    def add(self, status: str) -> None:
        if status in APPROVED_STATUSES:
            self.approved += 1
        else:
            self.other += 1


def review_label(status: str, context: ExportContext) -> str:
    """The table's "Review" cell: approved claims by their status, the others saying so."""
    label = context.status_labels.get(status) or status.replace("_", " ").capitalize()
    if status in APPROVED_STATUSES:
        return label
    if status == "new":
        return f"{label}, not reviewed"
    return f"{label}, not approved"


def method_text(context: ExportContext, tally: Tally) -> str:
    """What the report may say about how its claims were checked, given what it holds:
    `context.method` (the desk's words for an approved claim) only if some are approved."""
    total = tally.approved + tally.other
    if total == 0:
        return ""
    if tally.other == 0:
        return f"Every claim here is approved or published. {context.method}".strip()
    unapproved = (
        "not been approved by a second person: a verdict shown for {it} is a reviewer's "
        "proposal and may change (see the Review column)."
    )
    if tally.approved == 0:
        if total == 1:
            return "The claim here has " + unapproved.format(it="it")
        return f"The {total} claims here have " + unapproved.format(it="them")
    are = "is" if tally.approved == 1 else "are"
    have, it = ("has", "it") if tally.other == 1 else ("have", "them")
    method = f" {context.method}" if context.method else ""
    return (
        f"{tally.approved} of the {total} claims here {are} approved or published.{method} "
        f"The other {tally.other} {have} " + unapproved.format(it=it)
    )


TABLE_HEAD = (
    "<table><thead><tr><th>#</th><th>Claim</th><th>Verdict</th><th>Review</th>"
    "<th>Rationale</th><th>Sources</th><th>Reviewer / approver</th></tr></thead>"
)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _link(url: str, label: str = "") -> str:
    text = _e(label or url)
    if url.startswith(("http://", "https://")):
        return f'<a href="{_e(url)}">{text}</a>'
    return text


def verdict_class(value: int | None, scale: ScaleInfo | None) -> str:
    if value is None or scale is None or scale.best_value == scale.worst_value:
        return "v-none"
    share = (value - scale.worst_value) / (scale.best_value - scale.worst_value)
    if share >= 0.99:
        return "v-best"
    if share >= 0.66:
        return "v-good"
    if share >= 0.4:
        return "v-mid"
    if share > 0.01:
        return "v-bad"
    return "v-worst"


def _badge(row: ClaimRow | FactRow, scale: ScaleInfo | None) -> str:
    name = row.verdict or "No verdict"
    return f'<span class="badge {verdict_class(row.rating_value, scale)}">{_e(name)}</span>'


def _claim_badge(row: ClaimRow, scale: ScaleInfo | None) -> str:
    """The claim's verdict badge, saying when the verdict is derived from its facts."""
    badge = _badge(row, scale)
    if row.verdict and row.verdict_origin == "facts":
        mixed = ", facts disagree" if row.verdict_mixed else ""
        badge += f'<span class="origin">from its facts{mixed}</span>'
    return badge


def _highlighted_text(text: str, claims: list[ClaimRow], scale: ScaleInfo | None) -> str:
    parts: list[str] = []
    cursor = 0
    for row in sorted(claims, key=lambda r: (r.start, r.end)):
        if row.start < cursor or row.end > len(text):
            continue  # overlaps the previous highlight (nested claims): listed in the table only
        parts.append(_e(text[cursor : row.start]))
        parts.append(
            f'<mark id="claim-{row.position}">{_e(text[row.start : row.end])}</mark>'
            f"{_badge(row, scale)}"
        )
        cursor = row.end
    parts.append(_e(text[cursor:]))
    return "".join(parts)


def _sources(evidence: tuple[EvidenceRow, ...]) -> str:
    if not evidence:
        return ""
    items = "".join(
        f"<li>{_link(e.source_url, e.source_title or e.source_url)}"
        f"{' — ' + _e(e.publisher) if e.publisher else ''} ({_e(e.stance)})"
        f"{'<br><q>' + _e(e.quote) + '</q>' if e.quote else ''}</li>"
        for e in evidence
    )
    return f"<ul>{items}</ul>"


# How the report names a fact's kind (models.FactKind's labels).
FACT_KINDS = {
    "figure": "Figure",
    "attribution": "Attribution",
    "date": "Date or event",
    "comparison": "Comparison",
    "list": "List",
}


def _people(row: ClaimRow | FactRow) -> str:
    return f"{_e(row.reviewer)}{' / ' + _e(row.approver) if row.approver else ''}"


def _fact_rows(row: ClaimRow, context: ExportContext, anchors: bool) -> str:
    """The claim's facts, each a row under the claim's: numbered 1.1, 1.2, ... With
    `anchors`, each row is #fact-<id> (the HTML report; a PDF would keep every anchor as
    a named destination, megabytes for a few thousand facts, and links to none)."""
    rows = []
    for n, f in enumerate(row.facts, start=1):
        anchor = f' id="fact-{f.fact_id}"' if anchors else ""
        statement = ""
        if f.statement and f.statement != f.text:
            statement = f"<br><small>{_e(f.statement)}</small>"
        rows.append(
            f'<tr class="fact"{anchor}><td>{row.position + 1}.{n}</td>'
            f'<td><span class="kind">{_e(FACT_KINDS.get(f.kind, f.kind))}</span> '
            f"{_e(f.text)}{statement}</td><td>{_badge(f, context.scale)}</td>"
            f"<td>{_e(review_label(f.status, context))}</td><td>{_e(f.rationale)}</td>"
            f"<td>{_sources(f.evidence)}</td><td>{_people(f)}</td></tr>"
        )
    return "".join(rows)


def _article(claims: list[ClaimRow], context: ExportContext, fact_anchors: bool = True) -> str:
    first = claims[0]
    meta = " · ".join(
        _e(part)
        for part in (
            first.article_outlet,
            first.article_author,
            first.article_published or "",
        )
        if part
    )
    link = f"<br>{_link(first.article_url)}" if first.article_url else ""
    text = (
        f'<div class="text">{_highlighted_text(first.article_text, claims, context.scale)}</div>'
        if first.article_text
        else ""
    )
    rows = "".join(
        f'<tr id="verdict-{r.position}"><td>{r.position + 1}</td><td>{_e(r.text)}</td>'
        f"<td>{_claim_badge(r, context.scale)}</td>"
        f"<td>{_e(review_label(r.status, context))}</td>"
        f"<td>{_e(r.rationale)}</td><td>{_sources(r.evidence)}</td><td>{_people(r)}</td></tr>"
        f"{_fact_rows(r, context, fact_anchors) if r.facts else ''}"
        for r in claims
    )
    return (
        f'<section class="article" id="article-{first.article_id}">'
        f"<h2>{_e(first.article_title or 'Untitled article')}</h2>"
        f'<p class="meta">{meta}{link}</p>{text}'
        f"{TABLE_HEAD}<tbody>{rows}</tbody></table>"
        "</section>\n"
    )


def _chart(context: ExportContext) -> str:
    if not context.distribution:
        return ""
    total = sum(count for _, count in context.distribution) or 1
    scale = context.scale
    rows = []
    for name, count in context.distribution:
        rating = scale.rating(name) if scale else None
        css = verdict_class(rating.value if rating else None, scale)
        width = max(1, round(300 * count / total))
        rows.append(
            f"<tr><td>{_e(name or 'No verdict')}</td>"
            f'<td><span class="bar {css}" style="width:{width}px"></span> {count}'
            f" ({100 * count / total:.0f} %)</td></tr>"
        )
    return (
        '<section class="chart"><h2>Verdict distribution</h2>'
        f"<table>{''.join(rows)}</table></section>"
    )


def _scale(context: ExportContext, tally: Tally) -> str:
    scale = context.scale
    text = method_text(context, tally)
    method = f'<p class="method">{_e(text)}</p>' if text else ""
    if scale is None:
        return f"<section><h2>Method</h2>{method}</section>" if method else ""
    rows = "".join(
        f"<tr><td>{_badge_for(r.name, r.value, scale)}</td>"
        f"<td>{'' if r.value is None else r.value}</td><td>{_e(r.description)}</td></tr>"
        for r in scale.ratings
    )
    return (
        f"<section><h2>Rating scale and method</h2><p>{_e(scale.name)}: "
        f"{_e(scale.description)} Best {scale.best_value}, worst {scale.worst_value}.</p>"
        f"{method}<table><thead><tr><th>Verdict</th><th>Value</th><th>Meaning</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _badge_for(name: str, value: int | None, scale: ScaleInfo) -> str:
    return f'<span class="badge {verdict_class(value, scale)}">{_e(name)}</span>'


def _filters(context: ExportContext) -> str:
    if not context.filters:
        return ""
    return " · ".join(f"{_e(k)}: {_e(v)}" for k, v in sorted(context.filters.items()))


def head(context: ExportContext, *, header: bool = True) -> str:
    generated = context.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    desk = _link(context.desk_url, context.desk_name) if context.desk_url else _e(context.desk_name)
    start = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(context.title)}</title><style>{STYLE}</style></head><body>"
    )
    if not header:
        return start
    return (
        f'{start}<header><h1>{_e(context.title)}</h1><p class="meta">{desk} · generated {generated}'
        f"{'<br>' + _filters(context) if context.filters else ''}</p></header>"
    )


def articles(rows: Iterable[ClaimRow]) -> Iterator[list[ClaimRow]]:
    """The rows of one article at a time (rows come grouped by article)."""
    for _, group in groupby(rows, key=lambda r: r.article_id):
        yield list(group)


def article(claims: list[ClaimRow], context: ExportContext, *, fact_anchors: bool = True) -> str:
    return _article(claims, context, fact_anchors)


def chart(context: ExportContext) -> str:
    return _chart(context)


def closing(context: ExportContext, tally: Tally) -> str:
    """The rating scale and method (for the claims `tally` counted), and the end."""
    return _scale(context, tally) + "</body></html>\n"


def render(rows: Iterable[ClaimRow], context: ExportContext) -> Iterator[str]:
    """The report in pieces: the head, the chart, one piece per article, the scale."""
    tally = Tally()
    yield head(context)
    yield chart(context)
    for claims in articles(rows):
        for claim in claims:
            tally.add(claim.status)
        yield article(claims, context)
    yield closing(context, tally)


def write(rows: Iterable[ClaimRow], out: BinaryIO, context: ExportContext) -> int:
    count = 0

    def counted() -> Iterator[ClaimRow]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    pending: list[str] = []
    for piece in render(counted(), context):
        pending.append(piece)
        if len(pending) >= 64:
            out.write("".join(pending).encode("utf-8"))
            pending.clear()
    out.write("".join(pending).encode("utf-8"))
    return count
