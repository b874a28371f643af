"""The default rating scale, and the Reviewer and Editor groups with their permissions."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_SCALE = "Default (7-point)"
# (name, value, description); value None: not on the numeric scale (ClaimReview gets
# only alternateName). bestRating 5 is "True", worstRating 1 is "False".
RATINGS = [
    ("True", 5, "Accurate, and nothing significant is missing."),
    ("Mostly true", 4, "Accurate but needs clarification or additional information."),
    (
        "Half true",
        3,
        "Partially accurate; leaves out important details or takes things out of context.",
    ),
    (
        "Mostly false",
        2,
        "Contains an element of truth but ignores facts that would give a different impression.",
    ),
    ("False", 1, "Not accurate."),
    ("Misleading", 2, "Accurate in its parts but arranged to give a false impression."),
    ("Unverifiable", None, "Cannot be confirmed or refuted with the evidence available."),
]

REVIEWER_PERMISSIONS = [
    "view_article",
    "view_claim",
    "change_claim",
    "view_consistencycheck",
    "view_source",
    "add_source",
    "change_source",
    "view_evidence",
    "add_evidence",
    "change_evidence",
    "delete_evidence",
    "view_comment",
    "add_comment",
    "view_ratingscale",
    "view_rating",
    "view_importjob",
    "add_importjob",
]
EDITOR_EXTRA_PERMISSIONS = [
    "change_article",
    "add_ratingscale",
    "change_ratingscale",
    "add_rating",
    "change_rating",
    "delete_rating",
    "view_exportjob",
    "add_exportjob",
    "delete_comment",
]


def create_defaults(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    scale, created = RatingScale.objects.get_or_create(
        name=DEFAULT_SCALE,
        defaults={
            "description": "The desk's standard scale, from True to False, plus Misleading and Unverifiable.",
            "is_active": True,
            "best_value": 5,
            "worst_value": 1,
        },
    )
    if created:
        for position, (name, value, description) in enumerate(RATINGS):
            Rating.objects.create(
                scale=scale, name=name, value=value, description=description, position=position
            )

    # Permissions are normally created after all migrations ran; create them now so the
    # groups can be filled in the same migration.
    # create_permissions skips app configs without a models module; migration state app
    # configs have none, so mark it for the call.
    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    claims_perms = {
        p.codename: p for p in Permission.objects.filter(content_type__app_label="claims")
    }
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    reviewer.permissions.set([claims_perms[c] for c in REVIEWER_PERMISSIONS])
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        [claims_perms[c] for c in REVIEWER_PERMISSIONS + EDITOR_EXTRA_PERMISSIONS]
    )


def remove_defaults(apps, schema_editor):
    apps.get_model("claims", "RatingScale").objects.filter(name=DEFAULT_SCALE).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
