"""claims.auth_backend: a signed-in user and their permissions in one query, the same
set ModelBackend reads with three."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.api.authentication import ThrottledTokenAuthentication
from claims.auth_backend import OneQueryModelBackend
from tests.cast import person

pytestmark = pytest.mark.django_db


def _django_reads(user) -> set[str]:
    return ModelBackend().get_all_permissions(type(user).objects.get(pk=user.pk))


def test_a_users_own_and_group_permissions_come_with_the_user_in_one_query():
    user = person("pat", "Reviewer")
    user.user_permissions.add(Permission.objects.get(codename="view_exportjob"))
    second = Group.objects.create(name="Importers")
    second.permissions.add(Permission.objects.get(codename="add_importjob"))
    user.groups.add(second)

    with CaptureQueriesContext(connection) as captured:
        loaded = OneQueryModelBackend().get_user(user.pk)
        allowed = loaded.has_perm("claims.change_claim"), loaded.has_perm("claims.add_importjob")

    assert len(captured.captured_queries) == 1
    assert loaded.get_all_permissions() == _django_reads(user)
    assert {"claims.view_exportjob", "claims.add_importjob"} <= loaded.get_all_permissions()
    assert allowed == (True, True)
    assert not loaded.has_perm("claims.approve_claim")  # an editor's


def test_a_user_without_permissions_has_none():
    user = person("nobody")

    loaded = OneQueryModelBackend().get_user(user.pk)

    assert loaded.get_all_permissions() == set() == _django_reads(user)


def test_an_inactive_or_missing_user_is_not_signed_in():
    user = person("gone", "Reviewer")
    user.is_active = False
    user.save()

    assert OneQueryModelBackend().get_user(user.pk) is None
    assert OneQueryModelBackend().get_user(user.pk + 1000) is None


def test_a_superuser_still_has_every_permission():
    admin = person("root", superuser=True)

    loaded = OneQueryModelBackend().get_user(admin.pk)

    assert loaded.has_perm("claims.approve_claim")
    assert loaded.get_all_permissions() == _django_reads(admin)


def test_a_workbench_page_reads_the_permissions_only_with_the_user(client):
    client.force_login(person("pat", "Reviewer"))
    client.get(reverse("claims:queue"))  # its pickers (the reviewers) are read once a minute

    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("claims:queue")).status_code == 200
    reading = [q["sql"] for q in captured.captured_queries if "auth_permission" in q["sql"]]

    assert len(reading) == 1
    assert reading[0].startswith('SELECT "auth_user"."id"')


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_an_api_token_is_read_with_its_user_and_permissions_in_one_query():
    client = _token_client(person("pat", "Reviewer"))

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/claims/").status_code == 200
    reading = [q["sql"] for q in captured.captured_queries if "auth_permission" in q["sql"]]

    assert len(reading) == 1
    assert 'FROM "authtoken_token"' in reading[0]
    assert len(captured.captured_queries) == 2  # and the page of claims


def test_an_api_token_gives_the_permissions_django_reads():
    user = person("pat", "Reviewer")
    user.user_permissions.add(Permission.objects.get(codename="view_exportjob"))
    user.groups.add(Group.objects.create(name="Importers"))
    key = Token.objects.create(user=user).key

    loaded, _ = ThrottledTokenAuthentication().authenticate_credentials(key)

    assert loaded.get_all_permissions() == _django_reads(user)
    assert "claims.view_exportjob" in loaded.get_all_permissions()


def test_an_api_token_of_a_superuser_or_an_inactive_user():
    admin = _token_client(person("root", superuser=True))
    gone = person("gone", "Reviewer")
    gone.is_active = False
    gone.save()

    assert admin.get("/api/claims/").status_code == 200
    answer = _token_client(gone).get("/api/claims/")
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "User inactive or deleted."
    unknown = APIClient()
    unknown.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert unknown.get("/api/claims/").json()["error"]["message"] == "Invalid token."
