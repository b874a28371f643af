"""Editor-only review permissions (approve, publish), given to the Editor group."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_REVIEW_PERMISSIONS = ["approve_claim", "publish_claim"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="claims", codename__in=EDITOR_REVIEW_PERMISSIONS
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="claims", codename__in=EDITOR_REVIEW_PERMISSIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_default_rating_scale_and_roles")]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["article", "position"],
                "permissions": [
                    ("approve_claim", "Can approve or reject a proposed verdict"),
                    ("publish_claim", "Can publish an approved verdict"),
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
