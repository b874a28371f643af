"""The workbench's data model.

Structured extraction results (quantities, attributions, dates, comparisons, enumerations)
are stored as JSON on the claim, in exactly the shape `manage.py extract` prints: they are
always read together with their claim, never joined on, and their shape is owned by the
pure extraction package. `kinds` is a JSON list too; selectors filter it by containment
(jsonb @> with a GIN index) on PostgreSQL, by a text match on the quoted kind name on SQLite.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from claims.display import article_display_name


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Article(TimeStamped):
    """An imported article. `text` is kept exactly as normalised once at import."""

    text = models.TextField()
    # sha256 of `text`: importing the same article again never creates a second row.
    content_hash = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    import_job = models.ForeignKey(
        "ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source_item = models.CharField(
        max_length=500, blank=True, help_text="The file or URL the article came from."
    )
    # Revisions: the same URL (or title + outlet + date) with changed text is stored as a
    # new Article pointing at the one it replaces; the replaced one is `superseded`.
    revision_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_revision",
    )
    revision = models.PositiveIntegerField(default=1)
    superseded = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [
            models.Index(fields=["outlet", "published"]),
            models.Index(fields=["url"], name="article_url_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The one name every screen shows (claims.display.article_display_name).

        A list that defers `text` annotates ``text_head`` (the first characters) instead,
        so an untitled row does not load its text with a query of its own."""
        if self.title.strip():
            return article_display_name(self.title, "")
        head = getattr(self, "text_head", None)
        if head is not None and "text" in self.get_deferred_fields():
            return article_display_name(self.title, head)
        return article_display_name(self.title, self.text)


class RatingScale(TimeStamped):
    """A configurable verdict scale. Exactly one scale is active for new verdicts."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    best_value = models.IntegerField(help_text="ClaimReview bestRating.")
    worst_value = models.IntegerField(help_text="ClaimReview worstRating.")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_rating_scale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    """One step of a scale. `value` is None for ratings off the numeric scale (Unverifiable)."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    name = models.CharField(max_length=100)
    value = models.IntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "name"], name="rating_name_unique_in_scale")
        ]

    def __str__(self) -> str:
        return self.name


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    DISMISSED = "dismissed", "Dismissed"


