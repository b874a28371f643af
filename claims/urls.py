from __future__ import annotations

from django.urls import path

from claims.views import (
    base,
    dashboard,
    exports,
    facts,
    imports,
    library,
    queue,
    reader,
    review,
    snapshots,
)

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("login/", base.WorkbenchLoginView.as_view(), name="login"),
    path("logout/", base.WorkbenchLogoutView.as_view(), name="logout"),
    path("queue/", queue.claim_queue, name="queue"),
    path("queue/bulk/", queue.claims_bulk, name="bulk"),
    path("articles/", reader.article_list, name="articles"),
    path("articles/<int:article_id>/", reader.article_reader, name="article"),
    path("claims/<int:claim_id>/", review.claim_review, name="claim"),
    path("claims/<int:claim_id>/assign/", queue.claim_assign, name="assign"),
    path("claims/<int:claim_id>/verdict/", review.verdict, name="verdict"),
    path("claims/<int:claim_id>/transition/", review.transition, name="transition"),
    path("claims/<int:claim_id>/evidence/", review.evidence, name="evidence"),
    path(
        "claims/<int:claim_id>/evidence/<int:evidence_id>/remove/",
        review.evidence_remove,
        name="evidence_remove",
    ),
    path("claims/<int:claim_id>/comment/", review.comment, name="comment"),
    # Facts: each fact's review, and the edits of a claim's facts (claims/views/facts.py).
    path("claims/<int:claim_id>/facts/add/", facts.fact_add, name="fact_add"),
    path("facts/<int:fact_id>/", facts.fact_review, name="fact-review"),
    path("facts/<int:fact_id>/assign/", facts.fact_assign, name="fact_assign"),
    path("facts/<int:fact_id>/verdict/", facts.fact_verdict, name="fact_verdict"),
    path("facts/<int:fact_id>/transition/", facts.fact_transition, name="fact_transition"),
    path("facts/<int:fact_id>/evidence/", facts.fact_evidence, name="fact_evidence"),
    path(
        "facts/<int:fact_id>/evidence/<int:evidence_id>/remove/",
        facts.fact_evidence_remove,
        name="fact_evidence_remove",
    ),
    path("facts/<int:fact_id>/comment/", facts.fact_comment, name="fact_comment"),
    path("facts/<int:fact_id>/reuse/", facts.fact_reuse_verdict, name="fact_reuse_verdict"),
    path("facts/<int:fact_id>/split/", facts.fact_split, name="fact_split"),
    path("facts/<int:fact_id>/merge/", facts.fact_merge, name="fact_merge"),
    path("facts/<int:fact_id>/correct/", facts.fact_correct, name="fact_correct"),
    path("facts/<int:fact_id>/delete/", facts.fact_delete, name="fact_delete"),
    path("snapshots/<int:snapshot_id>/", snapshots.snapshot, name="snapshot"),
    path("claims/<int:claim_id>/reuse-verdict/", review.reuse_verdict, name="reuse_verdict"),
    # Exports (editors): the screen and a page per job; their progress.json, download and
    # the article report stay under /exports/ (claims/urls_export.py).
    path("exports/", exports.exports, name="exports"),
    path("exports/<int:job_id>/", exports.export_job, name="export_job"),
    path("library/", library.library, name="library"),
    path("library/imports/<int:job_id>/", library.library_job, name="library_job"),
    path("imports/new/", imports.upload, name="upload"),
    path("imports/<int:job_id>/", imports.import_job, name="import_job"),
    # One progress endpoint per kind of job: exports have theirs under /exports/ (editors).
    path("imports/<int:job_id>/progress.json", imports.import_job_json, name="import_job_json"),
]
