"""The admin: one screen per model. Process screens (reader, queue) come as views."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims.models import (
    Article,
    Claim,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    ImportFile,
    ImportJob,
    Rating,
    RatingScale,
    Source,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["position", "text", "kinds", "score", "status", "verdict"]
    readonly_fields = fields
    ordering = ["position"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("verdict")


class CheckInline(ReadOnlyInline):
    model = ConsistencyCheck
    fields = ["check_name", "result", "detail"]
    readonly_fields = fields
    show_change_link = False


# Django 6 assumes https for a URL typed without a scheme; do so already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["__str__", "outlet", "author", "published", "claim_count", "created_at"]
    list_filter = ["outlet", "published"]
    search_fields = ["title", "url", "outlet", "author"]
    date_hierarchy = "published"
    readonly_fields = ["text", "content_hash", "import_job", "source_item", "created_at"]
    fields = [
        "title",
        "url",
        "outlet",
        "author",
        "published",
        "language",
        "text",
        "content_hash",
        "import_job",
        "source_item",
        "created_at",
    ]
    inlines = [ClaimInline, CheckInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, article: Article) -> int:
        return article.claim_total  # type: ignore[attr-defined]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "article", "kind_list", "score", "status", "verdict", "assignee"]
    list_filter = ["status", "verdict", "article__outlet"]
    list_select_related = ["article", "verdict", "assignee"]
    search_fields = ["text"]
    ordering = ["-score"]
    raw_id_fields = ["article", "assignee"]
    readonly_fields = [
        "article",
        "position",
        "start",
        "end",
        "text",
        "quote_prefix",
        "quote_suffix",
        "kinds",
        "score",
        "quantities",
        "attributions",
        "dates",
        "comparisons",
        "enumerations",
        "version",
    ]

    @admin.display(description="claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 120 else claim.text[:117] + "…"

    @admin.display(description="kinds")
    def kind_list(self, claim: Claim) -> str:
        return ", ".join(claim.kinds)

    # Export (claims/views_export.py): the action opens the export form for the selection.
    actions = ["export_selected"]

    @admin.action(description="Export selected claims", permissions=["export"])
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> HttpResponse | None:
        from claims.views_export import MAX_SELECTED, render_export_form_for_claims

        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[: MAX_SELECTED + 1])
        if len(ids) > MAX_SELECTED:
            self.message_user(
                request,
                f"More than {MAX_SELECTED} claims are selected; use the export page's filters.",
                level=messages.WARNING,
            )
            return None
        return render_export_form_for_claims(request, ids)

    def has_export_permission(self, request: HttpRequest) -> bool:
        from claims.views_export import is_editor

        return is_editor(request.user)


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["position", "name", "value", "description"]


@admin.register(RatingScale)
class RatingScaleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active", "best_value", "worst_value"]
    inlines = [RatingInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["__str__", "publisher", "published", "url"]
    search_fields = ["title", "url", "publisher"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "source", "stance", "added_by", "created_at"]
    list_select_related = ["claim", "source", "added_by"]
    list_filter = ["stance"]
    raw_id_fields = ["claim", "source"]


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "author", "created_at", "__str__"]
    list_select_related = ["claim", "author"]
    raw_id_fields = ["claim"]


class ImportFileInline(ReadOnlyInline):
    model = ImportFile
    fields = ["name", "size"]
    readonly_fields = fields
    show_change_link = False


class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "message", "requested_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="progress")
    def progress(self, job: ImportJob | ExportJob) -> str:
        return format_html(
            '<progress max="100" value="{}"></progress> {}/{}', job.percent, job.done, job.total
        )


@admin.register(ImportJob)
class ImportJobAdmin(JobAdmin):
    inlines = [ImportFileInline]


@admin.register(ExportJob)
class ExportJobAdmin(JobAdmin):
    pass
