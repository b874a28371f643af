from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, env_path


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_a_malformed_boolean_fails_loudly_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False)


def test_a_malformed_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "six hours")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("CELERY_VISIBILITY_TIMEOUT", 10)


def test_a_number_below_its_minimum_is_refused(monkeypatch):
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "5")
    with pytest.raises(ImproperlyConfigured, match="at least 60"):
        env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60)


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example,, ")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_a_relative_folder_is_refused(monkeypatch):
    monkeypatch.setenv("FACTCHECK_EXPORT_DIR", "exports")
    with pytest.raises(ImproperlyConfigured, match="absolute"):
        env_path("FACTCHECK_EXPORT_DIR", None)  # type: ignore[arg-type]
