"""The idle timeout without a session write per request (docs/performance.md M10): SessionTouchMiddleware
extends the session at most once per SESSION_TOUCH_SECONDS, and an idle session still ends after
at most 30 minutes (等保 身份鉴别 b)."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partydev.common.middleware import SessionTouchMiddleware
from tests.factories import PASSWORD, branch_admin, child, committee

LAST_SEEN = SessionTouchMiddleware.LAST_SEEN


@pytest.fixture
def user(db):
    return branch_admin(child(committee("会话党委"), "会话支部"))


def only_session() -> Session:
    return Session.objects.get()


def session_writes(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries
            if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def get_home(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("pc:home"))
    assert response.status_code == 200
    return session_writes(ctx)


def age_last_seen(client, seconds):
    """Move the stored last-seen time `seconds` into the past, and the expiry with it (as if that
    request had happened `seconds` ago)."""
    session = client.session
    session[LAST_SEEN] -= seconds
    session.save()
    expires = timezone.now() + timedelta(seconds=30 * 60 - seconds)
    Session.objects.update(expire_date=expires)
    return only_session().expire_date


def test_login_records_last_seen_so_the_first_page_writes_nothing(client, user):
    client.force_login(user)  # a login saves the session anyway; it carries the time
    assert abs(client.session[LAST_SEEN] - time.time()) < 5
    expires = only_session().expire_date
    assert get_home(client) == []
    assert only_session().expire_date == expires


def test_a_session_without_last_seen_is_stamped(client, user):
    client.force_login(user)
    session = client.session
    del session[LAST_SEEN]  # e.g. a session from before this middleware
    session.save()
    assert get_home(client)  # the control for the tests below: this request does write
    assert abs(client.session[LAST_SEEN] - time.time()) < 5


def test_second_request_within_the_interval_writes_no_session(client, user):
    client.force_login(user)
    get_home(client)
    expires = only_session().expire_date
    assert get_home(client) == []
    assert get_home(client) == []
    assert only_session().expire_date == expires


def test_request_after_the_interval_extends_the_session(client, user):
    client.force_login(user)
    get_home(client)
    expires = age_last_seen(client, 61)
    assert get_home(client)
    assert only_session().expire_date - expires > timedelta(seconds=60)
    remaining = only_session().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    assert get_home(client) == []  # and the minute starts again


def test_request_just_inside_the_interval_is_not_extended(client, user):
    client.force_login(user)
    get_home(client)
    expires = age_last_seen(client, 50)
    assert get_home(client) == []
    assert only_session().expire_date == expires


def test_last_seen_in_the_future_counts_as_old(client, user):
    # The server clock was set back: the session is extended rather than left to expire unseen.
    client.force_login(user)
    get_home(client)
    age_last_seen(client, -3600)
    assert get_home(client)
    assert 0 <= time.time() - client.session[LAST_SEEN] < 5


def test_session_idle_for_thirty_minutes_is_logged_out(client, user):
    client.force_login(user)
    get_home(client)  # last seen just now: only the expiry decides
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("pc:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # The touch did not bring the expired session back to life.
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()


def test_anonymous_requests_create_no_session(client, db):
    for name in ("login", "pc:home", "home"):
        client.get(reverse(name))
    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_login_through_the_form_then_no_write_within_the_minute(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert abs(client.session[LAST_SEEN] - time.time()) < 5
    expires = only_session().expire_date
    assert get_home(client) == []
    assert only_session().expire_date == expires


def test_logout_leaves_no_session(client, user):
    client.force_login(user)
    get_home(client)
    client.post(reverse("logout"))
    assert Session.objects.count() == 0
    assert client.get(reverse("pc:home")).status_code == 302
