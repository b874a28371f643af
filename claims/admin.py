"""The admin: one screen per model, for reading; writes to a review go through services.

Reviewers and editors keep the admin (staff browse claims, sources, jobs and their history
here, create API tokens, and editors manage rating scales), because nothing in it writes a
claim's review state any more except actions that call claims/services:

- Claim: view-only for everyone, superusers included (no add, change or delete). The
  workflow steps are changelist actions (claims/admin_workflow.py) derived from
  services.reviews; each calls the service with the acting user and reports every
  refusal as a message. Verdicts, evidence and comments are written on the workbench's
  review page, linked from the claim's page here.
- Fact: view-only in the same way, for whoever may see claims (Capability.VIEW: the
  groups hold no permission of their own for facts). Its evidence and comments are shown
  read-only; its workflow steps are the same changelist actions as a claim's, calling
  services.reviews.fact_transition / fact_assign. What a fact *is* (its span, kind,
  fields) is corrected on the workbench (services.facts), never here. A claim's page
  lists its facts read-only.
- Evidence and Comment: read-only, no add forms. They are the record of a review: the
  services add them (workbench, API) and nothing edits or deletes them, so the admin does
  not either, whatever the groups' add/change/delete permissions say.
- History pages (simple_history) are for reading: reverting is disabled, because its POST
  saves an old copy of the row (status, verdict, approver...) straight to the table.
- A rating that is some claim's or fact's verdict keeps its name and value, and a source
  cited by evidence on an approved or published claim or fact is read-only: changing
  either would rewrite verdicts already given, with no trace on the claims.
- Articles show their claims in a read-only inline.
"""

from __future__ import annotations

import json
from functools import cached_property, partial
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import BLANK_CHOICE_DASH, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims import selectors_api, selectors_counts
from claims.admin_workflow import ACTIONS, offered, run_workflow_action
from claims.display import article_display_name
from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Comment,
    ConsistencyCheck,
    Evidence,
    ExportJob,
    Fact,
    ImportFile,
    ImportJob,
    Rating,
    RatingScale,
    Source,
)
from claims.permissions import Capability, can
from claims.selectors_search import beside, claim_search, page_rows, racing


