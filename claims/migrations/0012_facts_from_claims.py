"""Facts for the claims stored before facts existed, from their structured data.

The same pure function builds them as at import (claims.extraction.facts.claim_facts),
from the quantities, attributions, dates, comparisons and enumerations each claim holds.
Claims that already have facts are left alone, so the migration can run again.
Reversing it deletes only the facts it made (origin "extracted") that nobody touched
since: never a reviewer's, nor one with a review write, evidence or a comment.
"""

from django.db import migrations

from claims.extraction.facts import claim_facts

BATCH = 500


def forward(apps, schema_editor):
    Article = apps.get_model("claims", "Article")
    Claim = apps.get_model("claims", "Claim")
    Fact = apps.get_model("claims", "Fact")
    with_facts = Fact.objects.values("claim_id")
    article_ids = (
        Claim.objects.exclude(pk__in=with_facts)
        .order_by()
        .values_list("article_id", flat=True)
        .distinct()
    )
    pending = []
    for article_id in article_ids.iterator(chunk_size=BATCH):
        text = Article.objects.filter(pk=article_id).values_list("text", flat=True).get()
        claims = Claim.objects.filter(article_id=article_id).exclude(pk__in=with_facts)
        for claim in claims.order_by("position"):
            found = claim_facts(
                text,
                claim.start,
                claim.end,
                quantities=claim.quantities or [],
                attributions=claim.attributions or [],
                dates=claim.dates or [],
                comparisons=claim.comparisons or [],
                enumerations=claim.enumerations or [],
            )
            pending.extend(
                Fact(
                    claim_id=claim.pk,
                    position=position,
                    kind=fact.kind,
                    start=fact.start,
                    end=fact.end,
                    text=fact.text,
                    statement=fact.statement,
                    fields=fact.fields,
                    origin="extracted",
                )
                for position, fact in enumerate(found)
            )
        if len(pending) >= BATCH:
            Fact.objects.bulk_create(pending)
            pending = []
    if pending:
        Fact.objects.bulk_create(pending)


def backward(apps, schema_editor):
    Fact = apps.get_model("claims", "Fact")
    Evidence = apps.get_model("claims", "Evidence")
    Comment = apps.get_model("claims", "Comment")
    # Untouched: never written by a review (version 1), and no evidence or comment on it
    # (those do not bump the version, and would go with the fact).
    Fact.objects.filter(origin="extracted", version=1).exclude(
        pk__in=Evidence.objects.filter(fact__isnull=False).values("fact_id")
    ).exclude(pk__in=Comment.objects.filter(fact__isnull=False).values("fact_id")).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0011_facts")]

    operations = [migrations.RunPython(forward, backward)]
