"""python manage.py extract FILE [FILE ...] | --jsonl IN.jsonl

Prints one JSON object per document on its own line:
{"id", "metadata": {...}, "claims": [...], "checks": [...]} (the contract in README.md).
For FILE, offsets index the article text as the importer normalises it (given back as
"text"); for --jsonl, offsets index each line's "text" exactly as given.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import importers
from claims.importers.types import ImportRefused, ItemError
from claims.services.extraction import text_extract
from claims.services.imports import import_limits


class Command(BaseCommand):
    help = "Extract claims from .txt/.html files or a JSON Lines file and print JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument(
            "--jsonl", metavar="IN.jsonl", help='One {"id", "text", "published"?} per line.'
        )

    def handle(self, *args: object, **options: Any) -> None:
        if bool(options["files"]) == bool(options["jsonl"]):
            raise CommandError("Give either one or more FILEs or --jsonl IN.jsonl.")
        if options["jsonl"]:
            self._jsonl(Path(options["jsonl"]))
        else:
            for name in options["files"]:
                self._file(Path(name))

    def _emit(self, doc_id: str, metadata: dict[str, Any], result: dict[str, Any]) -> None:
        merged = {**result.get("metadata", {}), **{k: v for k, v in metadata.items() if v}}
        line = {"id": doc_id, **result, "metadata": merged}
        self.stdout.write(json.dumps(line, ensure_ascii=False))

    def _file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
        try:
            items = list(importers.parse(data, name=path.name, limits=import_limits()))
        except ImportRefused as exc:
            raise CommandError(f"{path}: {exc}") from None
        for index, item in enumerate(items):
            doc_id = str(path) if len(items) == 1 else f"{path}#{index + 1}"
            if isinstance(item, ItemError):
                self.stderr.write(f"{item.item}: {item.message}")
                continue
            metadata = {
                "title": item.title,
                "url": item.url,
                "author": item.author,
                "outlet": item.outlet,
                "published": item.published.isoformat() if item.published else None,
            }
            result = text_extract(text=item.text, published=item.published).to_dict()
            result["text"] = item.text
            self._emit(doc_id, metadata, result)

    def _jsonl(self, path: Path) -> None:
        try:
            handle = path.open(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
        with handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                doc = _read_jsonl_line(raw, path=path, number=number)
                result = text_extract(text=doc["text"], published=doc["published"]).to_dict()
                published = doc["published"].isoformat() if doc["published"] else None
                self._emit(doc["id"], {"published": published}, result)


def _read_jsonl_line(raw: str, *, path: Path, number: int) -> dict[str, Any]:
    where = f"{path}:{number}"
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{where}: not valid JSON ({exc.msg}).") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
        raise CommandError(f'{where}: each line needs an object with a "text" string.')
    published = doc.get("published")
    if published is not None:
        try:
            published = datetime.date.fromisoformat(str(published)[:10])
        except ValueError:
            raise CommandError(
                f"{where}: published {published!r} is not a YYYY-MM-DD date."
            ) from None
    return {"id": str(doc.get("id", number)), "text": doc["text"], "published": published}
