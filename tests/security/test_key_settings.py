"""Finding 10 of issue 10: `check --deploy` fails when FIELD_ENCRYPTION_KEYS or BLIND_INDEX_KEY has the
wrong format or length (partydev.E004, partydev.E005 in partydev/common/checks.py)."""

import secrets

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from partydev.common import checks
from tests.security.test_deploy_settings import manage, production_env


def ids(messages):
    return sorted(m.id for m in messages)


def test_project_keys_pass():
    assert checks.check_key_formats() == []


@pytest.mark.parametrize("keys", [
    ["not-a-key"],
    [Fernet.generate_key().decode(), "abc"],
    [Fernet.generate_key().decode()[:-4]],  # too short
    ["A" * 44],  # base64 of 33 bytes: the wrong length
    [],
])
def test_a_bad_encryption_key_is_an_error(keys):
    with override_settings(FIELD_ENCRYPTION_KEYS=keys):
        found = checks.check_key_formats()
    assert ids(found) == ["partydev.E004"]
    for key in keys:  # the message never shows a key
        assert key not in found[0].msg or not key


@pytest.mark.parametrize("key", ["abc", "x" * 31, " " * 40, ""])
def test_a_short_blind_index_key_is_an_error(key):
    with override_settings(BLIND_INDEX_KEY=key, IS_PRODUCTION=True):
        assert ids(checks.check_key_formats()) == ["partydev.E005"]


def test_the_development_blind_index_key_is_exempt_outside_production_only():
    with override_settings(BLIND_INDEX_KEY=checks.DEVELOPMENT_DEFAULTS["BLIND_INDEX_KEY"]):
        assert checks.check_key_formats() == []
    with override_settings(BLIND_INDEX_KEY=checks.DEVELOPMENT_DEFAULTS["BLIND_INDEX_KEY"], IS_PRODUCTION=True):
        assert ids(checks.check_key_formats()) == ["partydev.E005"]


def test_good_keys_pass():
    keys = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
    with override_settings(FIELD_ENCRYPTION_KEYS=keys, BLIND_INDEX_KEY=secrets.token_hex(32), IS_PRODUCTION=True):
        assert checks.check_key_formats() == []


@pytest.mark.parametrize("changes, check_id", [
    ({"FIELD_ENCRYPTION_KEYS": "not-a-key"}, "partydev.E004"),
    ({"BLIND_INDEX_KEY": "abc"}, "partydev.E005"),
])
def test_check_deploy_fails_on_a_malformed_key(tmp_path, changes, check_id):
    result = manage(production_env(tmp_path, **changes), "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert check_id in output
    assert "not-a-key" not in output  # the value itself is never printed
