"""Indexes for the queue's list of facts (claims/selectors_fact_queue.py).

A stale or orphaned fact is rare (a newer revision of its article changed or dropped
it), so the list filtered by either flag would otherwise walk every fact's id to find
the few: these partial indexes hold only the flagged facts, in id order (the list's
orders end in the id; a page is then a range of one of them). SQL, not the model's
Meta.indexes, the way 0010 adds what the model state does not describe: both
PostgreSQL and SQLite have partial indexes.
"""

from django.db import migrations

INDEXES = {
    "fact_stale_id": "stale_verdict",
    "fact_orphaned_id": "orphaned",
}


def forwards(apps, schema_editor):
    # The bare column, as Django writes the filter (`WHERE "claims_fact"."orphaned"`):
    # SQLite uses a partial index only for a query whose WHERE names its condition.
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON claims_fact (id) WHERE {column}",
            params=None,
        )


def backwards(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_facts_from_claims")]

    operations = [migrations.RunPython(forwards, backwards)]
