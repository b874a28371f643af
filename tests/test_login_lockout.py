"""Login lockout (django-axes): wrong passwords on either login form lock the account and
the client's address for LOGIN_LOCKOUT_MINUTES, with a page a person understands; an admin
unlocks in the admin or with `manage.py axes_reset`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.cast import PASSWORD, person

pytestmark = pytest.mark.django_db

# Documentation addresses (RFC 5737): never a real client.
ADDRESS = "203.0.113.7"
OTHER_ADDRESS = "198.51.100.9"
LIMIT = getattr(settings, "AXES_FAILURE_LIMIT", 5)
FORMS = {"workbench": "claims:login", "admin": "admin:login"}


@pytest.fixture
def rita(db):
    user = person("rita", "Reviewer")
    user.is_staff = True  # so that the admin's form would let her in too
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def rob(db):
    user = person("rob", "Reviewer")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def log_in(client: Client, form: str, username: str, password: str, address: str = ADDRESS):
    return client.post(
        reverse(FORMS[form]), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client: Client, form: str, username: str, times: int, address: str = ADDRESS):
    return [log_in(client, form, username, "wrong password", address) for _ in range(times)]


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked_page(response) -> None:
    assert response.status_code == 429
    text = response.content.decode()
    assert "logging in is locked" in text
    assert "Try again in 15 minutes" in text
    assert "ask an admin to unlock it" in text
    assert "Factcheck workbench" in text  # the workbench's header, not a bare error
    assert response["Retry-After"] == "900"


def test_the_settings_lock_after_five_failures_for_fifteen_minutes():
    assert LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


@pytest.mark.parametrize("form", FORMS)
def test_wrong_passwords_below_the_limit_are_answered_with_the_form(client, rita, form):
    for response in fail(client, form, "rita", LIMIT - 1):
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()


@pytest.mark.parametrize("form", FORMS)
def test_the_right_password_after_fewer_failures_than_the_limit_logs_in(client, rita, form):
    fail(client, form, "rita", LIMIT - 1)

    response = log_in(client, form, "rita", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("form", FORMS)
def test_the_failure_at_the_limit_is_answered_with_the_lockout_page(client, rita, form):
    *_, last = fail(client, form, "rita", LIMIT)

    assert_locked_page(last)


@pytest.mark.parametrize("form", FORMS)
def test_it_refuses_the_right_password_once_locked_out(client, rita, form):
    fail(client, form, "rita", LIMIT)

    response = log_in(client, form, "rita", PASSWORD)

    assert_locked_page(response)
    assert not logged_in(client)


@pytest.mark.parametrize("form", FORMS)
def test_forty_wrong_passwords_are_not_all_tried(client, rita, form):
    responses = fail(client, form, "rita", 40)

    assert [r.status_code for r in responses].count(200) == LIMIT - 1
    assert not logged_in(client)
    assert not log_in(client, form, "rita", PASSWORD).status_code == 302


def test_failures_on_both_forms_count_together(client, rita):
    fail(client, "workbench", "rita", LIMIT - 1)
    fail(client, "admin", "rita", 1)

    assert_locked_page(log_in(client, "workbench", "rita", PASSWORD))


def test_another_account_from_the_same_address_is_locked_too(client, rita, rob):
    fail(client, "workbench", "rita", LIMIT)

    response = log_in(client, "workbench", "rob", PASSWORD)

    assert_locked_page(response)
    assert not logged_in(client)


def test_trying_many_accounts_from_one_address_locks_the_address(client, rita, rob):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        fail(client, "workbench", name, 1)

    assert_locked_page(log_in(client, "workbench", "rob", PASSWORD))


def test_the_same_account_from_another_address_is_locked_too(client, rita):
    fail(client, "workbench", "rita", LIMIT)

    response = log_in(Client(), "workbench", "rita", PASSWORD, address=OTHER_ADDRESS)

    assert_locked_page(response)


def test_another_account_from_another_address_still_logs_in(client, rita, rob):
    fail(client, "workbench", "rita", LIMIT)
    other = Client()

    response = log_in(other, "workbench", "rob", PASSWORD, address=OTHER_ADDRESS)

    assert response.status_code == 302
    assert logged_in(other)


def test_a_forged_forwarded_for_header_does_not_give_a_new_address(client, rita):
    # Without a proxy configured, X-Forwarded-For is the client's own say-so.
    for n in range(LIMIT):
        client.post(
            reverse("claims:login"),
            {"username": f"guess{n}", "password": "wrong password"},
            REMOTE_ADDR=ADDRESS,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}",
        )

    response = client.post(
        reverse("claims:login"),
        {"username": "rita", "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert_locked_page(response)


def test_behind_a_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, rita, rob, settings
):
    from axes.models import AccessAttempt

    settings.LOGIN_LOCKOUT_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(LIMIT):
        client.post(
            reverse("claims:login"),
            {"username": "guess", "password": "wrong password"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ADDRESS}",  # the first entry is forged
        )
    other = Client()

    response = other.post(
        reverse("claims:login"),
        {"username": "rob", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OTHER_ADDRESS,
    )

    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == ADDRESS


def test_an_admin_unlocks_by_deleting_the_attempts_in_the_admin(client, rita, admin_user):
    from axes.models import AccessAttempt

    fail(client, "workbench", "rita", LIMIT)
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    admin_client = Client()
    admin_client.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")

    listed = admin_client.get(changelist)
    assert listed.status_code == 200
    assert "rita" in listed.content.decode()
    deleted = admin_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert deleted.status_code == 302

    response = log_in(client, "workbench", "rita", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_an_admin_unlocks_with_the_axes_reset_command(client, rita):
    fail(client, "admin", "rita", LIMIT)

    call_command("axes_reset", verbosity=0)

    response = log_in(client, "admin", "rita", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_api_still_takes_a_token_and_a_session(rita):
    token = Token.objects.create(user=rita)
    by_token = Client().get("/api/claims/", HTTP_AUTHORIZATION=f"Token {token.key}")
    session = Client()
    session.force_login(rita)

    assert by_token.status_code == 200
    assert session.get("/api/claims/").status_code == 200
