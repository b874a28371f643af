import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import claims.models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_source_snapshots"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FactCheckImportJob",
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
                            ("pending", "Waiting for a worker"),
                            ("running", "Running"),
                            ("succeeded", "Finished"),
                            ("failed", "Failed"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("total", models.PositiveIntegerField(default=0)),
                ("done", models.PositiveIntegerField(default=0)),
                ("current_item", models.CharField(blank=True, max_length=500)),
                ("message", models.TextField(blank=True)),
                ("errors", models.JSONField(blank=True, default=list)),
                ("task_id", models.CharField(blank=True, max_length=255)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("run_token", models.UUIDField(blank=True, editable=False, null=True)),
                ("resent_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("format", models.CharField(blank=True, help_text="Empty: detect.", max_length=20)),
                ("url", models.URLField(blank=True, max_length=2000)),
                (
                    "file",
                    models.FileField(
                        blank=True, max_length=1000, upload_to=claims.models._library_upload_path
                    ),
                ),
                ("file_name", models.CharField(blank=True, max_length=500)),
                ("summary", models.JSONField(blank=True, default=dict)),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "abstract": False,
            },
        ),
    ]
