"""Output serializers: what the API answers. Read-only; inputs are in inputs.py."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import orjson
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    Fact,
    ImportJob,
    JobStatus,
    Rating,
    RatingScale,
    Source,
    VerdictOrigin,
)


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for scripts: not_found, stale_version, ...")
    message = serializers.CharField(help_text="A sentence for a person.")
    details = serializers.DictField(
        help_text="Field errors (400), current_version and changes (412), wait_seconds (429)."
    )


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    error = ErrorBodySerializer()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "scale", "name", "value", "description", "position"]
        read_only_fields = fields


class RatingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "name", "value"]
        read_only_fields = fields


class RatingScaleSerializer(serializers.ModelSerializer):
    ratings = RatingSerializer(many=True, read_only=True)

    class Meta:
        model = RatingScale
        fields = ["id", "name", "description", "is_active", "best_value", "worst_value", "ratings"]
        read_only_fields = fields


def _effective_verdict() -> RatingRefSerializer:
    return RatingRefSerializer(
        allow_null=True,
        read_only=True,
        help_text="The verdict the claim stands with: `verdict` when a reviewer set one on "
        "the claim, else the one derived from its facts' verdicts (null: neither).",
    )


def _verdict_origin() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[*VerdictOrigin.values, ""],
        read_only=True,
        help_text="Where effective_verdict comes from: editor (set on the claim), facts "
        "(derived from its facts) or empty (no verdict).",
    )


class ClaimSerializer(serializers.ModelSerializer):
    """A claim as listed; `version` is the value its ETag carries."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    assignee = UserRefSerializer(allow_null=True, read_only=True)
    verdict = RatingRefSerializer(allow_null=True, read_only=True)
    verdict_by = UserRefSerializer(allow_null=True, read_only=True)
    approved_by = UserRefSerializer(allow_null=True, read_only=True)
    kinds = serializers.ListField(child=serializers.CharField(), read_only=True)
    quantities = serializers.ListField(child=serializers.DictField(), read_only=True)
    attributions = serializers.ListField(child=serializers.DictField(), read_only=True)
    dates = serializers.ListField(child=serializers.DictField(), read_only=True)
    effective_verdict = _effective_verdict()
    verdict_origin = _verdict_origin()
    derived_mixed = serializers.BooleanField(
        read_only=True,
        help_text="The claim's facts do not all have the same verdict (the derived verdict "
        "is then the worst of them).",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "article_title",
            "position",
            "start",
            "end",
            "text",
            "kinds",
            "score",
            "quantities",
            "attributions",
            "dates",
            "status",
            "assignee",
            "verdict",
            "rationale",
            "verdict_by",
            "approved_by",
            "effective_verdict",
            "verdict_origin",
            "derived_mixed",
            "stale_verdict",
            "orphaned",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, help_text="Empty when the source has none.")

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "published", "created_at", "updated_at"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSerializer(read_only=True)
    added_by = UserRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "fact",
            "source",
            "stance",
            "quote",
            "note",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "claim", "fact", "author", "text", "created_at"]
        read_only_fields = fields


