"""python manage.py seed_demo — demo users and articles for a local try-out."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.imports import import_job_create, import_job_run

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
# Documented in the README; only ever created on a DEBUG (local) installation.
DEMO_USERS = [
    ("editor", "editor-demo-pass", "Editor"),
    ("reviewer", "reviewer-demo-pass", "Reviewer"),
]


class Command(BaseCommand):
    help = "Create the demo editor and reviewer and import the demo articles (local use only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off (never in prod)."
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo creates users with known passwords; it needs DEBUG=1.")
        User = get_user_model()
        for username, password, group_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save()
                user.groups.add(Group.objects.get(name=group_name))
                self.stdout.write(
                    f"Created {group_name.lower()} {username!r} (password {password!r})."
                )
        files = [(path.name, path.read_bytes()) for path in sorted(DEMO_DIR.glob("*.txt"))]
        job = import_job_create(files=files)
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
        self.stdout.write(f"Demo articles: {job.message}")
