"""Login-failure handling (等保 身份鉴别 b; ASVS 6.3.1, 6.1.1): 5 failures lock the account for 30
minutes per (username, IP); other people are not locked out with it; every failure is audited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.urls import reverse

from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.models import AuditEvent

PASSWORD = "Right#Pass2026"
IP = "10.1.2.3"


@pytest.fixture
def users(db):
    make = get_user_model().objects.create_user
    return make("secretary", password=PASSWORD), make("organiser", password=PASSWORD)


def login(client, username, password, ip=IP):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def fail_five_times(client, username="secretary"):
    for _ in range(4):
        response = login(client, username, "wrong-password")
        assert response.status_code == 200  # the login form again, with its error
        assert response.context["form"].errors
    # The failure that reaches AXES_FAILURE_LIMIT is answered with the lockout page already.
    assert login(client, username, "wrong-password").status_code == 429


def test_sixth_attempt_is_refused_even_with_the_right_password(client, users):
    fail_five_times(client)
    response = login(client, "secretary", PASSWORD)
    # django-axes answers a locked (username, IP) with AXES_HTTP_RESPONSE_CODE, 429 by default,
    # rendered from AXES_LOCKOUT_TEMPLATE.
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert logged_in_as(client) is None


def test_four_failures_do_not_lock(client, users):
    for _ in range(4):
        login(client, "secretary", "wrong-password")
    response = login(client, "secretary", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(users[0].pk)


def test_each_failure_is_audited_without_the_password(client, users):
    fail_five_times(client)
    failures = AuditEvent.objects.filter(action="auth.login_failed")
    assert failures.count() == 5
    for event in failures:
        # The name typed is kept masked with a keyed tag (issue 10, finding 7).
        assert (event.actor_name, event.result, str(event.ip)) == (login_name_for_logs("secretary"), "fail", IP)
        assert "wrong-password" not in str([event.before, event.after, event.user_agent])


def test_another_user_from_the_same_ip_can_still_log_in(client, users):
    fail_five_times(client)
    response = login(client, "organiser", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(users[1].pk)


def test_lockout_ends_after_the_cool_off(client, users):
    fail_five_times(client)
    assert login(client, "secretary", PASSWORD).status_code == 429
    # Move the recorded failures back past AXES_COOLOFF_TIME (30 minutes) instead of sleeping.
    attempt = AccessAttempt.objects.get(username=login_name_for_logs("secretary"))
    attempt.attempt_time -= timedelta(minutes=31)
    attempt.save()
    response = login(client, "secretary", PASSWORD)
    assert response.status_code == 302
    assert logged_in_as(client) == str(users[0].pk)


def test_lock_still_holds_before_the_cool_off_ends(client, users):
    fail_five_times(client)
    attempt = AccessAttempt.objects.get(username=login_name_for_logs("secretary"))
    attempt.attempt_time -= timedelta(minutes=29)
    attempt.save()
    assert login(client, "secretary", PASSWORD).status_code == 429


def test_administrator_reset_unlocks(client, users):
    fail_five_times(client)
    assert login(client, "secretary", PASSWORD).status_code == 429
    assert reset(username=login_name_for_logs("secretary")) >= 1  # axes keeps the masked, keyed name
    assert login(client, "secretary", PASSWORD).status_code == 302
    assert logged_in_as(client) == str(users[0].pk)


def test_successful_login_is_audited(client, users):
    login(client, "secretary", PASSWORD)
    event = AuditEvent.objects.get(action="auth.login")
    assert (event.actor, str(event.ip)) == (users[0], IP)
