"""Export pages; included by factcheck/urls.py under "exports/"."""

from __future__ import annotations

from django.urls import path

from claims import views_export

app_name = "exports"

urlpatterns = [
    path("", views_export.export_new, name="new"),
    path("<int:job_id>/", views_export.export_job_page, name="job"),
    path("<int:job_id>/progress.json", views_export.export_job_json, name="job_json"),
    path("<int:job_id>/download/", views_export.export_download, name="download"),
    path("articles/<int:article_id>/report/", views_export.article_report, name="article_report"),
]
