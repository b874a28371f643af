"""Output serializers: what the API answers. Read-only; inputs are in inputs.py."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    ImportJob,
    JobStatus,
    Rating,
    RatingScale,
    Source,
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
        fields = ["id", "claim", "source", "stance", "quote", "note", "added_by", "created_at"]
        read_only_fields = fields


class CommentSerializer(serializers.ModelSerializer):
    author = UserRefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "claim", "author", "text", "created_at"]
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


class ClaimDetailSerializer(serializers.Serializer):
    """A claim with its context, evidence, comments, consistency checks and history.

    Built from `selectors_review.Review`."""

    claim = ClaimSerializer()
    paragraph_before = serializers.CharField()
    paragraph_after = serializers.CharField()
    evidence = EvidenceSerializer(many=True)
    comments = CommentSerializer(many=True)
    checks = ConsistencyCheckSerializer(many=True)
    history = HistoryEntrySerializer(many=True)
    transitions = serializers.ListField(
        child=serializers.CharField(),
        help_text="Workflow actions the claim's status allows (whoever asks).",
    )


# Stored URLs may be empty: plain strings, not format "uri".
def _url_field() -> serializers.CharField:
    return serializers.CharField(read_only=True, help_text="Empty when unknown.")


class ArticleSerializer(serializers.ModelSerializer):
    claim_count = serializers.IntegerField(read_only=True)
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
