"""python manage.py train_worthiness DATA [DATA ...] -o MODEL [--desk-decisions]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.datasets import load_labelled
from claims.extraction.worthiness import train_scorer
from claims.selectors import desk_decisions


class Command(BaseCommand):
    help = (
        "Train a check-worthiness ranker from labelled sentences (ClaimBuster JSON, CLEF "
        'TSV, or JSON Lines {"text", "label"}) and, with --desk-decisions, the claims this '
        "desk kept or dismissed. Point FACTCHECK_WORTHINESS_MODEL at the file to use it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("data", nargs="*", metavar="DATA")
        parser.add_argument("-o", "--output", required=True, metavar="MODEL")
        parser.add_argument(
            "--desk-decisions",
            action="store_true",
            help="Add the claims reviewers kept (1) or dismissed (0) in this database.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        texts: list[str] = []
        labels: list[int] = []
        for name in options["data"]:
            try:
                rows = load_labelled(name)
            except (OSError, ValueError) as exc:
                raise CommandError(str(exc)) from None
            texts.extend(text for text, _ in rows)
            labels.extend(label for _, label in rows)
            self.stdout.write(
                f"{name}: {len(rows)} sentences, {sum(label for _, label in rows)} positive."
            )
        extra = list(desk_decisions()) if options["desk_decisions"] else []
        if options["desk_decisions"]:
            self.stdout.write(
                f"Desk decisions: {len(extra)} claims, {sum(label for _, label in extra)} kept."
            )
        if not texts and not extra:
            raise CommandError("Nothing to train on: give DATA files or --desk-decisions.")
        try:
            scorer = train_scorer(
                texts,
                labels,
                extra_texts=[text for text, _ in extra],
                extra_labels=[label for _, label in extra],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        scorer.save(output)
        self.stdout.write(self.style.SUCCESS(f"Model written to {output}."))
