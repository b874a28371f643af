from __future__ import annotations

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from claims import checks  # noqa: F401 -- registers the system checks
        from factcheck import db_session

        connection_created.connect(db_session.configure, dispatch_uid="factcheck.db_session")