class ConsistencyCheckSerializer(serializers.ModelSerializer):
    claims = serializers.SerializerMethodField()

    class Meta:
        model = ConsistencyCheck
        fields = ["id", "article", "check_name", "result", "detail", "claims"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_claims(self, check: ConsistencyCheck) -> list[int]:
        return [claim.pk for claim in check.claims.all()]


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    who = serializers.CharField()
    when = serializers.DateTimeField()
    what = serializers.CharField()
    changes = serializers.SerializerMethodField()

    @extend_schema_field(FieldChangeSerializer(many=True))
    def get_changes(self, entry: Any) -> list[dict[str, str]]:
        return [{"field": f, "before": b, "after": a} for f, b, a in entry.changes]


# --- The claim list, from values() rows ---------------------------------------------------
# A list page of 50 claims through ClaimSerializer builds 50 claims and their six related
# objects, then walks every field of each through DRF: most of the page's time at 8
# concurrent clients. The list reads these columns instead and writes the same JSON
# (tests/api/test_claim_list_rows.py compares the two on every kind of claim); the
# schema still names ClaimSerializer.
CLAIM_LIST_VALUES = (
    "id",
    "article_id",
    "article__title",
    "position",
    "start",
    "end",
    "text",
    "score",
    "status",
    "assignee_id",
    "assignee__username",
    "verdict_id",
    "verdict__name",
    "verdict__value",
    "rationale",
    "verdict_by_id",
    "verdict_by__username",
    "approved_by_id",
    "approved_by__username",
    "derived_verdict_id",
    "derived_verdict__name",
    "derived_verdict__value",
    "derived_mixed",
    "stale_verdict",
    "orphaned",
    "version",
    "created_at",
    "updated_at",
)
# The JSON columns come as the database's JSON text and go into the response as it is
# (orjson.Fragment, claims.api.renderers): about a tenth of a page's time went to
# decoding them into Python and encoding them again.
CLAIM_LIST_JSON = ("kinds", "quantities", "attributions", "dates")
CLAIM_LIST_JSON_TEXT = {f"{name}_json": Cast(name, TextField()) for name in CLAIM_LIST_JSON}


def claim_list_rows(claims: QuerySet[Claim], *extra: str) -> QuerySet:
    """`claims` as the rows claim_list_data writes, with `extra` columns besides."""
    return claims.values(*CLAIM_LIST_VALUES, *extra, **CLAIM_LIST_JSON_TEXT)


def _when(value: datetime, zone: tzinfo) -> str:
    # serializers.DateTimeField's text, with the zone looked up once a page, not per value.
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _person(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    pk = row[f"{name}_id"]
    return None if pk is None else {"id": pk, "username": row[f"{name}__username"]}


def _rating(row: dict[str, Any], name: str) -> dict[str, Any] | None:
    pk = row[f"{name}_id"]
    if pk is None:
        return None
    return {"id": pk, "name": row[f"{name}__name"], "value": row[f"{name}__value"]}


def claim_list_data(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ClaimSerializer's output for rows of claim_list_rows(), to be rendered by
    claims.api.renderers.JSONRenderer."""
    zone = timezone.get_current_timezone()
    data = []
    for row in rows:
        verdict = _rating(row, "verdict")
        derived = _rating(row, "derived_verdict")
        if verdict is not None:
            origin = VerdictOrigin.EDITOR.value
        else:
            origin = VerdictOrigin.FACTS.value if derived is not None else ""
        data.append(
            {
                "id": row["id"],
                "article": row["article_id"],
                "article_title": row["article__title"],
                "position": row["position"],
                "start": row["start"],
                "end": row["end"],
                "text": row["text"],
                "kinds": orjson.Fragment(row["kinds_json"]),
                "score": float(row["score"]),
                "quantities": orjson.Fragment(row["quantities_json"]),
                "attributions": orjson.Fragment(row["attributions_json"]),
                "dates": orjson.Fragment(row["dates_json"]),
                "status": row["status"],
                "assignee": _person(row, "assignee"),
                "verdict": verdict,
                "rationale": row["rationale"],
                "verdict_by": _person(row, "verdict_by"),
                "approved_by": _person(row, "approved_by"),
                "effective_verdict": verdict if verdict is not None else derived,
                "verdict_origin": origin,
                "derived_mixed": row["derived_mixed"],
                "stale_verdict": row["stale_verdict"],
                "orphaned": row["orphaned"],
                "version": row["version"],
                "created_at": _when(row["created_at"], zone),
                "updated_at": _when(row["updated_at"], zone),
            }
        )
    return data


class FactSerializer(serializers.ModelSerializer):
    """One checkable fact of a claim; `version` is the value its ETag carries."""

    article = serializers.IntegerField(
        source="article_id", read_only=True, help_text="The claim's article."
    )
    fields = serializers.DictField(
        read_only=True,
        help_text="The kind's structured fields: figure value, unit, event, qualifier, "
        "approximate, measure; attribution speaker, role, organisation, cue, recipient, "
        "content_start, content_end, content, direct_quote; date resolved, resolved_end, "
        "granularity; comparison comparison; list items, item_spans.",
    )
    assignee = UserRefSerializer(allow_null=True, read_only=True)
    verdict = RatingRefSerializer(allow_null=True, read_only=True)
    verdict_by = UserRefSerializer(allow_null=True, read_only=True)
    approved_by = UserRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Fact
        fields = [
            "id",
            "claim",
            "article",
            "position",
            "kind",
            "start",
            "end",
            "text",
            "statement",
            "fields",
            "origin",
            "status",
            "assignee",
            "verdict",
            "rationale",
            "verdict_by",
            "approved_by",
            "anchor",
            "stale_verdict",
            "orphaned",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(serializers.Serializer):
    """A claim with its context, facts, evidence, comments, consistency checks and history.

    Built from `selectors_review.Review`."""

    claim = ClaimSerializer()
    paragraph_before = serializers.CharField()
    paragraph_after = serializers.CharField()
    facts = FactSerializer(
        many=True,
        help_text="The claim's facts in their order in it, each with its own verdict and "
        "workflow (/api/facts/{id}/).",
    )
    evidence = EvidenceSerializer(
        many=True, help_text="The claim's evidence, its facts' included (see `fact`)."
    )
    comments = CommentSerializer(many=True)
    checks = ConsistencyCheckSerializer(many=True)
    history = HistoryEntrySerializer(many=True)
    transitions = serializers.ListField(
        child=serializers.CharField(),
        help_text="The workflow steps the claim's status allows (whoever asks), each the "
        "name of its action: POST /api/claims/{id}/<step>/.",
    )


class FactClaimSerializer(serializers.ModelSerializer):
    """The claim a fact belongs to, as the fact's detail shows it."""

    verdict = RatingRefSerializer(allow_null=True, read_only=True)
    effective_verdict = _effective_verdict()
    verdict_origin = _verdict_origin()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "text",
            "status",
            "verdict",
            "effective_verdict",
            "verdict_origin",
            "derived_mixed",
            "version",
        ]
        read_only_fields = fields


class FactHistoryEntrySerializer(serializers.Serializer):
    who = serializers.CharField()
    when = serializers.DateTimeField()
    what = serializers.CharField()
    changes = serializers.SerializerMethodField()

    @extend_schema_field(FieldChangeSerializer(many=True))
    def get_changes(self, entry: Any) -> list[dict[str, str]]:
        return [{"field": f, "before": b, "after": a} for f, b, a in entry.changes]


class FactDetailSerializer(serializers.Serializer):
    """A fact with its claim, evidence, comments and history. Built from
    `selectors_api.FactReview`."""

    fact = FactSerializer()
    claim = FactClaimSerializer()
    evidence = EvidenceSerializer(many=True)
    comments = CommentSerializer(many=True)
    history = FactHistoryEntrySerializer(many=True)
    transitions = serializers.ListField(
        child=serializers.CharField(),
        help_text="The workflow steps the fact's status allows (whoever asks), each the "
        "name of its action: POST /api/facts/{id}/<step>/.",
    )


class FactSplitSerializer(serializers.Serializer):
    """The two facts a split leaves: the first keeps the fact's id and record."""

    facts = FactSerializer(many=True)


# Stored URLs may be empty: plain strings, not format "uri".
def _url_field() -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text="Empty when unknown.")


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(source="claim_total", read_only=True)
    url = _url_field()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "language",
            "revision",
            "revision_of",
            "superseded",
            "import_job",
            "claim_count",
            "created_at",
        ]
        read_only_fields = fields


class RevisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "revision", "created_at"]
        read_only_fields = fields


class ArticleClaimSerializer(serializers.ModelSerializer):
    assignee = UserRefSerializer(allow_null=True, read_only=True)
    verdict = RatingRefSerializer(allow_null=True, read_only=True)
    effective_verdict = _effective_verdict()
    verdict_origin = _verdict_origin()
    kinds = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "position",
            "start",
            "end",
            "text",
            "kinds",
            "score",
            "status",
            "assignee",
            "verdict",
            "effective_verdict",
            "verdict_origin",
            "version",
            "orphaned",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(serializers.ModelSerializer):
    url = _url_field()
    claims = ArticleClaimSerializer(many=True, read_only=True)
    checks = ConsistencyCheckSerializer(many=True, read_only=True)
    revisions = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "author",
            "published",
            "language",
            "text",
            "content_hash",
            "source_item",
            "revision",
            "revision_of",
            "superseded",
            "import_job",
            "created_at",
            "claims",
            "checks",
            "revisions",
        ]
        read_only_fields = fields

    @extend_schema_field(RevisionSerializer(many=True))
    def get_revisions(self, article: Article) -> list[dict[str, Any]]:
        return RevisionSerializer(self.context.get("revisions", [article]), many=True).data


class ImportJobSerializer(serializers.ModelSerializer):
    requested_by = UserRefSerializer(allow_null=True, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(source="is_finished", read_only=True)
    files = serializers.SerializerMethodField()
    errors = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        read_only=True,
        help_text='Per-item problems: [{"item", "message"}]. They do not fail the job.',
    )
    summary = serializers.DictField(read_only=True)
    urls = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "status",
            "finished",
            "done",
            "total",
            "percent",
            "current_item",
            "message",
            "errors",
            "summary",
            "format",
            "urls",
            "files",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_files(self, job: ImportJob) -> list[str]:
        return [f.name for f in job.files.all()]


