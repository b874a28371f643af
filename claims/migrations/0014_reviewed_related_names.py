"""Claim and Fact take their review fields from one abstract model (claims.models.Reviewed),
whose related names are spelt per class ("assigned_%(class)ss" gives the same
"assigned_claims" and "assigned_facts" as before). Only the migration state changes:
the columns are what they were, so nothing runs on the database (and SQLite does not
rebuild claims_claim, which would drop the tally's triggers).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_fact_queue_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_%(class)ss",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="verdict",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)ss",
                        to="claims.rating",
                    ),
                ),
                migrations.AlterField(
                    model_name="fact",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_%(class)ss",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="fact",
                    name="verdict",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)ss",
                        to="claims.rating",
                    ),
                ),
            ],
        ),
    ]
