"""ReviewerWeek: the dashboard's "reviewed this week" from one row per reviewer and week,
kept by services.reviews, instead of grouping the claim history of the week (at a million
claims that history holds hundreds of thousands of rows).

The rows are filled from the history as it stands: a claim counts once per person and
week in which that person took it through "submit for approval" (the change reason the
service records). `FILL` is also what bench/bench_scale.py runs after writing its bench
history in SQL, so the bench's tally is the one the product would have kept.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SUBMIT_REASON = "submit for approval"

# week: the Monday (UTC) of the history row's date. PostgreSQL's ISO week starts on Monday;
# on SQLite, 'weekday 0' moves to the coming Sunday (or stays on one), less six days.
WEEK = {
    "postgresql": "(date_trunc('week', h.history_date AT TIME ZONE 'UTC'))::date",
    "sqlite": "date(h.history_date, 'weekday 0', '-6 days')",
}
FILL = """
INSERT INTO claims_reviewerweek (week, user_id, claims)
SELECT {week}, h.history_user_id, COUNT(DISTINCT h.id)
FROM claims_historicalclaim h
WHERE h.history_user_id IN (SELECT id FROM {users})
  AND h.history_change_reason LIKE %s
  {since}
GROUP BY 1, 2
ON CONFLICT (week, user_id) DO UPDATE SET claims = claims_reviewerweek.claims + EXCLUDED.claims
"""


def fill(connection, *, users_table: str, since_history_id: int = 0) -> None:
    """Add the submissions recorded in the history (those after `since_history_id`)."""
    since = f"AND h.history_id > {int(since_history_id)}" if since_history_id else ""
    sql = FILL.format(
        week=WEEK[connection.vendor], users=connection.ops.quote_name(users_table), since=since
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SUBMIT_REASON + "%"])


def forwards(apps, schema_editor) -> None:
    users = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    fill(schema_editor.connection, users_table=users)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_reviewed_related_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewerWeek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week", models.DateField()),
                ("claims", models.PositiveIntegerField(default=0)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("week", "user"), name="reviewer_week_key")
                ],
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
