"""Two-factor login (TOTP, django-otp) for administrators (等保 2.0 身份鉴别 d; ASVS 6.3.2; issue 10).

Codes are computed here from the device's key with django_otp.oath.TOTP, as an authenticator app
does. django-otp's own throttle (a doubling delay after a wrong code) is turned off where a test
sends codes faster than a person could."""

import re
import time
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken

from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.models import AuditEvent
from partydev.orgs.models import Role
from partydev.pc import two_factor as tf
from tests.factories import PASSWORD, admin, branch_admin, child, committee

IP = "10.9.8.7"
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def tree(db):
    top = committee("两步党委")
    return top, child(top, "两步支部")


@pytest.fixture
def secretary(tree):
    return branch_admin(tree[1], "secretary")


def code_for(key_hex: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=IP)


def verify(client, code):
    return client.post(reverse("login_verify"), {"code": code}, REMOTE_ADDR=IP)


def logged_in(client):
    return client.session.get("_auth_user_id")


def enrol(client, user) -> tuple[str, list[str]]:
    """Through the pages: log in, open the enrolment page, confirm with a first code."""
    client.force_login(user)
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and 'style="' not in page.context["qr_svg"]
    key = client.session[tf.ENROL_KEY]
    assert TOTPDevice.objects.filter(user=user).count() == 0  # nothing stored before confirmation
    done = client.post(reverse("two_factor"), {"code": code_for(key)})
    assert done.status_code == 200
    codes = done.context["codes"]
    client.logout()
    return key, codes


# --- enrolment -----------------------------------------------------------------------------------