class HistoryForReadingAdmin(SimpleHistoryAdmin):
    """simple_history's pages without "revert".

    Its history_form_view saves on POST after checking only the permission to view the
    history, and saves the whole historical row: a reviewer could restore any earlier
    status, verdict or approver of a claim without a workflow step.
    """

    def revert_disabled(self, request: HttpRequest, obj: object = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(HistoryForReadingAdmin):
    """Listed and shown; never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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


class SeenWithClaims:
    """Seen by whoever may see claims (Capability.VIEW); the Reviewer and Editor groups
    hold no permission of their own for facts."""

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return can(request.user, Capability.VIEW)


class FactInline(SeenWithClaims, ReadOnlyInline):
    model = Fact
    fields = ["position", "kind", "text", "status", "verdict", "stale_verdict", "orphaned"]
    readonly_fields = fields
    ordering = ["position", "id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Fact]:
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
        # Each row counts its own claims (a correlated subquery through the claims' article
        # index), not a GROUP BY of every article's claims before the page is cut.
        return selectors_api.articles_for_list(super().get_queryset(request))

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, article: Article) -> int:
        return article.claim_total  # type: ignore[attr-defined]


class ClaimPaginator(Paginator):
    """The changelist's page count without COUNT(*) over every claim.

    Unfiltered: the exact total from claims_claimtally. Filtered: exact up to
    ADMIN_COUNT_CAP, past it PostgreSQL's estimate (the pages shown are then approximate;
    the changelist says "approximately" via show_full_result_count = False). A page is
    read in two steps (a "deferred join"): its ids by OFFSET on the ordering's index alone,
    then those rows with their joins, so a deep page does not join and discard every row
    before it. A search in score order (read by the search race) counts beside the asked
    page's ids, on a connection of its own (selectors_search.beside): the page costs the
    longer of the two reads, not both.
    """

    def __init__(self, *args: Any, asked: Any = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._asked = asked  # the page number the request asks for (ClaimAdmin)
        self._ids: dict[int, list[int]] = {}  # page number: its ids, read with the count

    @cached_property
    def count(self) -> int:
        claims = self.object_list
        if not claims.query.where:
            return sum(selectors_counts.tally().values())
        if not racing(claims):
            return _capped_count(claims)
        count_of = beside(claims.db, partial(_capped_count, claims))
        asked = _number(self._asked)
        # Only the first pages (where a search is read) before the count says the range: a
        # page number past the matches would otherwise be read for nothing.
        if asked and (asked - 1) * self.per_page < ADMIN_COUNT_CAP:
            self._ids[asked] = self._page_ids(asked)
        return count_of()

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        ids = self._ids[number] if number in self._ids else self._page_ids(number)
        # The article's first characters only for the rows shown (on the ids query the
        # annotation would join every skipped row's article).
        found = self.object_list.order_by().filter(pk__in=ids).annotate(article_head=ARTICLE_HEAD)
        rows = {claim.pk: claim for claim in found}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _ids_of_rows(self) -> QuerySet[Claim]:
        return self.object_list.select_related(None).only("pk")

    def _page_ids(self, number: int) -> list[int]:
        bottom = (number - 1) * self.per_page
        return [
            claim.pk for claim in page_rows(self._ids_of_rows(), bottom, bottom + self.per_page)
        ]


def _number(asked: Any) -> int:
    try:
        return max(int(asked), 0)
    except (TypeError, ValueError):
        return 0


def _capped_count(claims: QuerySet[Claim]) -> int:
    capped = claims.order_by().values("pk")[: ADMIN_COUNT_CAP + 1].count()
    if capped <= ADMIN_COUNT_CAP:
        return capped
    return estimated_count(claims)


ADMIN_COUNT_CAP = 1_000
ARTICLE_HEAD = selectors_api.text_head("article__title", "article__text")


def estimated_count(claims: QuerySet[Claim]) -> int:
    """The planner's row estimate on PostgreSQL; elsewhere the exact count."""
    if connection.vendor != "postgresql":
        return claims.count()
    sql, params = claims.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return max(ADMIN_COUNT_CAP + 1, int(plan[0]["Plan"]["Plan Rows"]))


