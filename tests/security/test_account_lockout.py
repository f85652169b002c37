"""Lockout by account across addresses (issue 10 checklist; partydev/common/lockout.py): besides 5
failures per (account, address), LOCKOUT_ACCOUNT_FAILURE_LIMIT failures from any mix of addresses
lock the account everywhere; other accounts are never affected."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

PASSWORD = "Right#Pass2026"


@pytest.fixture
def users(db):
    make = get_user_model().objects.create_user
    return make("secretary", password=PASSWORD), make("organiser", password=PASSWORD)


def login(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def spread_failures(client, count, username="secretary"):
    """One wrong password from each of `count` addresses: no address reaches its own limit."""
    return [login(client, username, "wrong-password", f"10.0.0.{n}").status_code for n in range(1, count + 1)]


def test_the_default_account_limit_is_ten_across_addresses(client, users, settings):
    assert settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT == 10
    assert spread_failures(client, 10) == [200] * 9 + [429]
    response = login(client, "secretary", PASSWORD, "192.0.2.50")  # the real user, a new address
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


@override_settings(LOCKOUT_ACCOUNT_FAILURE_LIMIT=5)
def test_five_failures_over_five_addresses_lock_the_account(client, users):
    assert spread_failures(client, 5) == [200] * 4 + [429]
    assert login(client, "secretary", PASSWORD, "192.0.2.50").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account, even from one of the attacking addresses, is not affected.
    assert login(client, "organiser", PASSWORD, "10.0.0.1").status_code == 302
    assert client.session["_auth_user_id"] == str(users[1].pk)


def test_nine_failures_over_nine_addresses_do_not_lock(client, users):
    assert spread_failures(client, 9) == [200] * 9
    assert login(client, "secretary", PASSWORD, "192.0.2.50").status_code == 302


def test_one_attacker_at_one_address_locks_only_that_address(client, users):
    for _ in range(5):
        login(client, "secretary", "wrong-password", "203.0.113.9")
    assert login(client, "secretary", PASSWORD, "203.0.113.9").status_code == 429
    assert login(client, "organiser", PASSWORD, "203.0.113.9").status_code == 302  # other accounts too
    client.logout()
    assert login(client, "secretary", PASSWORD, "192.0.2.50").status_code == 302


def test_failures_on_other_accounts_do_not_count(client, users):
    for n in range(1, 10):
        login(client, f"someone{n}", "wrong-password", f"10.0.0.{n}")
    spread_failures(client, 9)  # 9 on this account: one short of its limit
    assert login(client, "secretary", PASSWORD, "192.0.2.50").status_code == 302
