"""Reads for the review workbench: queue, reader, review page, dashboard. Nothing writes.

Every page runs a fixed number of queries whatever the number of claims: related rows
come with select_related / prefetch_related; totals come from claims_claimtally or a
capped count (selectors_counts), pages by keyset (claims.keyset).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims import keyset, selectors_counts, selectors_matching, selectors_search
from claims.db_aggregates import json_rows, moment, rows_of
from claims.models import (
    Article,
    Claim,
    ClaimMatch,
    ClaimStatus,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    Fact,
    FactKind,
    ImportJob,
    JobStatus,
    Rating,
    RatingScale,
    ReviewerWeek,
    Source,
    review_week,
)
from claims.selectors_api import text_head
from claims.selectors_counts import StatusCounts
from claims.selectors_search import UNINDEXED_SCORE, claim_search

KINDS = ("quantity", "attribution", "comparison", "enumeration", "factual")
# Each order ends in a unique column (keyset pages need one) and is read from an index
# (Claim.Meta.indexes; the article orders from the article_id index, sorting one
# article's few claims), so a page of any depth is an index range scan. "newest" is the
# newest import first (article ids grow with imports); "relevance" ranks a search's hits
# (it ranks every hit, so it costs more with more hits: claims.selectors_search).
SORTS = {
    "worthiness": ("-score", "id"),
    "least-worthy": ("score", "-id"),
    "newest": ("-article_id", "position", "id"),
    "article": ("article_id", "position", "id"),
    "relevance": ("-search_rank", "id"),
}
# What a jump (`from=`) names in each order: its first sort column.
JUMP_LABELS = {
    "worthiness": "score at most",
    "least-worthy": "score at least",
    "newest": "article id at most",
    "article": "article id at least",
    "relevance": "rank at most",
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    kind: str = ""
    min_score: float | None = None
    assignee: str = ""  # "me", "none" or a user id
    outlet: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    verdict: str = ""  # a rating id or "none"
    article: int | None = None
    q: str = ""
    sort: str = "worthiness"
    matches: str = ""  # "differ" or "checked" (selectors_matching)


def queue_sort(filters: QueueFilters) -> str:
    """The order in effect: "relevance" needs a search, an unknown sort is the default."""
    if filters.sort not in SORTS or (filters.sort == "relevance" and not filters.q):
        return "worthiness"
    return filters.sort


# The same order through an expression no index has: for few matches (a rare search
# term), PostgreSQL then fetches the matches by their own indexes and sorts them, instead
# of walking the score index for matches that may not exist (a full scan for 0 hits).
# The values are the same numbers, so page keys work in either form.
UNINDEXED = {
    "score": ("score_unindexed", UNINDEXED_SCORE),
    "article_id": ("article_unindexed", ExpressionWrapper(F("article_id") + 0, IntegerField())),
}


def queue_order(filters: QueueFilters, *, sparse: bool = False) -> tuple[str, ...]:
    order = SORTS[queue_sort(filters)]
    first = order[0].lstrip("-")
    if sparse and first in UNINDEXED:
        return (order[0].replace(first, UNINDEXED[first][0]), *order[1:])
    return order


def claim_queue(
    *, filters: QueueFilters, user: AbstractBaseUser, sparse: bool = False
) -> QuerySet[Claim]:
    """The filtered claims in the queue's order; with_row_joins adds what a row shows.

    `sparse`: few claims match (StatusCounts.sparse): sort them rather than walk an index.
    """
    claims = _filtered(filters, user)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if sparse:
        claims = claims.annotate(**dict(UNINDEXED.values()))
    return claims.order_by(*queue_order(filters, sparse=sparse))


def with_row_joins(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """What a list row shows, joined. Apart from claim_queue so that a page read in parts
    (selectors_search.page_rows) joins only the page's rows, not every match it reads.

    The article's text stays behind (it can be a whole long article per row); its first
    characters name an untitled one (with_article_heads)."""
    return (
        claims.select_related(
            "article", "verdict", "derived_verdict", "assignee", "verdict_by", "approved_by"
        )
        .defer("article__text")
        .annotate(article_head=text_head("article__title", "article__text"))
    )


def with_article_heads(claims: Iterable[Claim]) -> list[Claim]:
    """Hand each claim's `article_head` to its article, for Article.display_name."""
    rows = list(claims)
    for claim in rows:
        claim.article.text_head = getattr(claim, "article_head", "")  # type: ignore[attr-defined]
    return rows