class Reviewed(TimeStamped):
    """What claims and facts share: the review workflow's state (claims.services.reviews
    is the one place that changes it), the verdict, and how a revision re-anchored it."""

    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_%(class)ss",
    )
    verdict = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    rationale = models.TextField(blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How it was last placed: "" when extracted from this text, else how it was
    # re-anchored from a previous revision ("exact", "context", "fuzzy").
    anchor = models.CharField(max_length=10, blank=True)
    # Its wording changed in a new revision after it got a verdict: re-check the verdict.
    stale_verdict = models.BooleanField(default=False)
    # Not found in the newer revision of its article; kept there, never deleted.
    orphaned = models.BooleanField(default=False)
    # Optimistic locking: every review write bumps it; a write based on an old version
    # is refused instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Claim(Reviewed):
    """A checkable statement, anchored to its exact characters in the article.

    Invariant: article.text[start:end] == text. The quote selector (quote_prefix, text,
    quote_suffix) re-anchors the claim when a new revision of the article arrives.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveIntegerField(help_text="Order of the claim in its article.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    kinds = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0.0, help_text="Check-worthiness, 0 to 1.")
    quantities = models.JSONField(default=list, blank=True)
    attributions = models.JSONField(default=list, blank=True)
    dates = models.JSONField(default=list, blank=True)
    comparisons = models.JSONField(default=list, blank=True)
    enumerations = models.JSONField(default=list, blank=True)
    # The verdict derived from the claim's facts (claims.services.facts.reviews.claim_derive_verdict),
    # kept by the services whenever a fact's verdict or state changes. It is the claim's
    # verdict while no editor set `verdict`; `derived_mixed` says its facts disagree.
    derived_verdict = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    derived_mixed = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["quantities", "attributions", "dates"])

    class Meta:
        # By column, not by the article: "article" would order by the article's own
        # ordering (published, id), a join no index can serve.
        ordering = ["article_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_span_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
        ]
        # One index per order the lists page by (selectors_review.SORTS, keyset pages):
        # a page is an index range scan, whatever its depth. The article orders use the
        # article_id index (then an incremental sort of one article's few claims).
        # PostgreSQL's search and containment indexes (GIN) are created by migration 0010
        # only there.
        indexes = [
            models.Index(fields=["-score", "id"], name="claim_score_id"),
            models.Index(fields=["status", "-score", "id"], name="claim_status_score_id"),
        ]
        # The review workflow's editor-only steps (see claims.services.reviews).
        permissions = [
            ("approve_claim", "Can approve or reject a proposed verdict"),
            ("publish_claim", "Can publish an approved verdict"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def effective_verdict(self) -> Rating | None:
        """The verdict the claim stands with: an editor's, else the one its facts give."""
        return self.verdict if self.verdict_id else self.derived_verdict

    @property
    def verdict_origin(self) -> str:
        """ "editor" (set on the claim), "facts" (derived from its facts) or ""."""
        if self.verdict_id:
            return VerdictOrigin.EDITOR
        return VerdictOrigin.FACTS if self.derived_verdict_id else ""


class VerdictOrigin(models.TextChoices):
    EDITOR = "editor", "Set by a reviewer"
    FACTS = "facts", "Derived from its facts"


class FactKind(models.TextChoices):
    FIGURE = "figure", "Figure"
    ATTRIBUTION = "attribution", "Attribution"
    DATE = "date", "Date or event"
    COMPARISON = "comparison", "Comparison or superlative"
    LIST = "list", "List"


class FactOrigin(models.TextChoices):
    EXTRACTED = "extracted", "Found at import"
    REVIEWER = "reviewer", "Added by a reviewer"


class Fact(Reviewed):
    """One checkable fact inside a claim: a figure, an attribution, a date, a comparison
    or superlative, or a list (claims.extraction.facts).

    Invariants, kept by claims.services.facts: article.text[start:end] == text, where the
    article is the claim's; claim.start <= start < end <= claim.end; two facts of the same
    kind in one claim share no character. `fields` holds the kind's structured fields
    (docs/extraction-contract.md). A fact has its own evidence, comments, history, and
    the claim's workflow, roles and optimistic locking (claims.services.reviews): its
    verdict is its own, and the claim's derived verdict follows from them.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="facts")
    position = models.PositiveIntegerField(default=0, help_text="Order in its claim.")
    kind = models.CharField(max_length=20, choices=FactKind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    statement = models.TextField(blank=True, help_text="The fact as a reader would state it.")
    fields = models.JSONField(default=dict, blank=True)
    origin = models.CharField(
        max_length=20, choices=FactOrigin.choices, default=FactOrigin.EXTRACTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "kind", "start", "end"], name="fact_span_unique"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="fact_span_not_empty"),
        ]
        indexes = [
            models.Index(fields=["claim", "position"], name="fact_claim_position"),
            models.Index(fields=["status", "kind", "id"], name="fact_status_kind_id"),
            models.Index(fields=["kind", "id"], name="fact_kind_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"


class ClaimTally(models.Model):
    """How many claims have each status, score decile and verdict: the totals the queue's
    status tabs and the dashboard show, read from a few hundred rows instead of counted
    over millions.

    Kept by database triggers on claims_claim (migration 0010): every insert, update and
    delete, whoever makes it (the services, a bulk COPY, a cascade from an article, a
    test's fixture), moves the totals in the same transaction, so they are exact, not
    estimates. `score_bucket` is floor(score * 10) clamped to 0..10, so a min_score that
    is a multiple of 0.1 is answered exactly; `verdict_id` is 0 for no verdict (a unique
    key cannot hold NULL on SQLite). Nothing else writes this table.
    """

    status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    score_bucket = models.PositiveSmallIntegerField()
    verdict_id = models.BigIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "score_bucket", "verdict_id"], name="claim_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.score_bucket} {self.verdict_id}: {self.n}"


def review_week(moment: datetime.datetime) -> datetime.date:
    """The Monday of the week `moment` falls in, in UTC: a ReviewerWeek's `week`."""
    utc = moment.astimezone(datetime.UTC)
    return (utc - datetime.timedelta(days=utc.weekday())).date()


def review_week_start(week: datetime.date) -> datetime.datetime:
    """The first instant of a ReviewerWeek's week (Monday 00:00 UTC)."""
    return datetime.datetime.combine(week, datetime.time.min, tzinfo=datetime.UTC)


class ReviewerWeek(models.Model):
    """How many claims each person submitted for approval in a week (Monday 00:00 UTC
    on): the dashboard's "reviewed this week", read from one row per reviewer instead of
    counted over the history.

    Kept by services.reviews: a claim's step "submit for approval" adds one to its
    submitter's row of the current week, unless the same person already submitted the
    same claim that week (sent back and submitted again is one claim reviewed).
    Migration 0015 filled it from the history up to then. Nothing else writes it.
    """

    week = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["week", "user"], name="reviewer_week_key")]

    def __str__(self) -> str:
        return f"{self.week} {self.user_id}: {self.claims}"


