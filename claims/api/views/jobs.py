"""Import and export jobs: POST answers 202 with the job, which a worker runs; GET shows
its progress from the job row; a finished export is downloaded through the API."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims import selectors_api
from claims.api import schema
from claims.api.errors import StateConflict
from claims.api.inputs import ExportJobInput, ImportUploadInput, ImportUrlsInput
from claims.api.pagination import PagePagination
from claims.api.serializers import ExportJobSerializer, ImportJobSerializer
from claims.api.views.base import ApiViewSet, body, path_id
from claims.models import ExportJob, ImportJob
from claims.permissions import Capability
from claims.services.exports import export_file, export_job_create
from claims.services.imports import import_job_create
from claims.tasks import run_export, run_import
from claims.views_export import export_file_response


class _JobViewSet(ApiViewSet):
    pagination_class = PagePagination

    def _list(self, request: Request, queryset, serializer_class) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        data = serializer_class(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


@extend_schema_view(
    list=schema.imports_list, retrieve=schema.imports_retrieve, create=schema.imports_create
)
class ImportJobViewSet(_JobViewSet):
    queryset = ImportJob.objects.none()  # for the schema: the type of the path id
    required_capabilities = {"create": Capability.IMPORT}
    # Files come as multipart/form-data; URLs alone may also come as JSON.
    parser_classes = [JSONParser, MultiPartParser]

    def list(self, request: Request) -> Response:
        jobs = selectors_api.import_job_list().prefetch_related("files")
        return self._list(request, jobs, ImportJobSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        job = selectors_api.import_job_list().get(pk=path_id(pk))
        return Response(ImportJobSerializer(job).data)

    def create(self, request: Request) -> Response:
        multipart = request.content_type.startswith("multipart/")
        data = body(ImportUploadInput if multipart else ImportUrlsInput, request).validated_data
        job = import_job_create(
            files=[(f.name, f.read()) for f in data.get("files", [])],
            urls=data.get("urls", []),
            format=data.get("format", ""),
            requested_by=request.user,
        )
        # import_job_create committed (durable): the worker finds the job once queued.
        run_import.delay_on_commit(job.pk)
        job = selectors_api.import_job_list().get(pk=job.pk)
        location = reverse("api:import-job-detail", args=[job.pk], request=request)
        return Response(
            ImportJobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )


@extend_schema_view(
    list=schema.exports_list, retrieve=schema.exports_retrieve, create=schema.exports_create
)
class ExportJobViewSet(_JobViewSet):
    queryset = ExportJob.objects.none()  # for the schema: the type of the path id
    # Exports are an editor's tool, reading them included (as in the UI).
    required_capabilities = {
        "list": Capability.EXPORT,
        "retrieve": Capability.EXPORT,
        "create": Capability.EXPORT,
        "download": Capability.EXPORT,
    }

    def list(self, request: Request) -> Response:
        return self._list(request, selectors_api.export_job_list(), ExportJobSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        job = selectors_api.export_job_list().get(pk=path_id(pk))
        return Response(ExportJobSerializer(job, context={"request": request}).data)

    def create(self, request: Request) -> Response:
        data = body(ExportJobInput, request)
        job = export_job_create(
            format=data.validated_data["format"],
            filters=data.export_filters(),
            requested_by=request.user,
        )
        run_export.delay_on_commit(job.pk)
        location = reverse("api:export-job-detail", args=[job.pk], request=request)
        return Response(
            ExportJobSerializer(job, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # A download answers with the file's own type whatever Accept says (a client
        # may well ask for text/csv); errors on the way are JSON, like everywhere.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    @schema.exports_download
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        job = selectors_api.export_job_list().get(pk=path_id(pk))
        if not job.is_finished:
            # Not yet: the same request will work later (a failed or expired one never).
            raise StateConflict(
                f"This export is {job.get_status_display().lower()}; download it once it "
                "has finished."
            )
        path = export_file(job)  # ExportFileGone: 410
        return export_file_response(job, path)
