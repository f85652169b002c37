"""Finding 2 of issue 10: behind a reverse proxy, lockout and audit use the client's address from
X-Forwarded-For, but only when the request comes from a proxy listed in TRUSTED_PROXIES
(partydev/common/client_ip.py, AXES_CLIENT_IP_CALLABLE, the audit middleware)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory, override_settings
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.common import checks
from partydev.common.client_ip import client_ip

PASSWORD = "Right#Pass2026"
PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("secretary", password=PASSWORD)


def login(client, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "secretary", "password": password}, **extra)


def fail_five_times(client, **where):
    for _ in range(5):
        assert login(client, "wrong-password", **where).status_code in {200, 429}


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_one_attacker_does_not_lock_out_everyone(client, user):
    # Both people reach the site through nginx on 127.0.0.1, which appends the real peer.
    fail_five_times(client, remote=PROXY, forwarded=ATTACKER)
    assert login(client, PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 429
    response = login(client, PASSWORD, remote=PROXY, forwarded=VICTIM)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_the_audit_log_records_the_client(client, user):
    login(client, "wrong-password", remote=PROXY, forwarded=ATTACKER)
    login(client, PASSWORD, remote=PROXY, forwarded=f"10.9.9.9, {VICTIM}")  # a forged left part is ignored
    failed = AuditEvent.objects.get(action="auth.login_failed")
    success = AuditEvent.objects.get(action="auth.login")
    assert (str(failed.ip), str(success.ip)) == (ATTACKER, VICTIM)


def test_a_forged_header_from_an_untrusted_peer_locks_out_only_that_peer(client, user):
    # No proxy configured (the default): the header is the attacker's own text.
    fail_five_times(client, remote=ATTACKER, forwarded=VICTIM)
    assert login(client, PASSWORD, remote=ATTACKER, forwarded=VICTIM).status_code == 429
    assert login(client, PASSWORD, remote=VICTIM).status_code == 302
    assert {str(e.ip) for e in AuditEvent.objects.filter(action="auth.login_failed")} == {ATTACKER}


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_forged_header_from_a_peer_that_is_not_the_proxy_is_ignored(client, user):
    fail_five_times(client, remote=ATTACKER, forwarded=VICTIM)
    assert login(client, PASSWORD, remote=PROXY, forwarded=VICTIM).status_code == 302


def _ip(remote, forwarded=None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **(
        {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}))
    return client_ip(request)


@pytest.mark.parametrize("trusted, remote, forwarded, expected", [
    ([], PROXY, VICTIM, PROXY),  # default: never read the header
    ([PROXY], PROXY, VICTIM, VICTIM),
    ([PROXY], PROXY, f"{VICTIM}, {ATTACKER}", ATTACKER),  # the client wrote VICTIM itself
    (["10.0.0.0/8", PROXY], PROXY, f"{ATTACKER}, 10.1.1.1", ATTACKER),  # two proxies
    ([PROXY], PROXY, None, PROXY),
    ([PROXY], PROXY, "", PROXY),
    ([PROXY], PROXY, "not-an-ip", PROXY),
    ([PROXY], PROXY, f"{VICTIM}, not-an-ip", PROXY),
    ([PROXY], "::ffff:127.0.0.1", VICTIM, VICTIM),  # IPv4-mapped peer of a dual-stack listener
    (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ([PROXY], "garbage", VICTIM, None),
])
def test_client_ip(trusted, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXIES=trusted):
        assert _ip(remote, forwarded) == expected


def test_axes_uses_the_same_function(settings):
    assert settings.AXES_CLIENT_IP_CALLABLE == "partydev.common.client_ip.client_ip"


def test_a_malformed_trusted_proxy_is_a_system_check_error():
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "nginx"]):
        assert [m.id for m in checks.check_trusted_proxies()] == ["partydev.E006"]
    assert checks.check_trusted_proxies() == []