class ExportJobSerializer(serializers.ModelSerializer):
    requested_by = UserRefSerializer(allow_null=True, read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(source="is_finished", read_only=True)
    filters = serializers.DictField(read_only=True)
    errors = serializers.ListField(child=serializers.DictField(), read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where to GET the file once the job succeeded; null before."
    )

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "filters",
            "status",
            "finished",
            "done",
            "total",
            "percent",
            "message",
            "errors",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != JobStatus.SUCCEEDED or not job.file_path:
            return None
        path = reverse("api:export-job-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ExtractionSerializer(serializers.Serializer):
    """The JSON `manage.py extract --jsonl` prints for one document."""

    id = serializers.CharField()
    metadata = serializers.DictField()
    claims = serializers.ListField(child=serializers.DictField())
    checks = serializers.ListField(child=serializers.DictField())


# --- matches (issue 13): the same fact elsewhere ---------------------------------------


class MatchFigureValueSerializer(serializers.Serializer):
    value = serializers.FloatField()
    unit = serializers.CharField(allow_null=True)
    event = serializers.CharField()
    parts = serializers.ListField(
        child=serializers.FloatField(),
        required=False,
        help_text="When the figure is a sum of the other report's figures: the parts.",
    )


class MatchFigureSerializer(serializers.Serializer):
    query = MatchFigureValueSerializer(help_text="This claim's figure.")
    match = MatchFigureValueSerializer(help_text="The other report's figure.")
    agree = serializers.BooleanField(help_text="Within each other's qualifiers (about, nearly...).")


class MatchSpeakerSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="This claim's speaker.")
    match = serializers.CharField(help_text="The other report's speaker.")
    same = serializers.BooleanField(help_text="The same person (spelling variants, roles).")


class MatchArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    url = _url_field()


class MatchSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = _url_field()


class _MatchBaseSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The match's id.")
    score = serializers.FloatField(help_text="Similarity in (0, 1]; 1 is the same words.")
    figures = MatchFigureSerializer(many=True)
    figures_differ = serializers.BooleanField()
    speakers = MatchSpeakerSerializer(many=True)


class AlsoReportedSerializer(_MatchBaseSerializer):
    """A claim of another outlet's article that reports the same fact."""

    claim = serializers.IntegerField(source="other.pk", help_text="The other claim's id.")
    text = serializers.CharField(source="other.text", help_text="The other claim.")
    status = serializers.CharField(source="other.status")
    article = serializers.SerializerMethodField()

    @extend_schema_field(MatchArticleSerializer)
    def get_article(self, match: Any) -> dict[str, Any]:
        article = match.other.article
        return MatchArticleSerializer(article).data


class AlreadyCheckedSerializer(_MatchBaseSerializer):
    """An earlier verdict: an imported fact-check, or this desk's approved or published
    verdict on a claim of another article."""

    kind = serializers.SerializerMethodField(help_text="fact_check or desk_verdict.")
    claim = serializers.SerializerMethodField(help_text="The desk's claim (desk verdicts).")
    claim_reviewed = serializers.SerializerMethodField(help_text="The statement checked.")
    rating = serializers.SerializerMethodField(help_text="The verdict, in its own words.")
    rating_value = serializers.SerializerMethodField()
    rationale = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The fact-check's page; empty if none.")
    publisher = serializers.SerializerMethodField(help_text="Who checked it.")
    author = serializers.SerializerMethodField(help_text="Who wrote or proposed the verdict.")
    approved_by = serializers.SerializerMethodField(help_text="Desk verdicts: the approver.")
    when = serializers.SerializerMethodField(help_text="When it was checked.")
    sources = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["fact_check", "desk_verdict"]))
    def get_kind(self, match: Any) -> str:
        return "fact_check" if match.fact_check_id else "desk_verdict"

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_claim(self, match: Any) -> int | None:
        return match.other_id

    @extend_schema_field(serializers.CharField())
    def get_claim_reviewed(self, match: Any) -> str:
        return match.fact_check.claim_reviewed if match.fact_check_id else match.other.text

    @extend_schema_field(serializers.CharField())
    def get_rating(self, match: Any) -> str:
        if match.fact_check_id:
            return match.fact_check.rating
        return match.other.verdict.name if match.other.verdict else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_rating_value(self, match: Any) -> int | None:
        if match.fact_check_id:
            return match.fact_check.rating_value
        return match.other.verdict.value if match.other.verdict else None

    @extend_schema_field(serializers.CharField())
    def get_rationale(self, match: Any) -> str:
        return match.fact_check.rationale if match.fact_check_id else match.other.rationale

    @extend_schema_field(serializers.CharField())
    def get_url(self, match: Any) -> str:
        return match.fact_check.url if match.fact_check_id else ""

    @extend_schema_field(serializers.CharField())
    def get_publisher(self, match: Any) -> str:
        return match.fact_check.publisher if match.fact_check_id else "this desk"

    @extend_schema_field(serializers.CharField())
    def get_author(self, match: Any) -> str:
        if match.fact_check_id:
            return match.fact_check.author
        by = match.other.verdict_by
        return by.get_username() if by else ""

    @extend_schema_field(serializers.CharField())
    def get_approved_by(self, match: Any) -> str:
        by = None if match.fact_check_id else match.other.approved_by
        return by.get_username() if by else ""

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_when(self, match: Any) -> str | None:
        if match.fact_check_id:
            day = match.fact_check.reviewed_on
        else:
            day = timezone.localdate(match.other.updated_at)
        return day.isoformat() if day else None

    @extend_schema_field(MatchSourceSerializer(many=True))
    def get_sources(self, match: Any) -> list[dict[str, Any]]:
        if match.fact_check_id:
            check = match.fact_check
            return [{"title": check.title or check.url, "url": check.url}] if check.url else []
        return [
            {"title": e.source.title or e.source.url, "url": e.source.url}
            for e in match.other.evidence.all()
        ]


