"""python manage.py import_factchecks FILE_OR_URL ... [--format claimreview|clef|liar]

Adds earlier fact-checks to the verdict library (services.matching.factchecks_import):
ClaimReview JSON-LD files or pages that embed it, the CLEF verified-claims TSV, the LIAR
TSV. Each bad item is one line on stderr; the valid items are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.importers import fetch as url_fetch
from claims.matching.library import FORMATS
from claims.services.matching import factchecks_import


class Command(BaseCommand):
    help = "Import earlier fact-checks (ClaimReview, CLEF TSV, LIAR TSV) into the verdict library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument("--format", choices=FORMATS, default=None)

    def handle(self, *args: object, **options: Any) -> None:
        for source in options["sources"]:
            if source.startswith(("http://", "https://")):
                try:
                    fetched = url_fetch.fetch_url(
                        source,
                        max_bytes=settings.FACTCHECK_MAX_UPLOAD_BYTES,
                        deadline=settings.FACTCHECK_FETCH_DEADLINE_SECONDS,
                        allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
                    )
                except url_fetch.FetchError as exc:
                    self.stderr.write(f"{source}: {exc}")
                    continue
                data = fetched.data
            else:
                try:
                    data = Path(source).read_bytes()
                except OSError as exc:
                    raise CommandError(f"{source}: cannot be read ({exc.strerror}).") from None
            outcome = factchecks_import(data=data, name=source, format=options["format"])
            for error in outcome.errors:
                self.stderr.write(f"{error['item']}: {error['message']}")
            self.stdout.write(f"{source}: {outcome.sentence()}")