def queue_page(
    *, filters: QueueFilters, user: AbstractBaseUser, params: Mapping[str, str], size: int
) -> tuple[StatusCounts, keyset.KeysetPage]:
    """The queue's status counts and its page at `params` (claims.keyset).

    Usually the counts come first: they say whether the matches are few, to be sorted
    rather than found by walking an index (claim_queue's `sparse`). A search in score
    order is read by the race (selectors_search.page_rows), quick whether the matches are
    few or many: its counts are then read beside the page, at once, on a connection of
    their own, and the page costs the longer of the two reads, not both.
    """
    fetch = partial(selectors_search.page_rows, decorate=with_row_joins)
    claims = claim_queue(filters=filters, user=user)
    if selectors_search.racing(claims):
        counts_of = selectors_search.beside(
            claims.db, lambda: queue_status_counts(filters=filters, user=user)
        )
        page = keyset.page(claims, queue_order(filters), params, size=size, fetch=fetch)
        return counts_of(), page
    counts = queue_status_counts(filters=filters, user=user)
    if counts.sparse:
        claims = claim_queue(filters=filters, user=user, sparse=True)
    order = queue_order(filters, sparse=counts.sparse)
    return counts, keyset.page(claims, order, params, size=size, fetch=fetch)


def queue_status_counts(*, filters: QueueFilters, user: AbstractBaseUser) -> StatusCounts:
    """Claims per status under every filter but the status one (selectors_counts)."""
    return selectors_counts.status_counts(
        filters=filters, filtered=lambda: _filtered(filters, user)
    )


def _filtered(filters: QueueFilters, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The one place the queue's (and the API list's) filters become a query."""
    claims = Claim.objects.all()
    if filters.kind:
        claims = claims.filter(kind_q(filters.kind))
    if filters.min_score is not None:
        claims = claims.filter(score__gte=filters.min_score)
    if filters.assignee == "me":
        claims = claims.filter(assignee=user)
    elif filters.assignee == "none":
        claims = claims.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        claims = claims.filter(assignee_id=int(filters.assignee))
    if filters.outlet:
        claims = claims.filter(article__outlet=filters.outlet)
    if filters.date_from:
        claims = claims.filter(article__published__gte=filters.date_from)
    if filters.date_to:
        claims = claims.filter(article__published__lte=filters.date_to)
    if filters.verdict == "none":
        claims = claims.filter(verdict__isnull=True)
    elif filters.verdict.isdigit():
        claims = claims.filter(verdict_id=int(filters.verdict))
    if filters.article:
        claims = claims.filter(article_id=filters.article)
    if filters.matches:
        claims = selectors_matching.filter_claims(claims, filters.matches)
    return claim_search(claims, filters.q)


def kind_q(kind: str) -> Q:
    """Claims whose kinds include `kind`: jsonb containment (GIN index, migration 0010)
    on PostgreSQL; on SQLite, which has no JSON containment, the quoted name in the
    stored list (the kinds are fixed lowercase words, so it matches one element)."""
    if connection.vendor == "postgresql":
        return Q(kinds__contains=[kind])
    return Q(kinds__icontains=f'"{kind}"')


def reviewers() -> QuerySet:
    """People who can review (for assignee pickers)."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="change_claim")
            | Q(user_permissions__codename="change_claim"),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class Person:
    pk: int
    username: str

    def get_username(self) -> str:
        return self.username


