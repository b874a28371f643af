"""Reads for the REST API that the workbench pages do not need. Nothing here writes.

The claim queue, the review page and the reader have their selectors in
`selectors_review`; this module adds the lists a script needs (articles, facts, sources,
evidence, comments, checks, jobs). Each returns a lazy queryset with its related rows
joined, so a paginated page runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left, Trim
from django.db.models.lookups import Exact

from claims import selectors_matching
from claims.display import NAME_LIMIT
from claims.models import (
    Article,
    Claim,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    Fact,
    ImportJob,
    Rating,
    RatingScale,
    Source,
)

# An article's revision chain shown with it; longer chains are cut (newest kept).
MAX_REVISIONS = 50


@dataclass(frozen=True)
class ArticleFilters:
    outlet: str = ""
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    import_job: int | None = None
    include_superseded: bool = False
    q: str = ""


def text_head(title: str, text: str) -> Case:
    """The first characters of an untitled article's text (Article.display_name); for a
    titled one nothing, so that its text (compressed, out of line) is never read."""
    untitled = Exact(Trim(title), Value(""))
    return Case(When(untitled, then=Left(text, NAME_LIMIT * 4)), default=Value(""))


def articles_for_list(articles: QuerySet[Article]) -> QuerySet[Article]:
    """A list's articles without their text, each with `claim_total` (its claims, counted
    per row by a correlated subquery: only the rows of the page are counted, through the
    claims' article index, never every article's claims before the LIMIT) and
    `text_head` (enough text for Article.display_name of an untitled article)."""
    per_article = (
        Claim.objects.filter(article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return articles.annotate(
        claim_total=Coalesce(Subquery(per_article), 0),
        text_head=text_head("title", "text"),
    ).defer("text")


def article_list(*, filters: ArticleFilters) -> QuerySet[Article]:
    articles = articles_for_list(Article.objects.all())
    if not filters.include_superseded:
        articles = articles.filter(superseded=False)
    if filters.outlet:
        articles = articles.filter(outlet=filters.outlet)
    if filters.published_from:
        articles = articles.filter(published__gte=filters.published_from)
    if filters.published_to:
        articles = articles.filter(published__lte=filters.published_to)
    if filters.import_job:
        articles = articles.filter(import_job_id=filters.import_job)
    for word in filters.q.split()[:8]:
        articles = articles.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return articles


def article_detail(*, article_id: int) -> Article:
    """The article with its claims (in order) and its consistency checks prefetched."""
    return (
        Article.objects.prefetch_related(
            Prefetch(
                "claims",
                Claim.objects.select_related("verdict", "derived_verdict", "assignee").order_by(
                    "position"
                ),
            ),
            Prefetch("checks", ConsistencyCheck.objects.prefetch_related("claims")),
        )
        .select_related("revision_of")
        .get(pk=article_id)
    )


def article_revisions(*, article: Article) -> list[Article]:
    """Every revision of the article, oldest first (at most MAX_REVISIONS, newest kept)."""
    chain = [article]
    older = article.revision_of_id
    while older is not None and len(chain) < MAX_REVISIONS:
        previous = Article.objects.only("pk", "revision", "revision_of", "created_at").get(pk=older)
        chain.insert(0, previous)
        older = previous.revision_of_id
    newer = Article.objects.filter(revision_of=article).only("pk", "revision", "created_at")
    current = newer.first()
    while current is not None and len(chain) < MAX_REVISIONS:
        chain.append(current)
        current = (
            Article.objects.filter(revision_of=current).only("pk", "revision", "created_at").first()
        )
    return chain


def source_list(*, q: str = "") -> QuerySet[Source]:
    sources = Source.objects.order_by("-updated_at", "-pk")
    for word in q.split()[:8]:
        sources = sources.filter(
            Q(title__icontains=word) | Q(url__icontains=word) | Q(publisher__icontains=word)
        )
    return sources


def evidence_list(
    *, claim_id: int | None = None, source_id: int | None = None, fact_id: int | None = None
) -> QuerySet:
    """Evidence, oldest first; a claim's includes the evidence of its facts (`fact`)."""
    evidence = Evidence.objects.select_related("source", "added_by").order_by("created_at", "pk")
    if claim_id is not None:
        evidence = evidence.filter(claim_id=claim_id)
    if source_id is not None:
        evidence = evidence.filter(source_id=source_id)
    if fact_id is not None:
        evidence = evidence.filter(fact_id=fact_id)
    return evidence


def comment_list(*, claim_id: int | None = None, fact_id: int | None = None) -> QuerySet[Comment]:
    comments = Comment.objects.select_related("author").order_by("created_at", "pk")
    if claim_id is not None:
        comments = comments.filter(claim_id=claim_id)
    if fact_id is not None:
        comments = comments.filter(fact_id=fact_id)
    return comments


# --- claims and their facts -----------------------------------------------------------


@dataclass(frozen=True)
class FactFilters:
    kind: str = ""  # a FactKind value
    status: str = ""  # a ClaimStatus value
    claim: int | None = None
    article: int | None = None
    verdict: str = ""  # a rating id, "none", or "" for any
    matches: str = ""  # "differ", "checked" (selectors_matching.filter_facts)


