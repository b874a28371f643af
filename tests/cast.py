"""The named cast of the tests: a reviewer, a second reviewer, an editor, a second
editor, an outsider (logged in, no role) and an admin. No tests here."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "correct horse battery staple"


def person(username: str, *groups: str, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_superuser=superuser
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def reviewer(db):
    return person("rita", "Reviewer")


@pytest.fixture
def second_reviewer(db):
    return person("rob", "Reviewer")


@pytest.fixture
def editor(db):
    return person("edna", "Editor")


@pytest.fixture
def second_editor(db):
    return person("eddie", "Editor")


@pytest.fixture
def outsider(db):
    return person("otto")


@pytest.fixture
def admin_user(db):
    return person("ada", superuser=True)
