"""Idle timeout, logout and password rules (等保 身份鉴别 a/b, 剩余信息保护; ASVS 7.3.1, 7.4.1, 6.2.x)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.common.idcard import make_id_number
from partydev.common.middleware import SessionTouchMiddleware
from partydev.demo.world import DEMO_PASSWORD
from partydev.registration.models import RegistrationCode


@pytest.fixture
def demo(demo_world):
    """The demo world of partydev/demo/, built through the real services (once per session)."""
    return {u.username: u for u in get_user_model().objects.all()}


def only_session() -> Session:
    return Session.objects.get()


# --- idle timeout ------------------------------------------------------------------------------

def test_settings_give_a_thirty_minute_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # Extended at most once a minute by SessionTouchMiddleware (tests/security/test_session_touch.py).
    assert "partydev.common.middleware.SessionTouchMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_TOUCH_SECONDS == 60


def test_each_request_extends_the_session(client, demo):
    client.force_login(demo["branch1"])
    seen = client.session
    seen[SessionTouchMiddleware.LAST_SEEN] -= 25 * 60
    seen.save()
    session = only_session()
    session.expire_date = timezone.now() + timedelta(minutes=5)  # 25 minutes idle so far
    session.save()
    assert client.get(reverse("pc:home")).status_code == 200
    remaining = only_session().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_session_idle_for_thirty_minutes_is_rejected(client, demo):
    client.force_login(demo["branch1"])
    assert client.get(reverse("pc:home")).status_code == 200
    session = only_session()
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()
    response = client.get(reverse("pc:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_idle_applicant_session_is_rejected_on_mobile(client, demo):
    client.force_login(demo["applicant1"])
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("mobile:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- logout ------------------------------------------------------------------------------------

def test_logout_refuses_get(client, demo):
    client.force_login(demo["branch1"])
    assert client.get(reverse("logout")).status_code == 405
    assert Session.objects.count() == 1


def test_logout_deletes_the_server_side_session(client, demo):
    client.force_login(demo["branch1"])
    old_key = client.cookies["sessionid"].value
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    assert AuditEvent.objects.filter(action="auth.logout", actor=demo["branch1"]).count() == 1
    # A copy of the old cookie is worthless afterwards.
    client.cookies["sessionid"] = old_key
    assert client.get(reverse("pc:home")).status_code == 302


def test_login_issues_a_new_session_key(client, demo):
    session = client.session  # an anonymous session exists before login (session fixation)
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    response = client.post(reverse("login"), {"username": "branch1", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()


# --- password rules ----------------------------------------------------------------------------

def registration_data(password, username="newcomer"):
    return {
        "name": "孙立新", "ethnicity": "汉族", "id_number": make_id_number("110108", timezone.localdate().replace(
            year=timezone.localdate().year - 20, day=1), 21, "M"),
        "phone": "13900139021", "education": "bachelor", "work_unit": "示范大学", "username": username,
        "password1": password, "password2": password, "consent": "on", "sensitive_consent": "on",
    }


def register(client, password):
    code = RegistrationCode.objects.get()
    return client.post(reverse("mobile:register", args=[code.token]), registration_data(password))


def password_error_codes(response, field):
    return {e.code for e in response.context["form"].errors.as_data().get(field, [])}


@pytest.mark.parametrize("password", ["qwzxcvbnmk", "qwzxcvbn42", "QWZX-CVBN"])
def test_registration_refuses_a_password_with_fewer_than_three_classes(client, demo, password):
    cases, users = Case.objects.count(), get_user_model().objects.count()
    response = register(client, password)
    assert response.status_code == 400
    assert "password_too_simple" in password_error_codes(response, "password1")
    assert (Case.objects.count(), get_user_model().objects.count()) == (cases, users)


def test_registration_refuses_a_short_password(client, demo):
    response = register(client, "Ab#1xyz")
    assert "password_too_short" in password_error_codes(response, "password1")


def test_registration_accepts_a_complex_password(client, demo):
    response = register(client, "Qiu#2026tian")
    assert response.status_code == 302
    assert Case.objects.filter(user__username="newcomer").exists()


def change_password(client, new):
    return client.post(reverse("password_change"), {
        "old_password": DEMO_PASSWORD, "new_password1": new, "new_password2": new})


def test_password_change_refuses_a_simple_password(client, demo):
    client.force_login(demo["branch1"])
    response = change_password(client, "zhibushuji")
    assert response.status_code == 200
    assert "password_too_simple" in password_error_codes(response, "new_password2")
    demo["branch1"].refresh_from_db()
    assert demo["branch1"].check_password(DEMO_PASSWORD)


def test_password_change_accepts_a_long_passphrase(client, demo):
    # ASVS 6.2.9: at least 64 characters must be allowed (password managers, passphrases).
    passphrase = "Correct horse battery staple, 第一党支部 2026! " * 2
    assert len(passphrase) >= 64
    client.force_login(demo["branch1"])
    response = change_password(client, passphrase)
    assert response.status_code == 302
    demo["branch1"].refresh_from_db()
    assert demo["branch1"].check_password(passphrase)