def _facts() -> QuerySet[Fact]:
    # `article_id`: the claim's article, for the API's `article` without loading the claim.
    return Fact.objects.select_related("assignee", "verdict", "verdict_by", "approved_by").annotate(
        article_id=F("claim__article_id")
    )


def fact_list(*, filters: FactFilters = FactFilters()) -> QuerySet[Fact]:
    """Facts with what a list row shows joined; the caller orders (cursor pagination by
    id: the fact_kind_id and fact_status_kind_id indexes serve the kind filters)."""
    facts = _facts()
    if filters.kind:
        facts = facts.filter(kind=filters.kind)
    if filters.status:
        facts = facts.filter(status=filters.status)
    if filters.claim is not None:
        facts = facts.filter(claim_id=filters.claim)
    if filters.article is not None:
        facts = facts.filter(claim__article_id=filters.article)
    if filters.verdict == "none":
        facts = facts.filter(verdict__isnull=True)
    elif filters.verdict:
        facts = facts.filter(verdict_id=int(filters.verdict))
    if filters.matches:
        facts = selectors_matching.filter_facts(facts, filters.matches)
    return facts


def claim_facts(*, claim_id: int) -> list[Fact]:
    """The claim's facts in their order in the claim."""
    return list(_facts().filter(claim_id=claim_id).order_by("position", "pk"))


@dataclass(frozen=True)
class FactHistoryEntry:
    who: str
    when: datetime.datetime
    what: str
    changes: list[tuple[str, str, str]]  # (field, before, after)


@dataclass(frozen=True)
class FactReview:
    fact: Fact
    claim: Claim
    evidence: list[Evidence]
    comments: list[Comment]
    history: list[FactHistoryEntry]


# A fact's fields whose changes its history shows (the `fields` JSON one entry per key).
FACT_HISTORY_FIELDS = (
    "status",
    "assignee",
    "verdict",
    "rationale",
    "verdict_by",
    "approved_by",
    "kind",
    "text",
    "statement",
    "fields",
)


def fact_review(*, fact_id: int) -> FactReview:
    """A fact with its claim, evidence, comments and history, in a fixed number of
    queries whatever the length of its history."""
    fact = _facts().get(pk=fact_id)
    claim = Claim.objects.select_related("verdict", "derived_verdict").get(pk=fact.claim_id)
    return FactReview(
        fact=fact,
        claim=claim,
        evidence=list(evidence_list(fact_id=fact.pk)),
        comments=list(comment_list(fact_id=fact.pk)),
        history=fact_history(fact=fact),
    )


def fact_history(*, fact: Fact, limit: int = 200) -> list[FactHistoryEntry]:
    """The fact's recorded changes, oldest first, each with what changed (before, after)."""
    from django.contrib.auth import get_user_model

    records = list(
        fact.history.select_related("history_user").order_by("history_date", "history_id")[:limit]
    )
    rating_ids = {r.verdict_id for r in records if r.verdict_id}
    user_ids = {
        getattr(r, name)
        for r in records
        for name in ("assignee_id", "verdict_by_id", "approved_by_id")
    } - {None}
    ratings = dict(Rating.objects.filter(pk__in=rating_ids).values_list("pk", "name"))
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}

    def shown(name: str, value: object) -> str:
        if value in (None, ""):
            return "—"
        if name == "verdict":
            return ratings.get(value, "—")  # type: ignore[call-overload]
        if name in ("assignee", "verdict_by", "approved_by"):
            return users.get(value, "someone")  # type: ignore[call-overload]
        return str(value)

    entries = []
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=list(FACT_HISTORY_FIELDS))
            for change in delta.changes:
                if change.field == "fields":
                    old = change.old if isinstance(change.old, dict) else {}
                    new = change.new if isinstance(change.new, dict) else {}
                    changes += [
                        (key, shown(key, old.get(key)), shown(key, new.get(key)))
                        for key in sorted(set(old) | set(new))
                        if old.get(key) != new.get(key)
                    ]
                else:
                    changes.append(
                        (
                            change.field,
                            shown(change.field, change.old),
                            shown(change.field, change.new),
                        )
                    )
        what = (
            record.history_change_reason
            or {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]
        )
        user = record.history_user
        who = user.get_username() if user is not None else "system"
        entries.append(FactHistoryEntry(who, record.history_date, what, changes))
        previous = record
    return entries


def rating_scale_list() -> QuerySet[RatingScale]:
    return RatingScale.objects.prefetch_related("ratings").order_by("-is_active", "name")


def check_list(*, article_id: int | None = None, result: str = "") -> QuerySet[ConsistencyCheck]:
    checks = ConsistencyCheck.objects.prefetch_related(
        Prefetch("claims", Claim.objects.only("pk"))
    ).order_by("article_id", "pk")
    if article_id is not None:
        checks = checks.filter(article_id=article_id)
    if result:
        checks = checks.filter(result=result)
    return checks


def import_job_list() -> QuerySet[ImportJob]:
    return ImportJob.objects.select_related("requested_by").order_by("-created_at", "-pk")


def export_job_list() -> QuerySet[ExportJob]:
    return ExportJob.objects.select_related("requested_by").order_by("-created_at", "-pk")


def rating_list(*, active: bool | None = None) -> QuerySet[Rating]:
    ratings = Rating.objects.order_by("scale_id", "position", "pk")
    if active is not None:
        ratings = ratings.filter(scale__is_active=active)
    return ratings
