"""python manage.py check_sources [--all]

The periodic source check by hand (services.snapshots.sources_check_due), run here and
now instead of by the workers: every source due for a check (or, with --all, every one)
is fetched again; an archived source is flagged changed or gone since its snapshot, a
source without an archived copy gets another try. One line per source, then the totals.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import SourceArchive
from claims.services.snapshots import source_snapshot_take, sources_check_due


class Command(BaseCommand):
    help = "Re-fetch the sources of evidence; flag those that changed or died since archived."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every source, not only those due (FACTCHECK_SOURCE_CHECK_SECONDS).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if not settings.FACTCHECK_ARCHIVE_SOURCES:
            raise CommandError("Sources are not archived here (FACTCHECK_ARCHIVE_SOURCES=0).")
        tally: Counter[str] = Counter()

        def check(source_id: int) -> None:
            archive = source_snapshot_take(source_id=source_id)
            if archive is None:
                return
            outcome = _outcome(archive)
            tally[outcome] += 1
            detail = archive.check_detail or archive.detail
            self.stdout.write(
                f"{archive.source.url}: {outcome}" + (f" ({detail})" if detail else "")
            )

        sources_check_due(send=check, everything=options["all"])
        total = sum(tally.values())
        summary = ", ".join(f"{count} {name}" for name, count in sorted(tally.items()))
        self.stdout.write(
            f"{total} source{'s' if total != 1 else ''} checked"
            + (f": {summary}" if total else ".")
        )


def _outcome(archive: SourceArchive) -> str:
    if archive.state != SourceArchive.State.ARCHIVED:
        return "not archived"
    if archive.checked_at is None:
        return "archived"
    return archive.get_check_result_display().lower()
