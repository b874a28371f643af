"""Input serializers: what the API accepts (query parameters and bodies), validated
before any service runs. They turn requests into the services' typed arguments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims import exporters, importers
from claims.models import ClaimStatus, ConsistencyCheck, Evidence, Rating
from claims.selectors_api import ArticleFilters
from claims.selectors_export import ExportFilters
from claims.selectors_review import KINDS, QueueFilters

MAX_QUERY = 200
# Ids a single export may name explicitly; larger sets use the other filters.
MAX_EXPORT_IDS = 10_000
MAX_IMPORT_URLS = 100
# The extraction endpoint is for trying the extractor out, not for bulk work.
MAX_EXTRACT_CHARS = 100_000


class ClaimFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=KINDS, required=False)
    min_score = serializers.FloatField(required=False, min_value=0, max_value=1)
    assignee = serializers.RegexField(
        r"^(me|none|\d{1,18})$",
        required=False,
        help_text='"me", "none" or a user id.',
    )
    verdict = serializers.RegexField(
        r"^(none|\d{1,18})$", required=False, help_text='A rating id or "none".'
    )
    outlet = serializers.CharField(required=False, max_length=200)
    published_from = serializers.DateField(required=False)
    published_to = serializers.DateField(required=False)
    article = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    q = serializers.CharField(
        required=False, max_length=MAX_QUERY, help_text="Words that must all appear."
    )

    def filters(self) -> QueueFilters:
        data = self.validated_data
        return QueueFilters(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            min_score=data.get("min_score"),
            assignee=data.get("assignee", ""),
            outlet=data.get("outlet", ""),
            date_from=data.get("published_from"),
            date_to=data.get("published_to"),
            verdict=data.get("verdict", ""),
            article=data.get("article"),
            q=data.get("q", ""),
        )


class ArticleFilterInput(serializers.Serializer):
    outlet = serializers.CharField(required=False, max_length=200)
    published_from = serializers.DateField(required=False)
    published_to = serializers.DateField(required=False)
    import_job = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    include_superseded = serializers.BooleanField(
        required=False, default=False, help_text="Also list older revisions."
    )
    q = serializers.CharField(required=False, max_length=MAX_QUERY)

    def filters(self) -> ArticleFilters:
        data = self.validated_data
        return ArticleFilters(
            outlet=data.get("outlet", ""),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            import_job=data.get("import_job"),
            include_superseded=data.get("include_superseded", False),
            q=data.get("q", ""),
        )


class SourceFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=MAX_QUERY)


class EvidenceFilterInput(serializers.Serializer):
    claim = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    source = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class CommentFilterInput(serializers.Serializer):
    claim = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class CheckFilterInput(serializers.Serializer):
    article = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    result = serializers.ChoiceField(choices=ConsistencyCheck.Result.choices, required=False)


class RatingFilterInput(serializers.Serializer):
    active = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Only the active scale's."
    )


class ClaimUpdateInput(serializers.Serializer):
    """Propose or change the verdict; a rationale alone keeps the current rating."""

    verdict = serializers.PrimaryKeyRelatedField(
        queryset=Rating.objects.select_related("scale"),
        required=False,
        help_text="A rating id of the active scale.",
    )
    rationale = serializers.CharField(required=False, max_length=20_000, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Give a verdict, a rationale or both.")
        return attrs


class AssignInput(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        allow_null=True,
        required=False,
        help_text="A user id, or null for nobody. Left out: the caller takes the claim.",
    )


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5_000)


class RejectInput(serializers.Serializer):
    comment = serializers.CharField(
        max_length=5_000, help_text="Why the verdict goes back to review."
    )


class SourceInput(serializers.Serializer):
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("url", "").strip() and not attrs.get("title", "").strip():
            raise serializers.ValidationError("A source needs a URL or a title.")
        return attrs


class EvidenceInput(SourceInput):
    claim = serializers.IntegerField(min_value=1, max_value=2**62)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    source = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text="A known source's id; or give url/title for a new or known one.",
    )
    quote = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20_000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("source") is None:
            return super().validate(attrs)
        return attrs


class CommentInput(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1, max_value=2**62)
    text = serializers.CharField(max_length=20_000)


class ImportJobInput(serializers.Serializer):
    """Files (multipart/form-data) and/or http(s) URLs (JSON or form)."""

    files = serializers.ListField(
        # Django refuses more files than DATA_UPLOAD_MAX_NUMBER_FILES (100) anyway.
        child=serializers.FileField(allow_empty_file=False),
        required=False,
        max_length=100,
    )
    urls = serializers.ListField(
        child=serializers.URLField(max_length=2000), required=False, max_length=MAX_IMPORT_URLS
    )
    format = serializers.ChoiceField(
        choices=["", *importers.FORMATS],
        required=False,
        default="",
        help_text="Empty: detected from each file's content.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("files") and not attrs.get("urls"):
            raise serializers.ValidationError("Give at least one file or URL.")
        size = sum(f.size for f in attrs.get("files", []))
        if size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                f"The upload is {size} bytes; the limit is {settings.FACTCHECK_MAX_UPLOAD_BYTES}."
            )
        return attrs


class ExportFiltersInput(serializers.Serializer):
    statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=ClaimStatus.choices),
        required=False,
        max_length=len(ClaimStatus.choices),
        help_text="Empty: every status (ClaimReview: approved and published only).",
    )
    verdicts = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=50,
        help_text='Rating names; "none" for claims without a verdict.',
    )
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    article_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        required=False,
        max_length=MAX_EXPORT_IDS,
    )
    reviewer = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="Username."
    )
    claim_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        required=False,
        max_length=MAX_EXPORT_IDS,
    )


class ExportJobInput(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(exporters.FORMATS))
    filters = ExportFiltersInput(required=False)

    def export_filters(self) -> ExportFilters:
        data = self.validated_data.get("filters") or {}
        return ExportFilters(
            statuses=tuple(data.get("statuses", ())),
            verdicts=tuple(data.get("verdicts", ())),
            outlet=data.get("outlet", "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            article_ids=tuple(data.get("article_ids", ())),
            reviewer=data.get("reviewer", "").strip(),
            claim_ids=tuple(data.get("claim_ids", ())),
        )


class ExtractInput(serializers.Serializer):
    id = serializers.CharField(required=False, max_length=200, default="1")
    text = serializers.CharField(
        max_length=MAX_EXTRACT_CHARS, trim_whitespace=False, allow_blank=True
    )
    published = serializers.DateField(
        required=False, allow_null=True, help_text="Resolves relative dates (Monday, last year)."
    )
