"""Absolute session lifetime (ASVS 7.3.2; issue 10 checklist): besides the 30-minute idle timeout, a
session is logged out SESSION_ABSOLUTE_SECONDS (12 hours) after its login, even when it has been
active all along (partydev/common/middleware.py SessionLifetimeMiddleware). The clock is moved by
patching time.time in the middleware; Django's own session expiry keeps the real clock, so only
the absolute limit can end these sessions."""

import time

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.common import middleware
from partydev.common.middleware import SessionLifetimeMiddleware
from tests.factories import branch_admin, child, committee

HOUR = 3600


@pytest.fixture
def user(db):
    return branch_admin(child(committee("时限党委"), "时限支部"))


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved forward by `clock.advance(seconds)`."""
    class Clock:
        offset = 0

        def advance(self, seconds):
            self.offset += seconds

    c = Clock()
    real = time.time
    monkeypatch.setattr(middleware.time, "time", lambda: real() + c.offset)
    return c


def home(client):
    return client.get(reverse("pc:home"))


def test_the_limit_is_twelve_hours(settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * HOUR
    assert "partydev.common.middleware.SessionLifetimeMiddleware" in settings.MIDDLEWARE


def test_an_active_session_is_logged_out_after_twelve_hours(client, user, clock):
    client.force_login(user)
    # Active every 20 minutes (well within the idle timeout) for almost 12 hours.
    for _ in range(35):
        clock.advance(20 * 60)
        assert home(client).status_code == 200
    clock.advance(20 * 60 + 1)  # 12 hours and a second after the login
    response = home(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.session_expired", actor=user).count() == 1
    assert not AuditEvent.objects.filter(action="auth.logout").exists()
    page = client.get(response["Location"])
    assert "12" in page.content.decode()  # the login page says why


def test_a_new_login_starts_a_new_lifetime(client, user, clock):
    client.force_login(user)
    clock.advance(12 * HOUR + 1)
    assert home(client).status_code == 302
    client.force_login(user)
    clock.advance(11 * HOUR)
    assert home(client).status_code == 200


def test_a_session_without_a_login_time_fails_closed(client, user):
    client.force_login(user)
    session = client.session
    del session[SessionLifetimeMiddleware.LOGGED_IN_AT]
    session.save()
    assert home(client).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_login_time_from_the_future_fails_closed(client, user, clock):
    clock.advance(HOUR)
    client.force_login(user)  # stamped an hour ahead: then the clock is set back
    clock.advance(-HOUR)
    assert home(client).status_code == 302


def test_anonymous_requests_are_untouched(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
