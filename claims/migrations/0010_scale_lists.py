"""Lists that stay fast at millions of claims (issue 14).

Besides the model changes (the keyset indexes, ClaimTally), this adds what only one
database has, with SQL per vendor (not in the model state, so makemigrations ignores it):

- both: triggers that keep claims_claimtally exact on every insert, update and delete
  of claims_claim, then fill it from the claims already stored. PostgreSQL uses
  statement triggers with transition tables (one upsert per statement, also for COPY);
  SQLite row triggers.
- PostgreSQL: pg_trgm; claims_claim.search_vector, a stored generated tsvector of the
  claim's text (English stemming; thousands separators dropped from figures first, so
  "8,417" and "8417" are one lexeme: the english parser would split "8,417" into "8"
  and "417"), with a GIN index; trigram GIN indexes on UPPER(text) and on the article's
  UPPER(title) (Django's icontains is UPPER(x) LIKE UPPER(y)); a GIN index on kinds for
  jsonb containment. claims/selectors_search.py and selectors_review read them.

Adding the stored column rewrites claims_claim once (about a minute per million claims,
with the table locked): run it in a maintenance window on a large desk.
"""

from django.conf import settings
from django.db import migrations, models

# floor(score * 10) clamped to 0..10: the same bucket as claims.selectors_counts.bucket_of.
PG_BUCKET = "LEAST(10, GREATEST(0, floor({t}.score * 10)))::smallint"
SQLITE_BUCKET = "max(0, min(10, CAST({t}.score * 10 AS INTEGER)))"

PG_TALLY = """
CREATE FUNCTION claims_claim_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One upsert per statement; keys in a fixed order, so two writers lock tally rows in
  -- the same order (no deadlock between them); net zero changes write nothing.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO claims_claimtally AS t (status, score_bucket, verdict_id, n)
    SELECT r.status, {bucket}, COALESCE(r.verdict_id, 0), count(*)
    FROM new_rows r GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (status, score_bucket, verdict_id) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO claims_claimtally AS t (status, score_bucket, verdict_id, n)
    SELECT r.status, {bucket}, COALESCE(r.verdict_id, 0), -count(*)
    FROM old_rows r GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (status, score_bucket, verdict_id) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSE
    INSERT INTO claims_claimtally AS t (status, score_bucket, verdict_id, n)
    SELECT status, bucket, verdict, sum(d) FROM (
      SELECT r.status, {bucket} AS bucket, COALESCE(r.verdict_id, 0) AS verdict, -1 AS d
      FROM old_rows r
      UNION ALL
      SELECT r.status, {bucket}, COALESCE(r.verdict_id, 0), 1 FROM new_rows r
    ) AS moved GROUP BY 1, 2, 3 HAVING sum(d) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (status, score_bucket, verdict_id) DO UPDATE SET n = t.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER claims_claim_tally_insert AFTER INSERT ON claims_claim
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally();
CREATE TRIGGER claims_claim_tally_update AFTER UPDATE ON claims_claim
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally();
CREATE TRIGGER claims_claim_tally_delete AFTER DELETE ON claims_claim
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_tally();
""".format(bucket=PG_BUCKET.format(t="r"))  # noqa: S608 (constants, no input)

PG_UNTALLY = """
DROP TRIGGER IF EXISTS claims_claim_tally_insert ON claims_claim;
DROP TRIGGER IF EXISTS claims_claim_tally_update ON claims_claim;
DROP TRIGGER IF EXISTS claims_claim_tally_delete ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_tally();
"""

_SQLITE_ADD = """INSERT INTO claims_claimtally (status, score_bucket, verdict_id, n)
  VALUES ({t}.status, {bucket}, COALESCE({t}.verdict_id, 0), {d})
  ON CONFLICT (status, score_bucket, verdict_id) DO UPDATE SET n = n + excluded.n;"""

