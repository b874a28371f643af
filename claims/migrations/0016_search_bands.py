"""PostgreSQL: the claim search indexes also key each claim by its score band, so that a
search ordered by score can be read band by band (claims.selectors_search.page_rows).

A search whose matches are many but rare among the best-scored claims ("evacuated" in
0.9 % of the claims scored 0.90-0.95) made the queue walk the score index through
hundreds of thousands of claims that do not match. With the band as the first column of
the two GIN indexes (btree_gin), "band 19 AND search_vector @@ query" is one index scan
that yields only the matches of that band, in a few milliseconds.

The band expression here and selectors_search.BAND must stay the same text: PostgreSQL
uses an expression index only for the same expression. Each index replaces the plain
one of 0010, which served searches without a band; a GIN index answers a condition on
any of its columns, so those still use it. SQLite: nothing (no GIN; searches there are
plain filters).
"""

from django.db import migrations

BAND = "(LEAST(GREATEST(floor(score * 20), 0), 20)::smallint)"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    f"CREATE INDEX IF NOT EXISTS claim_band_search_vector ON claims_claim USING gin ({BAND}, search_vector)",
    f"CREATE INDEX IF NOT EXISTS claim_band_text_trgm ON claims_claim USING gin "
    f"({BAND}, UPPER(text) gin_trgm_ops)",
    "DROP INDEX IF EXISTS claim_search_vector",
    "DROP INDEX IF EXISTS claim_text_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS claim_search_vector ON claims_claim USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS claim_text_trgm ON claims_claim "
    "USING gin (UPPER(text) gin_trgm_ops)",
    "DROP INDEX IF EXISTS claim_band_search_vector",
    "DROP INDEX IF EXISTS claim_band_text_trgm",
]


def forwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_reviewer_week")]

    operations = [migrations.RunPython(forwards, backwards)]