@dataclass(frozen=True)
class Choice:
    pk: int
    name: str


@dataclass(frozen=True)
class QueueOptions:
    reviewers: list[Person]
    outlets: list[str]
    ratings: list[Choice]


# The queue's pickers change rarely (a new reviewer, outlet or rating scale); kept in the
# cache for this long so that a page runs its six queries (issue 14), not nine.
OPTIONS_SECONDS = 60
QUEUE_OPTIONS_KEY = "claims:queue-options"


def queue_options() -> QueueOptions:
    """Reviewers, outlets and the active scale's ratings for the queue's pickers; at most
    OPTIONS_SECONDS old."""
    found = cache.get(QUEUE_OPTIONS_KEY)
    if found is None:
        found = QueueOptions(
            reviewers=[Person(u.pk, u.get_username()) for u in reviewers()],
            outlets=outlets(),
            ratings=[
                Choice(r.pk, r.name)
                for r in Rating.objects.filter(scale__is_active=True).order_by("position")
            ],
        )
        cache.set(QUEUE_OPTIONS_KEY, found, OPTIONS_SECONDS)
    return found


# The evidence form's known-source picker: the sources used last, kept in the cache until
# services.reviews uses or adds one (or for OPTIONS_SECONDS, for an edit in the admin).
RECENT_SOURCES = 200
RECENT_SOURCES_KEY = "claims:recent-sources"


def recent_sources() -> list[tuple[int, str]]:
    """(id, name) of the RECENT_SOURCES sources used or added last, the last first."""
    found = cache.get(RECENT_SOURCES_KEY)
    if found is None:
        found = [
            (source.pk, str(source))
            for source in Source.objects.order_by("-updated_at", "-id")[:RECENT_SOURCES]
        ]
        cache.set(RECENT_SOURCES_KEY, found, OPTIONS_SECONDS)
    return found


def outlets() -> list[str]:
    return list(
        Article.objects.exclude(outlet="")
        .order_by("outlet")
        .values_list("outlet", flat=True)
        .distinct()[:200]
    )


def active_ratings() -> list[Rating]:
    scale = RatingScale.objects.filter(is_active=True).first()
    return list(scale.ratings.order_by("position")) if scale else []


# --- The article reader ----------------------------------------------------------------


@dataclass(slots=True)
class Piece:
    """One token of a claim's text with its facts marked: a run of text ("text"), or the
    opening ("open") or closing ("close") of one fact's mark. `continued`: this opening
    goes on with a fact whose mark had to be closed (it overlaps another fact without
    either holding the other), so the one fact is shown in two marks."""

    kind: str
    text: str = ""
    fact: Fact | ReaderFact | None = None
    continued: bool = False


@dataclass
class Segment:
    text: str
    claim: Claim | None = None
    # The claim's text with its facts as nested marks; empty: no fact is marked in it.
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Reader:
    article: Article
    claims: list[Claim]
    segments: list[Segment]
    checks: list[ConsistencyCheck]
    checks_by_claim: dict[int, list[ConsistencyCheck]] = field(default_factory=dict)
    fact_total: int = 0


# What the reader shows of a claim (each claim's other columns stay in the database).
READER_CLAIM_COLUMNS = (
    "id",
    "article_id",
    "position",
    "start",
    "end",
    "text",
    "kinds",
    "score",
    "status",
    "stale_verdict",
    "orphaned",
    "derived_mixed",
    "verdict",
    "verdict__name",
    "derived_verdict",
    "derived_verdict__name",
    "assignee",
    "assignee__username",
)


@dataclass(slots=True)
class ReaderFact:
    """A fact as the reader shows it (article_reader reads facts as rows)."""

    pk: int
    claim_id: int
    kind: str
    start: int
    end: int
    text: str
    status: str
    stale_verdict: bool
    orphaned: bool
    verdict_name: str | None
    differs: bool = False  # a figure another outlet's linked report gives otherwise
    marked: bool = False  # nest_facts: marked inside its claim in the text
    review_url: str = ""  # the view's: where the fact is reviewed


