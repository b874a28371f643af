"""python manage.py match --library LIB.jsonl --queries Q.jsonl [-k 10]

Prints one JSON object per query on its own line (a stable contract, see README.md):
{"id", "matches": [{"id", "score", "figures": [...], "speakers": [...]}, ...]}, best first,
at most k. A bad line of either file is reported on stderr with its line number and the
rest is processed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.matching.records import LineError, Record, RecordMatcher, read_records


class Command(BaseCommand):
    help = "Match each query claim against a library of claims; print one JSON line per query."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True, metavar="LIB.jsonl")
        parser.add_argument("--queries", required=True, metavar="Q.jsonl")
        parser.add_argument("-k", type=int, default=10, help="matches per query (default 10)")

    def handle(self, *args: object, **options: Any) -> None:
        if options["k"] < 1:
            raise CommandError("-k must be at least 1.")
        library = self._read(Path(options["library"]))
        matcher = RecordMatcher(library)
        for query in self._read(Path(options["queries"])):
            line = matcher.match(query, options["k"])
            self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _read(self, path: Path) -> list[Record]:
        try:
            handle = path.open(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
        records = []
        with handle:
            for item in read_records(handle):
                if isinstance(item, LineError):
                    self.stderr.write(f"{path}: {item}")
                else:
                    records.append(item)
        return records
