"""Tokens are given under the login page's rules: axes' lockout, the second factor of administrators,
REQUIRE_2FA; they expire and can be revoked; every step is audited as on the web."""

import time
from binascii import unhexlify
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from knox.models import AuthToken
from rest_framework.test import APIClient

from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.models import AuditEvent
from partydev.pc import two_factor as tf
from tests.factories import PASSWORD

pytestmark = pytest.mark.usefixtures("english")
URL = "/api/v1/auth/token/"


def post(client, **data):
    return client.post(URL, data, format="json", REMOTE_ADDR="203.0.113.9")


def code_for(key_hex):
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_token_login_is_audited_and_the_token_works(world):
    client = APIClient()
    response = post(client, username="branch1", password=PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert body["account"] == {"username": "branch1", "roles": ["branch_admin"], "is_applicant": False}
    assert AuditEvent.objects.filter(actor=world.branch_admin, action="auth.login").exists()
    # Only a hash is stored: the token itself is nowhere in the database.
    assert not AuthToken.objects.filter(digest=body["token"]).exists()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/v1/auth/account/").json()["username"] == "branch1"


def test_a_wrong_password_is_401_problem_and_audited(world):
    response = post(APIClient(), username="branch1", password="wrong")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:partydev:problem:not-authenticated"
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_axes_locks_the_api_login_as_the_web_login(world, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post(client, username="branch1", password="wrong")
    locked = post(client, username="branch1", password=PASSWORD)  # the right password no longer helps
    assert locked.status_code == 403
    assert locked.json()["type"] == "urn:partydev:problem:locked-out"
    assert locked["Content-Type"] == "application/problem+json"
    # and the web login is locked for that account and address too
    web = world.branch_admin
    page = Client().post(
        "/accounts/login/", {"username": web.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert page.status_code in (403, 429)


def test_an_administrator_with_two_factor_must_send_the_code(world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key = tf.new_key()
    TOTPDevice.objects.create(user=world.branch_admin, name="authenticator", key=key, confirmed=True)
    without = post(APIClient(), username="branch1", password=PASSWORD)
    assert without.status_code == 401 and "otp" in without.json()["detail"]
    wrong = post(APIClient(), username="branch1", password=PASSWORD, otp="000000" if code_for(key) != "000000" else "111111")
    assert wrong.status_code == 401
    assert AuditEvent.objects.filter(action="auth.2fa_failed", actor=world.branch_admin).exists()
    right = post(APIClient(), username="branch1", password=PASSWORD, otp=code_for(key))
    assert right.status_code == 200, right.content
    assert not AuthToken.objects.filter(user=world.branch_admin).count() > 1


def test_require_2fa_refuses_a_token_to_an_administrator_without_a_device(world, settings):
    settings.REQUIRE_2FA = True
    response = post(APIClient(), username="branch1", password=PASSWORD)
    assert response.status_code == 403 and response.json()["type"] == "urn:partydev:problem:two-factor-required"
    # Applicants are not administrators: they still get a token.
    assert post(APIClient(), username="applicant1", password=PASSWORD).status_code == 200


def test_revoked_and_expired_tokens_stop_working(world, token_for):
    client = token_for(world.branch_admin)
    assert client.post("/api/v1/auth/token/revoke/").status_code == 204
    assert client.get("/api/v1/auth/account/").status_code == 401
    assert AuditEvent.objects.filter(actor=world.branch_admin, action="auth.logout").exists()

    client = token_for(world.branch_admin)
    AuthToken.objects.filter(user=world.branch_admin).update(expiry=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/auth/account/")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_revoke_all_logs_out_every_client(world, token_for):
    first, second = token_for(world.branch_admin), token_for(world.branch_admin)
    assert first.post("/api/v1/auth/token/revoke-all/").status_code == 204
    assert second.get("/api/v1/auth/account/").status_code == 401


def test_a_deactivated_account_is_refused(world, token_for):
    client = token_for(world.branch_admin)
    world.branch_admin.is_active = False
    world.branch_admin.save()
    assert client.get("/api/v1/auth/account/").status_code == 401


def test_no_token_is_401(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_logins_are_throttled_per_address(world, settings):
    settings.API_THROTTLE_RATES = settings.API_THROTTLE_RATES | {"login": "3/min"}
    client = APIClient()
    for _ in range(3):
        post(client, username="nobody", password="x")
    response = post(client, username="nobody", password="x")
    assert response.status_code == 429 and response["Retry-After"]


def test_requests_are_throttled_per_user(world, settings, token_for):
    client = token_for(world.branch_admin)
    settings.API_THROTTLE_RATES = settings.API_THROTTLE_RATES | {"user": "2/min"}
    codes = [client.get("/api/v1/auth/account/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    # another user from the same address is not affected
    assert token_for(world.committee_admin).get("/api/v1/auth/account/").status_code == 200


def test_at_most_ten_tokens_live_per_account(world, token_for):
    clients = [token_for(world.applicant) for _ in range(11)]
    assert AuthToken.objects.filter(user=world.applicant).count() == 10
    assert clients[0].get("/api/v1/auth/account/").status_code == 401  # the oldest was revoked
    assert clients[-1].get("/api/v1/auth/account/").status_code == 200
