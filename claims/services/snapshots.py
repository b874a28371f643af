"""Evidence that lasts: archived copies of web sources, and a periodic check on them.

Adding evidence from a source with a web address creates the source's archive row
(`SourceArchive`, pending) in the same transaction (`source_archive_request`, called by
reviews.evidence_add); the adapter that added it sends `claims.tasks.snapshot_source`,
which calls `source_snapshot_take`. That fetches the page with the URL importer's guarded
fetcher (no private addresses, one deadline, a size cap), keeps its main text
(claims.importers.page_text) as a `Snapshot` and records why when it cannot.

The periodic check (`sources_check_due`, sent by Celery beat every
FACTCHECK_SOURCE_CHECK_SECONDS, and `manage.py check_sources`) fetches every source again:
an archived source is flagged changed (another text) or died (an error or a 4xx/5xx
answer) since its snapshot; a source without a copy gets another try. It also finds
sources that never got an archive row (added before archiving existed, or whose message
was lost), so the rows, not the messages, are what guarantees every source is tried.

Idempotent: a fetch may run twice (a duplicate message, a check overlapping an archive);
snapshots are unique by (url, content hash), and the archive row is written under a row
lock from what the fetch found. The fetch itself runs outside any transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from claims.importers.fetch import FetchError, fetch_url
from claims.importers.page_text import NotArchivable, page_text
from claims.models import Evidence, Snapshot, Source, SourceArchive
from claims.weblinks import is_web_url

logger = logging.getLogger(__name__)

A = SourceArchive
BATCH = 500
# A page that answers, but no longer with an archivable page, has changed rather than died.
_CHANGED_REASONS = (A.Reason.NOT_HTML, A.Reason.NO_TEXT, A.Reason.TOO_LARGE)


@dataclass(frozen=True)
class _Outcome:
    """What one fetch found: a page's text, or why there is none."""

    url: str
    status: int | None
    text: str = ""
    content_hash: str = ""
    content_type: str = ""
    byte_size: int = 0
    reason: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def source_archive_request(*, source: Source) -> bool:
    """Give a web source its archive row (pending) if it has none; True while it waits.

    Called inside the transaction that adds the evidence, so the row commits with it."""
    if not settings.FACTCHECK_ARCHIVE_SOURCES or not is_web_url(source.url):
        return False
    archive, _ = SourceArchive.objects.get_or_create(
        source=source, defaults={"requested_at": timezone.now()}
    )
    return archive.state == A.State.PENDING


def source_awaits_snapshot(*, source_id: int) -> bool:
    return SourceArchive.objects.filter(pk=source_id, state=A.State.PENDING).exists()


def _fetch(url: str) -> _Outcome:
    try:
        fetched = fetch_url(
            url,
            max_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES,
            deadline=settings.FACTCHECK_FETCH_DEADLINE_SECONDS,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
        )
    except FetchError as exc:
        reason = exc.kind if exc.kind in A.Reason.values else A.Reason.UNREACHABLE
        return _Outcome(url=url, status=exc.status, reason=reason, detail=str(exc))
    try:
        page = page_text(fetched.data, fetched.content_type)
    except NotArchivable as exc:
        return _Outcome(url=fetched.url, status=fetched.status, reason=exc.reason, detail=str(exc))
    return _Outcome(
        url=fetched.url,
        status=fetched.status,
        text=page.text,
        content_hash=page.content_hash,
        content_type=fetched.content_type[:200],
        byte_size=len(fetched.data),
    )


def source_snapshot_take(*, source_id: int) -> SourceArchive | None:
    """Fetch the source's page and archive it, or check it against its archived copy.

    None when the source is gone or has no web address."""
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not is_web_url(source.url):
        return None
    SourceArchive.objects.get_or_create(source=source, defaults={"requested_at": timezone.now()})
    outcome = _fetch(source.url)  # outside any transaction: it may take the whole deadline
    with transaction.atomic():
        archive = (
            SourceArchive.objects.select_for_update(of=("self",))
            .select_related("snapshot")
            .get(pk=source_id)
        )
        now = timezone.now()
        snapshot = _store(outcome, now) if outcome.ok else None
        archive.fetched_at = now
        if archive.snapshot is None:
            _first_copy(archive, outcome, snapshot)
        else:
            _check(archive, outcome, snapshot, now)
        archive.save()
    return archive