class ConsistencyCheck(models.Model):
    """A check across the claims of one article (e.g. parts that should add up to a total)."""

    class Result(models.TextChoices):
        CONSISTENT = "consistent", "Consistent"
        INCONSISTENT = "inconsistent", "Inconsistent"
        NEEDS_REVIEW = "needs_review", "Needs review"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="checks")
    check_name = models.CharField(max_length=64)
    result = models.CharField(max_length=20, choices=Result.choices)
    detail = models.TextField()
    claims = models.ManyToManyField(Claim, related_name="checks")

    def __str__(self) -> str:
        return f"{self.check_name}: {self.result}"


class Source(TimeStamped):
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique")
        ]
        # The evidence form's picker: the sources used last (selectors_review.recent_sources).
        indexes = [models.Index(F("updated_at").desc(), F("id").desc(), name="source_recent")]

    def __str__(self) -> str:
        return self.title or self.url


class Evidence(TimeStamped):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    # Evidence for one fact of the claim; NULL: for the claim as a whole.
    fact = models.ForeignKey(
        Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    quote = models.TextField(blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class Comment(TimeStamped):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    fact = models.ForeignKey(
        Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class JobStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """A long-running piece of work done by a Celery worker, with its progress.

    State machine (transitions are made only by services.jobs):

        pending --claim--> running --finish--> succeeded
           ^                  |  \\--fail-----> failed
           |                  |
           +---release--------+   (a transient database error; the task retries)
                              \\--claim again, once its heartbeat is older than the
                                 lease (its worker died; the periodic sweep re-sent it)

    `succeeded` and `failed` are final: a re-delivered message for a finished job does
    nothing. A job whose worker died MAX_ATTEMPTS times is failed. Per-item problems do
    not fail a job; they are listed in `errors` while the valid items are processed.
    Each claim draws a new `run_token`; progress, finish, fail and release change the
    row only while it still holds that token, so a run that lost the job writes nothing.
    """

    status = models.CharField(
        max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    current_item = models.CharField(max_length=500, blank=True)
    message = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written by its run every third of the lease (services.jobs.job_heartbeat) and with
    # every progress update: a running job whose heartbeat is older than the lease lost
    # its worker, and may be claimed again.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The run that owns the job, drawn at each claim and named by every write of that run.
    run_token = models.UUIDField(null=True, blank=True, editable=False)
    # When the abandoned-job sweep last sent a message for this job: at most one per lease.
    resent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def failed_items(self) -> int:
        """Items that could not be processed; a warning's item was, so it does not count."""
        return sum(1 for error in self.errors if error.get("level") != "warning")

    @property
    def status_label(self) -> str:
        """The status as people read it (pages, admin, command line, progress JSON).

        A finished job keeps the status `succeeded` when items failed (per-item problems
        do not fail a job), but is not called "Finished": every item failed is "Failed",
        some "Finished with errors".
        """
        if self.status == JobStatus.SUCCEEDED and self.failed_items:
            return "Failed" if self.every_item_failed else "Finished with errors"
        return self.get_status_display()

    @property
    def every_item_failed(self) -> bool:
        return 0 < self.total <= self.failed_items

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.done / self.total))


class ImportJob(Job):
    format = models.CharField(max_length=20, blank=True, help_text="Empty: detect from content.")
    urls = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.status_label})"


def _upload_path(instance: ImportFile, filename: str) -> str:
    return f"imports/{instance.job_id}/{filename}"


