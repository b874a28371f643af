"""The data migration 0012_facts_from_claims: claims stored before facts existed get facts
from the structured data they hold as JSON (quantities, attributions, dates...).

Run for real with Django's MigrationExecutor: the database is taken back to 0011, claims
are stored through the historical models in the JSON shape they had then, and 0012 runs
forward (and back). The database is migrated to the latest state again afterwards.
"""

from __future__ import annotations

import hashlib
import re
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE, AFTER = ("claims", "0011_facts"), ("claims", "0012_facts_from_claims")
MIGRATION = import_module("claims.migrations.0012_facts_from_claims")

RAID = (
    "Agents arrested 680 workers at seven plants on Wednesday. ICE spokesman Bryan Cox "
    "confirmed to reporters that 300 workers were released. The raids were planned."
)


def migrate(target: tuple[str, str]):
    """The database migrated to `target`; the app registry of that state."""
    MigrationExecutor(connection).migrate([target])
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.fixture
def before_facts():
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def quantity(text: str, number: str, value: float, unit: str, event: str | None) -> dict:
    start, end = span(text, number)
    return {
        "text": number,
        "start": start,
        "end": end,
        "value": value,
        "approximate": False,
        "qualifier": None,
        "unit": unit,
        "event": event,
        "kind": "count",
        "vague": False,
    }


def stored_article(apps, text: str = RAID, title: str = "Raids"):
    """An article with its claims as the workbench stored them before facts: the
    structured extraction as JSON on each claim, no facts."""
    Article = apps.get_model("claims", "Article")
    Claim = apps.get_model("claims", "Claim")
    article = Article.objects.create(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), title=title
    )
    claims = [
        Claim.objects.create(
            article=article,
            position=position,
            start=sentence.start(),
            end=sentence.end(),
            text=sentence.group(),
        )
        for position, sentence in enumerate(re.finditer(r"[^ .][^.]*\.", text))
    ]
    return article, claims


def raid_article(apps):
    article, (arrests, cox, planned) = stored_article(apps)
    text = article.text
    arrests.quantities = [
        quantity(text, "680", 680.0, "workers", "arrest"),
        quantity(text, "seven", 7.0, "plants", "arrest"),
    ]
    start, end = span(text, "Wednesday")
    arrests.dates = [
        {
            "text": "Wednesday",
            "start": start,
            "end": end,
            "resolved": "2019-08-07",
            "resolved_end": "2019-08-07",
            "granularity": "day",
        }
    ]
    arrests.save()
    speaker, cue = span(text, "Bryan Cox"), span(text, "confirmed")
    content = span(text, "300 workers were released")
    cox.attributions = [
        {
            "speaker": "Bryan Cox",
            "speaker_start": speaker[0],
            "speaker_end": speaker[1],
            "role": "ICE spokesman",
            "organisation": "ICE",
            "cue": "confirm",
            "cue_start": cue[0],
            "cue_end": cue[1],
            "recipient": "reporters",
            "content_start": content[0],
            "content_end": content[1],
            "direct_quote": False,
        }
    ]
    cox.quantities = [quantity(text, "300", 300.0, "workers", "release")]
    cox.save()
    return article, (arrests, cox, planned)


def facts_of(apps, claim) -> list[tuple[str, str]]:
    Fact = apps.get_model("claims", "Fact")
    return list(
        Fact.objects.filter(claim_id=claim.pk).order_by("position").values_list("kind", "text")
    )