class WorkflowActionsAdmin(ReadOnlyAdmin):
    """The review workflow's steps as changelist actions (claims/admin_workflow.py), for
    the model's records: claims or facts."""

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:
            return actions
        workflow = {
            name: (partial(run_workflow_action, action=name), name, action.label)
            for name, action in ACTIONS[self.model].items()
        }
        return {**workflow, **actions}

    def get_action_choices(
        self, request: HttpRequest, default_choices: list = BLANK_CHOICE_DASH
    ) -> list[tuple[str, str]]:
        choices = super().get_action_choices(request, default_choices)
        if getattr(request, "_every_workflow_action", False):
            return choices
        hidden = {name for name, a in ACTIONS[self.model].items() if not offered(request, a)}
        return [(name, label) for name, label in choices if name not in hidden]

    def response_action(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        # A step left out of this person's menu is still dispatched when posted, so that
        # the service refuses it with its own reason (claims/admin_workflow.py).
        request._every_workflow_action = True  # type: ignore[attr-defined]
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(value.isdigit() and len(value) <= 18 for value in selected):
            # Django would filter on them and fail with a 500; only a forged form gets here.
            self.message_user(
                request,
                f"The selection names something that is not a {self.model._meta.verbose_name}; "
                "nothing was changed.",
                level=messages.ERROR,
            )
            return None
        return super().response_action(request, queryset)


@admin.register(Claim)
class ClaimAdmin(WorkflowActionsAdmin):
    # As fast as a plain ModelAdmin at a million claims: no full count, a cheap page
    # count (ClaimPaginator), the ordering of an index (claim_score_id), the joins the
    # columns show and not the articles' text, and search through the search service.
    paginator = ClaimPaginator
    show_full_result_count = False
    list_display = [
        "short_text",
        "article_name",
        "kind_list",
        "score",
        "status",
        "verdict",
        "assignee",
        "version",
    ]
    list_filter = ["status", "verdict", "article__outlet"]
    list_select_related = ["article", "verdict", "assignee"]
    search_fields = ["text"]  # shows the search box; get_search_results does the search
    ordering = ["-score", "id"]
    # Every field: the page is view-only anyway (has_change_permission), and this keeps it
    # so should someone give the admin change rights back.
    fields = [
        "workbench",
        "article",
        "position",
        "text",
        "kinds",
        "score",
        "status",
        "assignee",
        "verdict",
        "rationale",
        "verdict_by",
        "approved_by",
        "version",
        "anchor",
        "stale_verdict",
        "orphaned",
        "start",
        "end",
        "quote_prefix",
        "quote_suffix",
        "quantities",
        "attributions",
        "dates",
        "comparisons",
        "enumerations",
        "created_at",
        "updated_at",
    ]
    fields.insert(fields.index("approved_by") + 1, "derived")
    readonly_fields = fields

    @admin.display(description="derived from its facts")
    def derived(self, claim: Claim) -> str:
        if claim.derived_verdict_id is None:
            return "—"
        mixed = " (mixed: its facts disagree)" if claim.derived_mixed else ""
        stands = "" if claim.verdict_id else "; the claim stands with it"
        return f"{claim.derived_verdict}{mixed}{stands}"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        # The article's text stays behind; ClaimPaginator adds its first characters.
        return super().get_queryset(request).defer("article__text")

    def get_paginator(
        self,
        request: HttpRequest,
        queryset: QuerySet[Claim],
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> ClaimPaginator:
        # The page asked for, so that a search can read it beside its count.
        return ClaimPaginator(
            queryset, per_page, orphans, allow_empty_first_page, asked=request.GET.get(PAGE_VAR, 1)
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str
    ) -> tuple[QuerySet[Claim], bool]:
        return claim_search(queryset, search_term), False

    @admin.display(description="article", ordering="article_id")
    def article_name(self, claim: Claim) -> str:
        return article_display_name(claim.article.title, getattr(claim, "article_head", ""))

    @admin.display(description="claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 120 else claim.text[:117] + "…"

    @admin.display(description="kinds")
    def kind_list(self, claim: Claim) -> str:
        return ", ".join(claim.kinds)

    @admin.display(description="review")
    def workbench(self, claim: Claim) -> str:
        return format_html(
            '<a href="{}">Open on the workbench</a>: verdict, evidence, comments and history.',
            reverse("claims:claim", args=[claim.pk]),
        )

    # Export (claims/views/exports.py): the action opens the Exports screen for the selection.
    # The workflow actions are added by get_actions (WorkflowActionsAdmin).
    actions = ["export_selected"]
    inlines = [FactInline]

    @admin.action(description="Export selected claims", permissions=["export"])
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> HttpResponse | None:
        from claims.views.exports import MAX_SELECTED, render_export_form_for_claims

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


class RatingForm(forms.ModelForm):
    def clean(self) -> dict:
        data = super().clean()
        changed = [name for name in ("name", "value") if name in self.changed_data]
        if self.instance.pk and changed:
            claims = Claim.objects.filter(verdict_id=self.instance.pk).count()
            facts = Fact.objects.filter(verdict_id=self.instance.pk).count()
            if claims or facts:
                uses = " and ".join(
                    f"{n} {noun}{'' if n == 1 else 's'}"
                    for noun, n in (("claim", claims), ("fact", facts))
                    if n
                )
                raise forms.ValidationError(
                    f"“{self.instance.name}” is the verdict of {uses}: its "
                    f"{' and '.join(changed)} cannot change, or those verdicts would change "
                    f"with no trace on the claims. Add a new rating (or a new scale) instead."
                )
        return data


class RatingInline(admin.TabularInline):
    model = Rating
    form = RatingForm
    extra = 0
    fields = ["position", "name", "value", "description"]


@admin.register(RatingScale)
class RatingScaleAdmin(HistoryForReadingAdmin):
    list_display = ["name", "is_active", "best_value", "worst_value"]
    inlines = [RatingInline]


# Evidence on these claims is part of a verdict already approved or published.
SETTLED = (ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)


@admin.register(Source)
class SourceAdmin(HistoryForReadingAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["__str__", "publisher", "published", "url"]
    search_fields = ["title", "url", "publisher"]

    def has_change_permission(self, request: HttpRequest, obj: Source | None = None) -> bool:
        if (
            obj is not None
            and obj.evidence.filter(
                models.Q(claim__status__in=SETTLED) | models.Q(fact__status__in=SETTLED)
            ).exists()
        ):
            return False
        return super().has_change_permission(request, obj)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["claim", "fact", "source", "stance", "added_by", "created_at"]
    list_select_related = ["claim", "fact", "source", "added_by"]
    list_filter = ["stance"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "fact", "author", "created_at", "__str__"]
    list_select_related = ["claim", "fact", "author"]


class FactEvidenceInline(ReadOnlyInline):
    model = Evidence
    fk_name = "fact"
    fields = ["source", "stance", "quote", "note", "added_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).select_related("source", "added_by")


class FactCommentInline(ReadOnlyInline):
    model = Comment
    fk_name = "fact"
    fields = ["author", "text", "created_at"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return super().get_queryset(request).select_related("author")


class FactPaginator(Paginator):
    """Counts exactly up to ADMIN_COUNT_CAP, past it PostgreSQL's estimate (as
    ClaimPaginator does for a filtered list): facts are several per claim."""

    @cached_property
    def count(self) -> int:
        facts = self.object_list
        capped = facts.order_by().values("pk")[: ADMIN_COUNT_CAP + 1].count()
        if capped <= ADMIN_COUNT_CAP:
            return capped
        return estimated_count(facts)


@admin.register(Fact)
class FactAdmin(SeenWithClaims, WorkflowActionsAdmin):
    """A fact, view-only; its workflow steps are the list's actions (services.reviews)."""

    paginator = FactPaginator
    show_full_result_count = False
    list_display = [
        "short_text",
        "kind",
        "claim_name",
        "status",
        "verdict",
        "assignee",
        "origin",
        "stale_verdict",
        "orphaned",
        "version",
    ]
    list_filter = ["kind", "status", "origin", "verdict", "stale_verdict", "orphaned"]
    list_select_related = ["claim", "verdict", "assignee"]
    # Newest first, by the primary key (or the (kind, id) and (status, kind, id) indexes).
    ordering = ["-id"]
    fields = [
        "workbench",
        "claim",
        "position",
        "kind",
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
        "version",
        "anchor",
        "stale_verdict",
        "orphaned",
        "start",
        "end",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [FactEvidenceInline, FactCommentInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Capability.VIEW)

    @admin.display(description="fact")
    def short_text(self, fact: Fact) -> str:
        return fact.text if len(fact.text) <= 120 else fact.text[:117] + "…"

    @admin.display(description="claim", ordering="claim_id")
    def claim_name(self, fact: Fact) -> str:
        text = fact.claim.text
        return text if len(text) <= 80 else text[:77] + "…"

    @admin.display(description="review")
    def workbench(self, fact: Fact) -> str:
        return format_html(
            '<a href="{}">Open its claim on the workbench</a>: verdict, evidence, comments '
            "and history.",
            reverse("claims:claim", args=[fact.claim_id]),
        )


class ImportFileInline(ReadOnlyInline):
    model = ImportFile
    fields = ["name", "size"]
    readonly_fields = fields
    show_change_link = False


class JobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status_label", "progress", "message", "requested_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]

    @admin.display(description="status", ordering="status")
    def status_label(self, job: ImportJob | ExportJob) -> str:
        # As on the workbench: a job whose items all failed is not "Finished".
        return job.status_label

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
    """Read-only like every job, with each file's download link while it lasts; exports
    are made on the workbench's Exports screen, linked as "New export" (editors)."""

    list_display = [*JobAdmin.list_display, "file"]
    readonly_fields = ["file"]
    change_list_template = "admin/claims/exportjob/change_list.html"

    @admin.display(description="file")
    def file(self, job: ExportJob) -> str:
        from claims.views.exports import export_row

        row = export_row(job)
        if row.downloadable and job.expires_at is not None:
            return format_html(
                '<a href="{}">Download</a> until {}',
                reverse("exports:download", args=[job.pk]),
                timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M"),
            )
        if row.expired:
            return "expired"
        if row.gone:
            return "file no longer on the server"
        return "—"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        from claims.views_export import is_editor

        context = {**(extra_context or {}), "can_export": is_editor(request.user)}
        return super().changelist_view(request, extra_context=context)