def _store(outcome: _Outcome, now: datetime) -> Snapshot:
    # Unique by (url, hash): the same text fetched again, by any source, is this row.
    snapshot, _ = Snapshot.objects.get_or_create(
        url=outcome.url[:2000],
        content_hash=outcome.content_hash,
        defaults={
            "text": outcome.text,
            "http_status": outcome.status or 200,
            "content_type": outcome.content_type,
            "byte_size": outcome.byte_size,
            "fetched_at": now,
        },
    )
    return snapshot


def _first_copy(archive: SourceArchive, outcome: _Outcome, snapshot: Snapshot | None) -> None:
    if snapshot is not None:
        archive.state, archive.snapshot = A.State.ARCHIVED, snapshot
        archive.reason, archive.detail = "", ""
    else:
        archive.state = A.State.UNARCHIVABLE
        archive.reason, archive.detail = outcome.reason, outcome.detail
    archive.check_status = outcome.status


def _check(
    archive: SourceArchive, outcome: _Outcome, snapshot: Snapshot | None, now: datetime
) -> None:
    archive.checked_at = now
    archive.check_status = outcome.status
    if snapshot is not None:
        if snapshot.content_hash == archive.snapshot.content_hash:
            archive.check_result, archive.changed_snapshot = A.CheckResult.UNCHANGED, None
            archive.check_detail = ""
        else:
            archive.check_result, archive.changed_snapshot = A.CheckResult.CHANGED, snapshot
            archive.check_detail = "The page's text differs from the archived copy."
        return
    archive.changed_snapshot = None
    archive.check_detail = outcome.detail
    archive.check_result = (
        A.CheckResult.CHANGED if outcome.reason in _CHANGED_REASONS else A.CheckResult.DIED
    )


def _archive_missing_rows(now: datetime) -> None:
    """Archive rows for web sources of evidence that have none (see the module docstring)."""
    with_evidence = Exists(Evidence.objects.filter(source=OuterRef("pk")))
    after = 0
    while True:
        ids = list(
            Source.objects.filter(with_evidence, archive__isnull=True, pk__gt=after)
            .exclude(url="")
            .order_by("pk")
            .values_list("pk", "url")[:BATCH]
        )
        if not ids:
            return
        after = ids[-1][0]
        rows = [
            # Due at once: requested one whole interval ago.
            SourceArchive(source_id=pk, requested_at=now - _interval())
            for pk, url in ids
            if is_web_url(url)
        ]
        SourceArchive.objects.bulk_create(rows, ignore_conflicts=True)


def _interval() -> timedelta:
    return timedelta(seconds=settings.FACTCHECK_SOURCE_CHECK_SECONDS)


def sources_check_due(*, send: Callable[[int], object], everything: bool = False) -> int:
    """Send (or, from the command, run) a fetch for every source due for one; the count.

    Due: asked for more than half an interval ago. Beat ticks every interval, not to the
    second: half an interval between two requests catches every source at every tick,
    and never twice in one. `everything`: every source, whenever it was last asked for.
    Each batch is marked asked-for before it is sent, under row locks skipped by a
    concurrent sweep, so two sweeps do not send the same source. Nothing while
    FACTCHECK_ARCHIVE_SOURCES is off.
    """
    if not settings.FACTCHECK_ARCHIVE_SOURCES:
        return 0
    now = timezone.now()
    _archive_missing_rows(now)
    cutoff = now if everything else now - _interval() / 2
    sent = 0
    after = 0
    while True:
        with transaction.atomic():
            ids = list(
                SourceArchive.objects.select_for_update(skip_locked=True)
                .filter(requested_at__lte=cutoff, pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return sent
            SourceArchive.objects.filter(pk__in=ids).update(requested_at=now)
        after = ids[-1]
        for source_id in ids:
            send(source_id)
        sent += len(ids)