def test_enrolment_by_qr_code_confirmed_with_a_real_code(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("two_factor"))
    key = client.session[tf.ENROL_KEY]
    uri = tf.enrolment_device(secretary, key).config_url
    assert uri.startswith("otpauth://totp/") and "secret=" in uri and "issuer=" in uri
    assert "".join(page.context["secret"]) in uri

    wrong = client.post(reverse("two_factor"), {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 400 and not TOTPDevice.objects.filter(user=secretary).exists()

    done = client.post(reverse("two_factor"), {"code": code_for(key)})
    assert done.status_code == 200
    device = TOTPDevice.objects.get(user=secretary)
    assert device.confirmed and device.key == key
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{10}", c) for c in codes)  # shown as two groups of 5
    # Stored as keyed hashes only: no code appears in the database.
    stored = set(StaticToken.objects.filter(device__user=secretary).values_list("token", flat=True))
    assert len(stored) == 10 and not {tf.normalise(c) for c in codes} & stored
    assert AuditEvent.objects.filter(action="auth.2fa_enrolled", actor=secretary).count() == 1
    # The session that enrolled counts as verified: the settings page, not the enrolment page.
    assert client.get(reverse("two_factor")).templates[0].name == "registration/two_factor.html"


# --- login ---------------------------------------------------------------------------------------

def test_login_needs_the_code_when_a_device_exists(client, secretary):
    key, _codes = enrol(client, secretary)
    logins = AuditEvent.objects.filter(action="auth.login", actor=secretary)
    before = logins.count()
    response = login(client, "secretary")
    assert response.status_code == 302 and response["Location"] == reverse("login_verify")
    assert logins.count() == before  # the password alone logs nobody in
    assert logged_in(client) is None
    assert client.get(reverse("pc:home")).status_code == 302  # still the login page
    page = client.get(reverse("login_verify"))
    assert page.status_code == 200
    done = verify(client, code_for(key, steps_ahead=1))
    assert done.status_code == 302 and logged_in(client) == str(secretary.pk)
    assert client.get(reverse("pc:home")).status_code == 200
    assert logins.count() == before + 1


def test_a_user_without_a_device_logs_in_with_the_password(client, secretary):
    response = login(client, "secretary")
    assert response.status_code == 302 and logged_in(client) == str(secretary.pk)
    assert client.get(reverse("pc:home")).status_code == 200


def test_wrong_codes_are_refused_counted_by_axes_and_audited(client, secretary):
    key, _codes = enrol(client, secretary)
    right = code_for(key)
    wrong = "123456" if right != "123456" else "654321"
    login(client, "secretary")
    for _ in range(4):
        response = verify(client, wrong)
        assert response.status_code == 400 and logged_in(client) is None
    attempt = AccessAttempt.objects.get(username=login_name_for_logs("secretary"), ip_address=IP)
    assert attempt.failures_since_start == 4
    assert "123456" not in attempt.post_data and "654321" not in attempt.post_data
    failures = AuditEvent.objects.filter(action="auth.2fa_failed")
    assert failures.count() == 4
    assert {(e.actor_id, e.result, str(e.ip)) for e in failures} == {(secretary.pk, "fail", IP)}
    # The fifth wrong code locks, like the fifth wrong password; the right code no longer helps.
    assert verify(client, wrong).status_code == 429
    assert verify(client, right).status_code == 302  # the pending login is gone: back to the login page
    assert login(client, "secretary").status_code == 429
    assert logged_in(client) is None


def test_password_and_code_failures_share_one_lockout(client, secretary):
    key, _codes = enrol(client, secretary)
    wrong = "123456" if code_for(key) != "123456" else "654321"
    for _ in range(3):
        login(client, "secretary", "wrong-password")
    login(client, "secretary")
    verify(client, wrong)
    assert verify(client, wrong).status_code == 429


def test_a_recovery_code_works_once(client, secretary):
    _key, codes = enrol(client, secretary)
    login(client, "secretary")
    assert verify(client, f"{codes[3][:5].upper()} - {codes[3][5:]}").status_code == 302  # as typed
    assert logged_in(client) == str(secretary.pk)
    event = AuditEvent.objects.get(action="auth.2fa_recovery_used")
    assert event.actor == secretary and event.after == {"recovery_codes_left": 9}
    client.logout()
    login(client, "secretary")
    assert verify(client, codes[3]).status_code == 400
    assert logged_in(client) is None
    assert verify(client, codes[4]).status_code == 302


def test_a_totp_code_cannot_be_replayed(client, secretary):
    key, _codes = enrol(client, secretary)
    login(client, "secretary")
    code = code_for(key, steps_ahead=1)
    assert verify(client, code).status_code == 302
    client.logout()
    login(client, "secretary")
    assert verify(client, code).status_code == 400


def test_the_code_page_without_a_password_first_goes_to_the_login_page(client, secretary):
    enrol(client, secretary)
    response = verify(client, "123456")
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_a_pending_login_expires(client, secretary, monkeypatch):
    key, _codes = enrol(client, secretary)
    login(client, "secretary")
    later = time.time() + tf.PENDING_SECONDS + 1
    monkeypatch.setattr(tf.time, "time", lambda: later)
    response = verify(client, code_for(key))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert logged_in(client) is None


def test_a_session_from_before_enrolment_must_log_in_again(client, secretary):
    other = type(client)()
    other.force_login(secretary)
    assert other.get(reverse("pc:home")).status_code == 200
    enrol(client, secretary)
    response = other.get(reverse("pc:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert other.session.get("_auth_user_id") is None


def test_the_django_admin_logs_in_through_the_same_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("login") + "?next=/admin/"


# --- managing ------------------------------------------------------------------------------------

def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client, secretary):
    key, old = enrol(client, secretary)
    login(client, "secretary")
    assert verify(client, code_for(key, steps_ahead=1)).status_code == 302  # the enrolment used this step's code
    refused = client.post(reverse("two_factor_recovery"), {"regenerate-code": "nonsense"})
    assert refused.status_code == 302 and AuditEvent.objects.filter(action="auth.2fa_failed").count() == 1
    response = client.post(reverse("two_factor_recovery"), {"regenerate-code": old[0]})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEvent.objects.filter(action="auth.2fa_recovery_regenerated", actor=secretary).count() == 1
    client.logout()
    login(client, "secretary")
    assert verify(client, old[1]).status_code == 400
    assert verify(client, new[0]).status_code == 302


def test_turning_off_needs_a_code_and_is_audited(client, secretary):
    key, codes = enrol(client, secretary)
    login(client, "secretary")
    assert verify(client, code_for(key, steps_ahead=1)).status_code == 302  # the enrolment used this step's code
    client.post(reverse("two_factor_disable"), {"disable-code": "999999" if code_for(key) != "999999" else "888888"})
    assert TOTPDevice.objects.filter(user=secretary).exists()
    client.post(reverse("two_factor_disable"), {"disable-code": codes[0]})
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    assert not StaticToken.objects.filter(device__user=secretary).exists()
    assert AuditEvent.objects.filter(action="auth.2fa_disabled", actor=secretary).count() == 1
    client.logout()
    assert login(client, "secretary").status_code == 302 and logged_in(client) == str(secretary.pk)


def test_the_system_administrator_can_reset_a_lost_device(client, secretary):
    from django.core.management import call_command

    enrol(client, secretary)
    call_command("two_factor_reset", "secretary")
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert event.actor is None and event.before == {"user": "secretary"}
    assert event.actor_name.startswith("os:")


# --- REQUIRE_2FA -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN, Role.AUDITOR])
def test_require_2fa_sends_every_administrator_to_enrolment(client, tree, settings, role):
    settings.REQUIRE_2FA = True
    user = admin(role, tree[0] if role != Role.BRANCH_ADMIN else tree[1], "someone")
    assert login(client, "someone").status_code == 302
    for url in (reverse("pc:home"), reverse("home"), reverse("password_change"), reverse("pc:audit_list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("two_factor"), url
    htmx = client.get(reverse("pc:home"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("two_factor")
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200 and page.context["required"]
    assert client.post(reverse("two_factor"), {"code": code_for(client.session[tf.ENROL_KEY])}).status_code == 200
    assert client.get(reverse("pc:home")).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_require_2fa_still_allows_logout(client, secretary, settings):
    settings.REQUIRE_2FA = True
    login(client, "secretary")
    assert client.post(reverse("logout")).status_code == 302
    assert logged_in(client) is None


def test_applicants_are_never_asked(client, db, settings):
    settings.REQUIRE_2FA = True
    get_user_model().objects.create_user("applicant", password=PASSWORD)
    assert login(client, "applicant").status_code == 302
    assert logged_in(client) is not None
    assert client.get(reverse("home"))["Location"] == reverse("mobile:home")
    assert client.get(reverse("two_factor")).status_code == 404


def test_require_2fa_is_on_in_production_and_off_in_development(tmp_path):
    import subprocess
    import sys

    from django.conf import settings as live

    from tests.security.test_deploy_settings import production_env

    code = "import django; django.setup(); from django.conf import settings as s; print(s.REQUIRE_2FA)"
    env = production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, "-c", code], cwd=live.BASE_DIR, env=env,  # noqa: S603 (fixed argv)
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["True"], result.stderr
    dev = subprocess.run([sys.executable, "-c", code], cwd=live.BASE_DIR,  # noqa: S603
                         env={**env, "DJANGO_ENV": "development"}, capture_output=True, text=True, timeout=60)
    assert dev.stdout.split() == ["False"], dev.stderr


def test_deploy_check_warns_when_production_turns_it_off(settings):
    from partydev.common import checks

    settings.IS_PRODUCTION, settings.REQUIRE_2FA = True, False
    assert [m.id for m in checks.check_two_factor_required()] == ["partydev.W008"]
    settings.REQUIRE_2FA = True
    assert checks.check_two_factor_required() == []
    settings.IS_PRODUCTION, settings.REQUIRE_2FA = False, False
    assert checks.check_two_factor_required() == []