class ClaimMatchesSerializer(serializers.Serializer):
    """Built from `selectors_matching.Matches`."""

    claim = serializers.IntegerField(help_text="The claim asked about.")
    also_reported = AlsoReportedSerializer(many=True)
    already_checked = AlreadyCheckedSerializer(many=True)


class MatchFactSerializer(serializers.Serializer):
    """A fact of the other outlet's claim."""

    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField()
    verdict = serializers.SerializerMethodField(help_text="Its verdict's name, if any.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_verdict(self, fact: Any) -> str | None:
        return fact.verdict.name if fact.verdict_id else None


class FactAlsoReportedSerializer(serializers.Serializer):
    """This fact in a linked claim of another outlet (selectors_matching.FactReport)."""

    match = serializers.IntegerField(source="match.pk", help_text="The claims' match id.")
    score = serializers.FloatField(source="match.score")
    claim = serializers.IntegerField(source="match.other_id", help_text="The other claim.")
    article = serializers.SerializerMethodField()
    facts = MatchFactSerializer(
        source="others", many=True, help_text="Its facts compared (a sum: all its parts)."
    )
    agree = serializers.BooleanField(help_text="Figures agree, or the same speaker.")
    figure = serializers.SerializerMethodField(help_text="Figure facts: the comparison.")
    speaker = serializers.SerializerMethodField(help_text="Attribution facts: the speakers.")
    with_parts = serializers.SerializerMethodField(
        help_text="This claim's other facts summed with this one (30 + 270 vs about 300)."
    )

    @extend_schema_field(MatchArticleSerializer)
    def get_article(self, report: Any) -> dict[str, Any]:
        return MatchArticleSerializer(report.match.other.article).data

    @extend_schema_field(MatchFigureSerializer(allow_null=True))
    def get_figure(self, report: Any) -> dict[str, Any] | None:
        return report.detail if report.compared == "figure" else None

    @extend_schema_field(MatchSpeakerSerializer(allow_null=True))
    def get_speaker(self, report: Any) -> dict[str, Any] | None:
        return report.detail if report.compared == "speaker" else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_with_parts(self, report: Any) -> list[int]:
        return [f.pk for f in report.with_parts]


class FactMatchesSerializer(serializers.Serializer):
    """Built from `selectors_matching.FactMatches`."""

    fact = serializers.IntegerField(help_text="The fact asked about.")
    claim = serializers.IntegerField(help_text="Its claim.")
    also_reported = FactAlsoReportedSerializer(many=True)
    already_checked = AlreadyCheckedSerializer(
        many=True, help_text="Earlier verdicts on the fact's claim."
    )