class ImportFile(models.Model):
    """An uploaded file waiting for (or processed by) its import job."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    file = models.FileField(upload_to=_upload_path, max_length=1000)
    size = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


class ExportJob(Job):
    format = models.CharField(max_length=20)
    filters = models.JSONField(default=dict, blank=True)
    file_path = models.CharField(max_length=1000, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Export #{self.pk} {self.format} ({self.get_status_display()})"


class FactCheck(TimeStamped):
    """An earlier verdict by another fact-checker, imported into the verdict library.

    Imported from ClaimReview JSON-LD (a file or a page that embeds it), the CLEF
    CheckThat! verified-claims TSV or the LIAR TSV (services.matching). `rating` keeps the
    publisher's own words; `key` makes importing the same item again a no-op.
    """

    key = models.CharField(max_length=64, unique=True)
    claim_reviewed = models.TextField()
    rating = models.CharField(max_length=200, blank=True)
    rating_value = models.IntegerField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    claimant = models.CharField(max_length=200, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    source_format = models.CharField(max_length=20)
    # What claims/extraction finds in claim_reviewed, in the Claim's JSON shape.
    quantities = models.JSONField(default=list, blank=True)
    attributions = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.claim_reviewed[:80]


class ClaimMatch(models.Model):
    """The same fact elsewhere: a claim of another article, or an imported fact-check.

    Written by services.matching only (the import job's match step, both directions for
    two claims). `figures` and `speakers` are claims.matching's comparisons, from `claim`'s
    side; `figures_differ` is true when any figure of the same event and unit disagrees.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    other = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fact_check = models.ForeignKey(
        FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField()
    figures = models.JSONField(default=list, blank=True)
    speakers = models.JSONField(default=list, blank=True)
    figures_differ = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "-score", "pk"]
        # Plain (not partial) unique constraints: NULLs never collide, and ON CONFLICT
        # (the idempotent upsert of services.matching) needs a full constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "other"],
                name="claim_match_other_unique",
            ),
            models.UniqueConstraint(
                fields=["claim", "fact_check"],
                name="claim_match_fact_check_unique",
            ),
            models.CheckConstraint(
                condition=(Q(other__isnull=False) & Q(fact_check__isnull=True))
                | (Q(other__isnull=True) & Q(fact_check__isnull=False)),
                name="claim_match_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "-score"], name="claim_match_claim_score"),
            models.Index(
                fields=["claim"],
                condition=Q(figures_differ=True),
                name="claim_match_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id or self.fact_check_id} ({self.score:.2f})"


class Snapshot(models.Model):
    """An archived copy of a web page's main text (services.snapshots).

    One row per (url, content_hash): fetching the same page with the same text again,
    for any source and any number of times, finds this row instead of storing another.
    `url` is the final address after redirects; `content_hash` the sha256 of `text`
    (claims.importers.page_text says why the text and not the bytes); `fetched_at` when
    this text was first fetched.
    """

    url = models.URLField(max_length=2000)
    content_hash = models.CharField(max_length=64)
    text = models.TextField()
    http_status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    byte_size = models.PositiveIntegerField(default=0, help_text="Bytes downloaded.")
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["url", "content_hash"], name="snapshot_url_hash_unique")
        ]

    def __str__(self) -> str:
        return f"{self.url} @ {self.fetched_at:%Y-%m-%d %H:%M}"


class SourceArchive(models.Model):
    """Whether a web source has an archived copy, and whether the page still says it.

    Written by services.snapshots only. States:

        pending --fetch--> archived      (`snapshot`: the copy the evidence was read from)
           |
           +----fetch----> unarchivable  (`reason`, `detail`: why there is no copy)

    A fetch of an unarchivable source (the periodic check retries it) may archive it.
    For an archived source, every later fetch (the periodic check) sets `check_result`:
    unchanged, changed (another text: kept as `changed_snapshot`; or the page no longer
    serves HTML) or died (an error, or a 4xx/5xx answer: `check_status`).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be archived"
        ARCHIVED = "archived", "Archived"
        UNARCHIVABLE = "unarchivable", "Not archived"

    class Reason(models.TextChoices):
        PRIVATE = "private", "private or internal address"
        TIMEOUT = "timeout", "timed out"
        TOO_LARGE = "too_large", "too large"
        NOT_HTML = "not_html", "not an HTML page"
        NO_TEXT = "no_text", "no readable text"
        HTTP_ERROR = "http_error", "error answer"
        UNREACHABLE = "unreachable", "unreachable"

    class CheckResult(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        CHANGED = "changed", "Changed since archived"
        DIED = "died", "Gone since archived"

    source = models.OneToOneField(
        Source, primary_key=True, on_delete=models.CASCADE, related_name="archive"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    detail = models.TextField(blank=True)
    snapshot = models.ForeignKey(
        Snapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When a fetch was last asked for (on adding the source, by the periodic check): the
    # periodic check sends each source at most once in half its interval.
    requested_at = models.DateTimeField(db_index=True)
    fetched_at = models.DateTimeField(null=True, blank=True)  # the last fetch, any outcome
    check_result = models.CharField(max_length=20, choices=CheckResult.choices, blank=True)
    check_status = models.PositiveSmallIntegerField(null=True, blank=True)
    check_detail = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    changed_snapshot = models.ForeignKey(
        Snapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.source}: {self.get_state_display()}"


def _library_upload_path(instance: FactCheckImportJob, filename: str) -> str:
    return f"library/{filename}"


class FactCheckImportJob(Job):
    """Earlier fact-checks added to the verdict library from one file or one page (a
    worker runs it: services.library_jobs). The summary counts what was imported, what
    was there already and how many claims were then found already checked; per-item
    problems are in `errors` while the valid items import."""

    format = models.CharField(max_length=20, blank=True, help_text="Empty: detect.")
    url = models.URLField(max_length=2000, blank=True)
    file = models.FileField(upload_to=_library_upload_path, max_length=1000, blank=True)
    file_name = models.CharField(max_length=500, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Fact-check import #{self.pk} ({self.status_label})"
