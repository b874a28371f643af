"""PostgreSQL: one pair of search indexes per score band (partial indexes), in place of the
band-keyed pair of 0016.

A band-keyed GIN index (btree_gin: the band, then the words or trigrams) answers "band 19
AND the search" by intersecting posting lists that each span the whole table: the band's
own list and each trigram's, so a band read cost the same as a search of all claims
(13 ms of trigram lists for one band at a million claims, most of a page). A partial index
per band holds that band's claims only: its posting lists are the band's, and a band read
costs what its matches cost.

The full indexes of 0010 come back for the searches that read no band (relevance order,
the API, the admin's count). The band expression here and selectors_search.BAND must
stay the same text: PostgreSQL uses a partial index only when it can prove the query's
condition implies the index's. SQLite: nothing.
"""

from django.db import migrations

BAND = "(LEAST(GREATEST(floor(score * 20), 0), 20)::smallint)"
BANDS = range(21)  # 0..20: a score of 1.0 is band 20 (selectors_search.BANDS)

FORWARD = [
    "CREATE INDEX IF NOT EXISTS claim_search_vector ON claims_claim USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS claim_text_trgm ON claims_claim "
    "USING gin (UPPER(text) gin_trgm_ops)",
    *(
        f"CREATE INDEX IF NOT EXISTS claim_search_vector_b{band} ON claims_claim "
        f"USING gin (search_vector) WHERE {BAND} = {band}"
        for band in BANDS
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS claim_text_trgm_b{band} ON claims_claim "
        f"USING gin (UPPER(text) gin_trgm_ops) WHERE {BAND} = {band}"
        for band in BANDS
    ),
    "DROP INDEX IF EXISTS claim_band_search_vector",
    "DROP INDEX IF EXISTS claim_band_text_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS claim_band_search_vector ON claims_claim "
    f"USING gin ({BAND}, search_vector)",
    "CREATE INDEX IF NOT EXISTS claim_band_text_trgm ON claims_claim "
    f"USING gin ({BAND}, UPPER(text) gin_trgm_ops)",
    *(f"DROP INDEX IF EXISTS claim_search_vector_b{band}" for band in BANDS),
    *(f"DROP INDEX IF EXISTS claim_text_trgm_b{band}" for band in BANDS),
    "DROP INDEX IF EXISTS claim_search_vector",
    "DROP INDEX IF EXISTS claim_text_trgm",
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
    dependencies = [("claims", "0017_source_recent")]

    operations = [migrations.RunPython(forwards, backwards)]