def test_it_makes_facts_from_the_claims_structured_data(before_facts):
    article, (arrests, cox, planned) = raid_article(before_facts)

    apps = migrate(AFTER)

    Fact = apps.get_model("claims", "Fact")
    assert facts_of(apps, arrests) == [
        ("figure", "680 workers"),
        ("figure", "seven plants"),
        ("date", "Wednesday"),
    ]
    assert facts_of(apps, cox) == [
        ("attribution", "ICE spokesman Bryan Cox confirmed to reporters"),
        ("figure", "300 workers"),
    ]
    assert facts_of(apps, planned) == []
    for found in Fact.objects.all():
        assert article.text[found.start : found.end] == found.text
        claim = arrests if found.claim_id == arrests.pk else cox
        assert claim.start <= found.start < found.end <= claim.end
        assert (found.origin, found.status, found.version, found.verdict_id) == (
            "extracted",
            "new",
            1,
            None,
        )
    workers = Fact.objects.get(text="680 workers")
    assert (workers.fields["value"], workers.fields["unit"], workers.fields["event"]) == (
        680.0,
        "workers",
        "arrest",
    )
    assert "680" in workers.statement  # its wording is extraction's (claim_facts)
    assert Fact.objects.get(kind="date").fields["resolved"] == "2019-08-07"
    said = Fact.objects.get(kind="attribution").fields
    assert {k: said[k] for k in ("speaker", "role", "recipient", "cue", "content")} == {
        "speaker": "Bryan Cox",
        "role": "ICE spokesman",
        "recipient": "reporters",
        "cue": "confirm",
        "content": "300 workers were released",
    }
    assert article.text[said["content_start"] : said["content_end"]] == said["content"]


def test_a_claim_that_has_facts_already_is_left_alone(before_facts):
    _, (arrests, cox, _) = raid_article(before_facts)
    Fact = before_facts.get_model("claims", "Fact")
    start, end = span(RAID, "680 workers")
    Fact.objects.create(
        claim_id=arrests.pk, kind="figure", start=start, end=end, text="680 workers"
    )

    apps = migrate(AFTER)

    assert facts_of(apps, arrests) == [("figure", "680 workers")]
    assert len(facts_of(apps, cox)) == 2


def test_running_it_forward_again_adds_nothing(before_facts):
    raid_article(before_facts)
    apps = migrate(AFTER)
    Fact = apps.get_model("claims", "Fact")
    made = list(Fact.objects.order_by("pk").values_list("pk", "claim_id", "kind", "start", "end"))

    MIGRATION.forward(apps, None)

    assert len(made) == 5
    assert (
        list(Fact.objects.order_by("pk").values_list("pk", "claim_id", "kind", "start", "end"))
        == made
    )


def test_it_stores_facts_in_batches_across_articles(before_facts, monkeypatch):
    monkeypatch.setattr(MIGRATION, "BATCH", 2)
    claims = []
    for n in range(3):
        text = f"Agents arrested {n + 10} workers. Officials said {n + 20} left."
        _, found = stored_article(before_facts, text, title=f"Raid {n}")
        for claim, number in zip(found, (str(n + 10), str(n + 20)), strict=True):
            claim.quantities = [quantity(text, number, float(number), "workers", None)]
            claim.save()
            claims.append(claim)

    apps = migrate(AFTER)

    assert [len(facts_of(apps, claim)) for claim in claims] == [1] * 6


def test_backwards_it_deletes_only_the_extracted_facts_nobody_touched(before_facts):
    _, (arrests, cox, planned) = raid_article(before_facts)
    apps = migrate(AFTER)
    Fact = apps.get_model("claims", "Fact")
    Evidence = apps.get_model("claims", "Evidence")
    Comment = apps.get_model("claims", "Comment")
    Source = apps.get_model("claims", "Source")
    # A review write bumped one's version; one has evidence, one a comment (neither bumps
    # it); a reviewer added one.
    Fact.objects.filter(text="680 workers").update(version=2, verdict_id=None)
    with_evidence = Fact.objects.get(text="seven plants")
    Evidence.objects.create(
        claim_id=arrests.pk,
        fact=with_evidence,
        source=Source.objects.create(title="ICE release"),
        stance="supports",
    )
    Comment.objects.create(
        claim_id=cox.pk, fact=Fact.objects.get(text="300 workers"), text="Ask ICE."
    )
    start, end = span(RAID, "The raids")
    Fact.objects.create(
        claim_id=planned.pk, kind="list", start=start, end=end, text="The raids", origin="reviewer"
    )

    apps = migrate(BEFORE)

    Fact = apps.get_model("claims", "Fact")
    assert sorted(Fact.objects.values_list("text", flat=True)) == [
        "300 workers",
        "680 workers",
        "The raids",
        "seven plants",
    ]
    assert apps.get_model("claims", "Evidence").objects.get().fact_id == with_evidence.pk
    assert apps.get_model("claims", "Comment").objects.get().fact_id is not None