SQLITE_TALLY = [
    "CREATE TRIGGER claims_claim_tally_insert AFTER INSERT ON claims_claim BEGIN "
    + _SQLITE_ADD.format(t="NEW", bucket=SQLITE_BUCKET.format(t="NEW"), d=1)
    + " END",
    "CREATE TRIGGER claims_claim_tally_delete AFTER DELETE ON claims_claim BEGIN "
    + _SQLITE_ADD.format(t="OLD", bucket=SQLITE_BUCKET.format(t="OLD"), d=-1)
    + " END",
    "CREATE TRIGGER claims_claim_tally_update AFTER UPDATE OF status, score, verdict_id "
    "ON claims_claim WHEN OLD.status IS NOT NEW.status OR OLD.score IS NOT NEW.score "
    "OR OLD.verdict_id IS NOT NEW.verdict_id BEGIN "
    + _SQLITE_ADD.format(t="OLD", bucket=SQLITE_BUCKET.format(t="OLD"), d=-1)
    + " "
    + _SQLITE_ADD.format(t="NEW", bucket=SQLITE_BUCKET.format(t="NEW"), d=1)
    + " END",
]
SQLITE_UNTALLY = [
    "DROP TRIGGER IF EXISTS claims_claim_tally_insert",
    "DROP TRIGGER IF EXISTS claims_claim_tally_delete",
    "DROP TRIGGER IF EXISTS claims_claim_tally_update",
]

FILL = """INSERT INTO claims_claimtally (status, score_bucket, verdict_id, n)
SELECT c.status, {bucket}, COALESCE(c.verdict_id, 0), count(*) FROM claims_claim c
GROUP BY 1, 2, 3"""

# The english parser splits "8,417" at the comma; a comma between a digit and a group of
# three digits is dropped before parsing (the search service does the same to queries).
PG_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE claims_claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, "
    r"regexp_replace(text, '(\d),(?=\d{3}(\D|$))', '\1', 'g'))) STORED",
    "CREATE INDEX claim_search_vector ON claims_claim USING gin (search_vector)",
    "CREATE INDEX claim_text_trgm ON claims_claim USING gin (UPPER(text) gin_trgm_ops)",
    "CREATE INDEX article_title_trgm ON claims_article USING gin (UPPER(title) gin_trgm_ops)",
    "CREATE INDEX claim_kinds_gin ON claims_claim USING gin (kinds jsonb_path_ops)",
]
PG_UNSEARCH = [
    "DROP INDEX IF EXISTS claim_kinds_gin",
    "DROP INDEX IF EXISTS article_title_trgm",
    "DROP INDEX IF EXISTS claim_text_trgm",
    "DROP INDEX IF EXISTS claim_search_vector",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [PG_TALLY, FILL.format(bucket=PG_BUCKET.format(t="c")), *PG_SEARCH]
    elif vendor == "sqlite":
        statements = [*SQLITE_TALLY, FILL.format(bucket=SQLITE_BUCKET.format(t="c"))]
    else:
        raise RuntimeError(f"claims 0010 knows PostgreSQL and SQLite, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = [*PG_UNSEARCH, PG_UNTALLY] if vendor == "postgresql" else SQLITE_UNTALLY
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_factcheckimportjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("new", "New"),
                            ("in_review", "In review"),
                            ("awaiting_approval", "Awaiting approval"),
                            ("approved", "Approved"),
                            ("published", "Published"),
                            ("dismissed", "Dismissed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("score_bucket", models.PositiveSmallIntegerField()),
                ("verdict_id", models.BigIntegerField(default=0)),
                ("n", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["article_id", "position"],
                "permissions": [
                    ("approve_claim", "Can approve or reject a proposed verdict"),
                    ("publish_claim", "Can publish an approved verdict"),
                ],
            },
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claims_clai_status_328d74_idx",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-score", "id"], name="claim_score_id"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "-score", "id"], name="claim_status_score_id"),
        ),
        migrations.AddConstraint(
            model_name="claimtally",
            constraint=models.UniqueConstraint(
                fields=("status", "score_bucket", "verdict_id"), name="claim_tally_key"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