READER_FACT_COLUMNS = (
    "id",
    "claim_id",
    "kind",
    "start",
    "end",
    "text",
    "status",
    "stale_verdict",
    "orphaned",
    "verdict__name",
)


# Nesting order of facts over the same characters: the wider kinds hold the narrower.
FACT_NESTING = {kind: rank for rank, kind in enumerate(FactKind.values)}


def article_reader(*, article_id: int) -> Reader:
    """The article, its claims with their facts, and its checks, in a fixed number of
    queries whatever the number of claims and facts: the article (which says whether it
    has checks), its claims (with their match flags), the facts of all of them, and, only
    when it has any, its checks with the claims each concerns."""
    article = (
        Article.objects.select_related("import_job", "revision_of", "next_revision")
        .annotate(has_checks=Exists(ConsistencyCheck.objects.filter(article=OuterRef("pk"))))
        .get(pk=article_id)
    )
    # The match flags come with the claims (correlated subqueries per claim of this one
    # article), not as a query of their own.
    reported = (
        ClaimMatch.objects.filter(claim=OuterRef("pk"), other__isnull=False)
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    claims = list(
        article.claims.select_related("verdict", "derived_verdict", "assignee")
        .only(*READER_CLAIM_COLUMNS)
        .annotate(
            flag_reported=Coalesce(Subquery(reported), 0),
            flag_differ=selectors_matching.differ_exists(),
            flag_checked=selectors_matching.checked_exists(),
        )
        .order_by("start", "position")
    )
    # The facts as rows, not model instances: a dense article has hundreds, and the
    # reader only shows them (each instance would cost more than its row).
    facts = (
        Fact.objects.filter(claim__article_id=article.pk)
        .annotate(differs=selectors_matching.fact_differs())
        .order_by("claim_id", "position", "id")
        .values_list(*READER_FACT_COLUMNS, "differs")
    )
    facts_by_claim: dict[int, list[ReaderFact]] = {}
    fact_total = 0
    for row in facts:
        fact = ReaderFact(*row)
        facts_by_claim.setdefault(fact.claim_id, []).append(fact)
        fact_total += 1
    checks, by_claim = _article_checks(article)
    for claim in claims:
        claim.consistency = by_claim.get(claim.pk, [])  # type: ignore[attr-defined]
        claim.fact_list = facts_by_claim.get(claim.pk, [])  # type: ignore[attr-defined]
        flags = selectors_matching.Flags(
            claim.flag_reported,  # type: ignore[attr-defined]
            claim.flag_differ,  # type: ignore[attr-defined]
            claim.flag_checked,  # type: ignore[attr-defined]
        )
        claim.match_flags = flags if flags != selectors_matching.Flags() else None  # type: ignore[attr-defined]
    return Reader(
        article=article,
        claims=sorted(claims, key=lambda c: c.position),
        segments=split_into_segments(article.text, claims),
        checks=checks,
        checks_by_claim=by_claim,
        fact_total=fact_total,
    )


def _article_checks(
    article: Article,
) -> tuple[list[ConsistencyCheck], dict[int, list[ConsistencyCheck]]]:
    """The article's checks, and each claim's, in one query (a row per check and claim
    it concerns), or none when the article has no checks (`has_checks`)."""
    checks: dict[int, ConsistencyCheck] = {}
    by_claim: dict[int, list[ConsistencyCheck]] = {}
    if not getattr(article, "has_checks", True):
        return [], by_claim
    rows = (
        ConsistencyCheck.objects.filter(article=article)
        .annotate(claim_ref=F("claims__id"))
        .order_by("pk", "claim_ref")
    )
    for row in rows:
        check = checks.setdefault(row.pk, row)
        if row.claim_ref is not None:  # type: ignore[attr-defined]
            by_claim.setdefault(row.claim_ref, []).append(check)  # type: ignore[attr-defined]
    return list(checks.values()), by_claim


def split_into_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The text cut into plain runs and claim runs; a claim overlapping an earlier one is
    left unhighlighted (it is still listed beside the text). A claim's facts (its
    `fact_list`, when given) are marked inside its run (nest_facts)."""
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if claim.start < cursor or claim.end > len(text):
            continue
        if claim.start > cursor:
            segments.append(Segment(text[cursor : claim.start]))
        facts = getattr(claim, "fact_list", [])
        pieces = nest_facts(text, claim.start, claim.end, facts) if facts else []
        segments.append(Segment(text[claim.start : claim.end], claim, pieces))
        cursor = claim.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def nest_facts(text: str, start: int, end: int, facts: Iterable[Fact | ReaderFact]) -> list[Piece]:
    """text[start:end] as pieces with each fact inside it a mark, nested as HTML needs.

    A fact holding another (a figure inside a comparison) holds its mark; two facts that
    overlap without either holding the other (allowed between kinds) cannot both be one
    element, so the later one's mark is closed where the earlier ends and opened again
    (`continued`). A fact outside text[start:end] (which the services never store) is
    not marked; each fact gets `marked`. Empty when no fact is marked.
    """
    inside = []
    for fact in facts:
        fact.marked = start <= fact.start < fact.end <= end  # type: ignore[attr-defined]
        if fact.marked:  # type: ignore[attr-defined]
            inside.append(fact)
    if not inside:
        return []
    # Outer before inner: the earlier start, then the longer span, then the kind.
    inside.sort(key=lambda f: (f.start, -f.end, FACT_NESTING.get(f.kind, 99), f.pk))
    bounds = sorted({start, end, *(f.start for f in inside), *(f.end for f in inside)})
    pieces: list[Piece] = []
    stack: list[Fact] = []
    opened: set[int] = set()
    for left, right in pairwise(bounds):
        wanted = [f for f in inside if f.start <= left and right <= f.end]
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        pieces.extend(Piece("close") for _ in stack[keep:])
        del stack[keep:]
        for fact in wanted[keep:]:
            pieces.append(Piece("open", fact=fact, continued=fact.pk in opened))
            opened.add(fact.pk)
            stack.append(fact)
        pieces.append(Piece("text", text[left:right]))
    pieces.extend(Piece("close") for _ in stack)
    return pieces


# --- The review page -------------------------------------------------------------------


@dataclass
class HistoryEntry:
    who: str
    when: datetime.datetime
    what: str
    changes: list[tuple[str, str, str]]


@dataclass
class Review:
    claim: Claim
    paragraph_before: str
    paragraph_after: str
    evidence: list[Evidence]
    comments: list
    checks: list[ConsistencyCheck]
    history: list[HistoryEntry]


HISTORY_FIELDS = ["status", "assignee", "verdict", "rationale", "verdict_by", "approved_by"]


HISTORY_LIMIT = 200  # the latest changes of each kind a review page lists


def claim_review(*, claim_id: int) -> Review:
    """The claim for its review page, in three queries: the claim with its article,
    ratings and people, and its comments, checks and evidence log (as JSON columns of the
    same row: db_aggregates.json_rows); its evidence (with sources and their archived
    copies); its history."""
    claim = (
        Claim.objects.select_related("article", "verdict", "assignee", "verdict_by", "approved_by")
        .annotate(
            comment_rows=json_rows(
                Comment.objects.filter(claim_id=OuterRef("pk")), **COMMENT_COLUMNS
            ),
            check_rows=json_rows(
                ConsistencyCheck.objects.filter(claims=OuterRef("pk")), **CHECK_COLUMNS
            ),
            evidence_log=json_rows(
                _latest(Evidence.history.filter(claim_id=OuterRef(OuterRef("pk")))),
                **EVIDENCE_LOG_COLUMNS,
            ),
        )
        .get(pk=claim_id)
    )
    text = claim.article.text
    para_start = text.rfind("\n\n", 0, claim.start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", claim.end)
    para_end = len(text) if para_end < 0 else para_end
    evidence = list(
        claim.evidence.select_related(
            "source", "added_by", "source__archive__snapshot", "source__archive__changed_snapshot"
        ).order_by("created_at")
    )
    return Review(
        claim=claim,
        paragraph_before=text[para_start : claim.start],
        paragraph_after=text[claim.end : para_end],
        evidence=evidence,
        comments=_comments(claim, claim.comment_rows),  # type: ignore[attr-defined]
        checks=_checks(claim.check_rows),  # type: ignore[attr-defined]
        history=claim_history(
            claim=claim,
            evidence=[evidence_entry(**row) for row in rows_of(claim.evidence_log)],  # type: ignore[attr-defined]
        ),
    )


COMMENT_COLUMNS = {
    "id": "id",
    "fact_id": "fact_id",
    "author_id": "author_id",
    "author": "author__username",
    "text": "text",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
CHECK_COLUMNS = {name: name for name in ("id", "article_id", "check_name", "result", "detail")}
EVIDENCE_LOG_COLUMNS = {
    "who": "history_user__username",
    "when": "history_date",
    "change": "history_type",
    "stance": "stance",
    "title": "source__title",
    "url": "source__url",
}


def _latest(records: QuerySet) -> QuerySet:
    """The HISTORY_LIMIT latest of `records` (a historical model's rows)."""
    latest = records.order_by("-history_date").values("pk")[:HISTORY_LIMIT]
    return records.model.objects.filter(pk__in=Subquery(latest))


def _comments(claim: Claim, rows: list[dict] | None) -> list[Comment]:
    comments = []
    for row in rows_of(rows):
        comment = Comment(
            id=row["id"],
            claim=claim,
            fact_id=row["fact_id"],
            author_id=row["author_id"],
            text=row["text"],
            created_at=moment(row["created_at"]),
            updated_at=moment(row["updated_at"]),
        )
        comment._state.adding, comment._state.db = False, "default"
        if row["author_id"] is not None:
            comment.author = get_user_model()(id=row["author_id"], username=row["author"])
        comments.append(comment)
    return sorted(comments, key=lambda c: (c.created_at, c.pk))


def _checks(rows: list[dict] | None) -> list[ConsistencyCheck]:
    checks = []
    for row in rows_of(rows):
        check = ConsistencyCheck(**row)
        check._state.adding, check._state.db = False, "default"
        checks.append(check)
    return sorted(checks, key=lambda c: c.pk)


def claim_history(
    *, claim: Claim, evidence: list[HistoryEntry] | None = None
) -> list[HistoryEntry]:
    """Every recorded change to the claim and its evidence (the latest HISTORY_LIMIT of
    each), newest first, with before/after. `evidence`: the evidence log, when it was read
    with the claim (claim_review)."""
    records = list(
        claim.history.select_related(*HISTORY_JOINS).order_by("-history_date")[:HISTORY_LIMIT]
    )
    entries = history_entries(
        records[::-1],
        lambda record, previous: [
            (change.field, shown(previous, change.field), shown(record, change.field))
            for change in record.diff_against(previous, included_fields=HISTORY_FIELDS).changes
        ],
    )
    if evidence is None:
        evidence = evidence_entries(Evidence.history.filter(claim_id=claim.pk))
    return sorted(entries + evidence, key=lambda e: e.when, reverse=True)


# What a history record is read with: who made the change, and the names its fields show.
PEOPLE = ("assignee", "verdict_by", "approved_by")
HISTORY_JOINS = ("history_user", "verdict", *PEOPLE)
CHANGES = {"+": "created", "~": "changed", "-": "deleted"}
EVIDENCE_CHANGES = {"+": "added", "~": "changed", "-": "removed"}


def history_entries(
    records: list[Any], changes: Callable[[Any, Any], list[tuple[str, str, str]]]
) -> list[HistoryEntry]:
    """One entry per record (oldest first), with changes(record, previous) after the first."""
    entries = []
    previous = None
    for record in records:
        what = record.history_change_reason or CHANGES[record.history_type]
        found = changes(record, previous) if previous is not None else []
        entries.append(HistoryEntry(_who(record.history_user), record.history_date, what, found))
        previous = record
    return entries


def evidence_entries(records: QuerySet) -> list[HistoryEntry]:
    """An entry per change to evidence (the latest HISTORY_LIMIT of `records`)."""
    rows = _latest(records).values_list(*EVIDENCE_LOG_COLUMNS.values())
    return [evidence_entry(**dict(zip(EVIDENCE_LOG_COLUMNS, row, strict=True))) for row in rows]


def evidence_entry(
    *,
    who: str | None,
    when: str | datetime.datetime,
    change: str,
    stance: str,
    title: str | None,
    url: str | None,
) -> HistoryEntry:
    """Evidence added, changed or removed: its stance and source (EVIDENCE_LOG_COLUMNS)."""
    stance_shown = dict(Evidence.Stance.choices).get(stance, stance)
    return HistoryEntry(
        who or "system",
        when if isinstance(when, datetime.datetime) else moment(when),
        f"evidence {EVIDENCE_CHANGES[change]}: {stance_shown} — {title or url or '?'}",
        [],
    )


def shown(record: Any, name: str) -> str:
    """A history record's value of a field as a person reads it: a status's label, a
    rating's or a person's name (joined with the record: HISTORY_JOINS)."""
    named = name == "verdict" or name in PEOPLE
    value = getattr(record, f"{name}_id" if named else name)
    if value in (None, ""):
        return "—"
    if name == "status":
        return ClaimStatus(value).label
    if name == "verdict":
        rating = record.verdict
        return rating.name if rating is not None else f"rating {value}"
    if name in PEOPLE:
        person = getattr(record, name)
        return person.get_username() if person is not None else f"user {value}"
    return str(value)


def _who(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "system"


# --- Dashboard -------------------------------------------------------------------------


@dataclass
class Dashboard:
    status_counts: list[tuple[str, str, int]]
    verdict_counts: list[tuple[str, int, int]]  # name, count, percent of the largest
    reviewed_this_week: list[tuple[str, int]]
    import_jobs: list[ImportJob]
    export_jobs: list[ExportJob]


def dashboard(*, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    # Exact totals from the tally (selectors_counts): a few hundred rows, not every claim.
    by_status: dict[str, int] = {}
    named: dict[str, int] = {}
    for status, verdict_id, name, n in selectors_counts.tally_with_rating_names():
        by_status[status] = by_status.get(status, 0) + n
        if verdict_id:
            name = name or f"rating {verdict_id}"
            named[name] = named.get(name, 0) + n
    verdicts = sorted(named.items(), key=lambda item: (-item[1], item[0]))
    top = max((n for _, n in verdicts), default=0)
    # Claims each person submitted for approval this week: one row per person, kept by
    # services.reviews (ReviewerWeek), not counted over the week's history.
    reviewed = list(
        ReviewerWeek.objects.filter(week=review_week(now), claims__gt=0)
        .order_by("-claims", "user__username")
        .values_list("user__username", "claims")
    )
    running = [JobStatus.PENDING, JobStatus.RUNNING]
    return Dashboard(
        status_counts=[(s.value, s.label, by_status.get(s.value, 0)) for s in ClaimStatus],
        verdict_counts=[(name, n, round(100 * n / top) if top else 0) for name, n in verdicts],
        reviewed_this_week=reviewed,
        import_jobs=list(
            ImportJob.objects.filter(
                Q(status__in=running) | Q(finished_at__gte=now - datetime.timedelta(hours=1))
            ).select_related("requested_by")[:20]
        ),
        # Editors' only: the dashboard view adds them (selectors_export_jobs.recent_exports).
        export_jobs=[],
    )
