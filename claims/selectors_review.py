"""Reads for the review workbench: queue, reader, review page, dashboard. Nothing writes.

Every page runs a fixed number of queries whatever the number of claims: related rows
come with select_related / prefetch_related, counts with one GROUP BY.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from claims import selectors_matching
from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    ImportJob,
    JobStatus,
    Rating,
    RatingScale,
    Source,
)

KINDS = ("quantity", "attribution", "comparison", "enumeration", "factual")
SORTS = {
    "worthiness": ("-score", "pk"),
    "least-worthy": ("score", "pk"),
    "newest": ("-article__published", "-article_id", "position"),
    "article": ("article_id", "position"),
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


def claim_queue(*, filters: QueueFilters, user: AbstractBaseUser) -> QuerySet[Claim]:
    claims = _filtered(filters, user)
    if filters.status:
        claims = claims.filter(status=filters.status)
    return claims.select_related("article", "verdict", "assignee").order_by(
        *SORTS.get(filters.sort, SORTS["worthiness"])
    )


def queue_status_counts(*, filters: QueueFilters, user: AbstractBaseUser) -> dict[str, int]:
    """Claims per status under every filter but the status one (one GROUP BY)."""
    rows = _filtered(filters, user).order_by().values_list("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ClaimStatus.values, 0)
    counts.update(dict(rows))
    return counts


def _filtered(filters: QueueFilters, user: AbstractBaseUser) -> QuerySet[Claim]:
    claims = Claim.objects.all()
    if filters.kind:
        # kinds is a JSON list; the quoted name matches one element on SQLite and PostgreSQL.
        claims = claims.filter(kinds__icontains=f'"{filters.kind}"')
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
    if filters.q:
        # Word-by-word contains: every word must appear in the claim or its article title.
        for word in filters.q.split()[:8]:
            claims = claims.filter(Q(text__icontains=word) | Q(article__title__icontains=word))
    return claims


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


@dataclass
class Segment:
    text: str
    claim: Claim | None = None


@dataclass
class Reader:
    article: Article
    claims: list[Claim]
    segments: list[Segment]
    checks: list[ConsistencyCheck]
    checks_by_claim: dict[int, list[ConsistencyCheck]] = field(default_factory=dict)


def article_reader(*, article_id: int) -> Reader:
    article = Article.objects.select_related("import_job", "revision_of", "next_revision").get(
        pk=article_id
    )
    claims = list(
        article.claims.select_related("verdict", "assignee").order_by("start", "position")
    )
    checks = list(article.checks.prefetch_related(Prefetch("claims", Claim.objects.only("pk"))))
    by_claim: dict[int, list[ConsistencyCheck]] = {}
    for check in checks:
        for claim in check.claims.all():
            by_claim.setdefault(claim.pk, []).append(check)
    flags = selectors_matching.match_flags(claim_ids=[c.pk for c in claims])
    for claim in claims:
        claim.consistency = by_claim.get(claim.pk, [])  # type: ignore[attr-defined]
        claim.match_flags = flags.get(claim.pk)  # type: ignore[attr-defined]
    return Reader(
        article=article,
        claims=sorted(claims, key=lambda c: c.position),
        segments=split_into_segments(article.text, claims),
        checks=checks,
        checks_by_claim=by_claim,
    )


def split_into_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The text cut into plain runs and claim runs; a claim overlapping an earlier one is
    left unhighlighted (it is still listed beside the text)."""
    segments: list[Segment] = []
    cursor = 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if claim.start < cursor or claim.end > len(text):
            continue
        if claim.start > cursor:
            segments.append(Segment(text[cursor : claim.start]))
        segments.append(Segment(text[claim.start : claim.end], claim))
        cursor = claim.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


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


def claim_review(*, claim_id: int) -> Review:
    claim = Claim.objects.select_related(
        "article", "verdict", "assignee", "verdict_by", "approved_by"
    ).get(pk=claim_id)
    text = claim.article.text
    para_start = text.rfind("\n\n", 0, claim.start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", claim.end)
    para_end = len(text) if para_end < 0 else para_end
    evidence = list(claim.evidence.select_related("source", "added_by").order_by("created_at"))
    comments = list(claim.comments.select_related("author"))
    checks = list(claim.checks.all())
    return Review(
        claim=claim,
        paragraph_before=text[para_start : claim.start],
        paragraph_after=text[claim.end : para_end],
        evidence=evidence,
        comments=comments,
        checks=checks,
        history=claim_history(claim=claim),
    )


def claim_history(*, claim: Claim, limit: int = 200) -> list[HistoryEntry]:
    """Every recorded change to the claim and its evidence, newest first, with before/after."""
    ratings = dict(Rating.objects.values_list("pk", "name"))
    users = {u.pk: u.get_username() for u in reviewers()} | {}
    records = list(claim.history.select_related("history_user").order_by("history_date")[:limit])
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for change in record.diff_against(previous, included_fields=HISTORY_FIELDS).changes:
                changes.append(
                    (
                        change.field,
                        _shown(change.field, change.old, ratings, users),
                        _shown(change.field, change.new, ratings, users),
                    )
                )
        what = (
            record.history_change_reason
            or {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        )
        entries.append(HistoryEntry(_who(record.history_user), record.history_date, what, changes))
        previous = record
    evidence_records = (
        Evidence.history.filter(claim_id=claim.pk)
        .select_related("history_user", "source")
        .order_by("history_date")[:limit]
    )
    for record in evidence_records:
        verb = {"+": "added", "~": "changed", "-": "removed"}[record.history_type]
        entries.append(
            HistoryEntry(
                _who(record.history_user),
                record.history_date,
                f"evidence {verb}: {record.get_stance_display()} — {record.source}",
                [],
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _who(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else "system"


def _shown(name: str, value: object, ratings: dict, users: dict) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        return ClaimStatus(value).label
    if name == "verdict":
        return ratings.get(value, str(value))
    if name in ("assignee", "verdict_by", "approved_by"):
        return users.get(value, f"user {value}")
    return str(value)


def known_sources(*, limit: int = 200) -> list[Source]:
    return list(Source.objects.order_by("-updated_at")[:limit])


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
    by_status = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("pk")))
    verdicts = list(
        Claim.objects.filter(verdict__isnull=False)
        .order_by()
        .values_list("verdict__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    top = max((n for _, n in verdicts), default=0)
    week_start = (now - datetime.timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    # A claim counts as reviewed by the person who submitted its verdict this week.
    reviewed = list(
        Claim.history.filter(
            history_date__gte=week_start,
            status=ClaimStatus.AWAITING_APPROVAL,
            history_user__isnull=False,
        )
        .order_by()
        .values_list("history_user__username")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n")
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
        export_jobs=list(
            ExportJob.objects.filter(status__in=running).select_related("requested_by")[:20]
        ),
    )
