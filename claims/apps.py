from __future__ import annotations

from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from claims import checks  # noqa: F401 -- registers the system checks
