"""Issue 10, finding 6: the password-change form no longer allows unlimited, unaudited guesses of
the current password. Every wrong current password is an audit event; after AXES_FAILURE_LIMIT (5)
of them within AXES_COOLOFF_TIME the user is logged out, and the form refuses (429) without
checking the password until the window has passed (partydev/pc/views/account.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.pc.views import account
from tests.factories import PASSWORD

NEW = "Xin#Mima2026"


def change(client, old):
    return client.post(reverse("password_change"), {
        "old_password": old, "new_password1": NEW, "new_password2": NEW})


def events(user, action):
    return AuditEvent.objects.filter(actor=user, action=action)


def test_every_wrong_current_password_is_audited_in_the_users_scope(world, login):
    client = login(world.branch_admin)
    response = change(client, "wrong-1")
    assert response.status_code == 200 and response.context["form"].errors["old_password"]
    rows = list(events(world.branch_admin, "auth.password_change_failed"))
    assert len(rows) == 1
    assert (rows[0].result, rows[0].org_path) == ("fail", world.branch.path)
    assert "wrong-1" not in str(rows[0].__dict__)  # never the password tried


def test_after_five_wrong_passwords_the_user_is_logged_out_and_further_attempts_refused(world, login, settings):
    user = world.branch_admin
    client = login(user)
    for i in range(4):
        assert change(client, f"wrong-{i}").status_code == 200
    fifth = change(client, "wrong-5")
    assert fifth.status_code == 302 and fifth["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session  # the (possibly stolen) session is gone
    assert events(user, "auth.password_change_failed").count() == 5

    # Logged in again (or with another session): refused without looking at the password, even
    # the right one, and the refused attempt is audited too.
    client.force_login(user)
    refused = change(client, PASSWORD)
    assert refused.status_code == 429
    assert events(user, "auth.password_change_locked").count() == 1
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.check_password(NEW)
    assert client.get(reverse("password_change")).status_code == 429


def test_the_refusal_ends_when_the_window_has_passed(world, login, monkeypatch):
    user = world.branch_admin
    client = login(user)
    for i in range(5):
        change(client, f"wrong-{i}")
    # 31 minutes later (AXES_COOLOFF_TIME is half an hour); the audit rows cannot be moved back.
    later = timezone.now() + timedelta(minutes=31)
    monkeypatch.setattr(account.timezone, "now", lambda: later)
    client.force_login(user)
    assert change(client, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.parametrize("wrong", [0, 4])
def test_a_right_password_before_the_limit_is_accepted_and_audited(world, login, wrong):
    user = world.committee_admin
    client = login(user)
    for i in range(wrong):
        change(client, f"wrong-{i}")
    response = change(client, PASSWORD)
    assert response.status_code == 302
    ok = events(user, "auth.password_change").get()
    assert ok.org_path == world.committee.path  # an auditor of another 党委 does not see it
