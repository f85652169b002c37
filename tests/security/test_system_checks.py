"""The custom 等保 system checks (partydev/common/checks.py): each one fires on a weak setting and
stays quiet on the project's own settings."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import Tags, run_checks
from django.db import connection
from django.test import override_settings

from partydev.common import checks

STRONG_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "partydev.common.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]


def ids(messages):
    return sorted(m.id for m in messages)


def security_check_ids():
    return ids(m for m in run_checks(tags=[Tags.security], include_deployment_checks=True)
               if m.id.startswith("partydev."))


def test_project_settings_pass_every_custom_check():
    assert checks.check_session_timeout() == []
    assert checks.check_login_lockout() == []
    assert checks.check_password_rules() == []


def test_checks_are_registered_under_the_security_tag():
    with override_settings(SESSION_COOKIE_AGE=3600, AXES_FAILURE_LIMIT=10):
        found = security_check_ids()
    assert "partydev.W001" in found and "partydev.W004" in found


@override_settings(SESSION_COOKIE_AGE=1801)
def test_long_session_age_is_flagged():
    assert ids(checks.check_session_timeout()) == ["partydev.W001"]


def test_absolute_session_lifetime_is_flagged(settings):
    settings.SESSION_SAVE_EVERY_REQUEST = False
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.SESSION_TOUCH]
    assert ids(checks.check_session_timeout()) == ["partydev.W002"]


def test_saving_every_request_also_gives_an_idle_timeout(settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != checks.SESSION_TOUCH]
    assert checks.check_session_timeout() == []


@override_settings(AXES_ENABLED=False)
def test_disabled_axes_is_flagged():
    assert ids(checks.check_login_lockout()) == ["partydev.W003"]


@pytest.mark.parametrize("limit", [6, "5", None])
def test_failure_limit_above_five_or_unreadable_is_flagged(limit):
    with override_settings(AXES_FAILURE_LIMIT=limit):
        assert ids(checks.check_login_lockout()) == ["partydev.W004"]


@pytest.mark.parametrize("cooloff", [0.1, timedelta(minutes=5)])
def test_short_cooloff_is_flagged(cooloff):
    with override_settings(AXES_COOLOFF_TIME=cooloff):
        assert ids(checks.check_login_lockout()) == ["partydev.W005"]


@pytest.mark.parametrize("cooloff", [None, 1, timedelta(minutes=10)])
def test_permanent_or_long_cooloff_passes(cooloff):
    with override_settings(AXES_COOLOFF_TIME=cooloff):
        assert checks.check_login_lockout() == []


@override_settings(AUTH_PASSWORD_VALIDATORS=STRONG_VALIDATORS)
def test_minimal_strong_validator_set_passes():
    assert checks.check_password_rules() == []


@override_settings(AUTH_PASSWORD_VALIDATORS=STRONG_VALIDATORS[1:])
def test_missing_minimum_length_is_flagged():
    assert ids(checks.check_password_rules()) == ["partydev.W006"]


@override_settings(AUTH_PASSWORD_VALIDATORS=[
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 6}},
    STRONG_VALIDATORS[1]])
def test_short_minimum_length_is_flagged():
    assert ids(checks.check_password_rules()) == ["partydev.W006"]


@pytest.mark.parametrize("validators", [
    STRONG_VALIDATORS[:1],
    [STRONG_VALIDATORS[0], {"NAME": "partydev.common.passwords.CharacterClassValidator",
                            "OPTIONS": {"min_classes": 2}}],
])
def test_missing_or_weak_composition_rule_is_flagged(validators):
    with override_settings(AUTH_PASSWORD_VALIDATORS=validators):
        assert ids(checks.check_password_rules()) == ["partydev.W007"]


@override_settings(AUTH_PASSWORD_VALIDATORS=[{"NAME": "no.such.Validator"}])
def test_unloadable_validator_is_an_error():
    assert ids(checks.check_password_rules()) == ["partydev.E001"]


@pytest.mark.django_db
def test_active_superuser_is_an_error_in_production_only():
    get_user_model().objects.create_superuser("root", password="Xy#12345678")
    get_user_model().objects.create_superuser("old_root", password="Xy#12345678", is_active=False)
    with override_settings(IS_PRODUCTION=False):
        assert checks.check_no_superuser() == []
    with override_settings(IS_PRODUCTION=True):
        found = checks.check_no_superuser()
        assert ids(found) == ["partydev.E002"]
        assert "root" in found[0].msg and "old_root" not in found[0].msg
        assert "partydev.E002" in security_check_ids()


@pytest.mark.django_db
@override_settings(IS_PRODUCTION=True)
def test_production_without_superuser_passes():
    get_user_model().objects.create_user("staff", password="Xy#12345678", is_staff=True)
    assert checks.check_no_superuser() == []


@pytest.mark.django_db(transaction=True)
@override_settings(IS_PRODUCTION=True)
def test_superuser_check_skips_before_the_user_table_exists():
    # A fresh production database: `check` runs before `migrate` has made auth_user.
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        assert checks.check_no_superuser() == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")


@pytest.fixture
def production_secrets(settings):
    """Production settings with fresh secrets (the test profile runs on the public fallbacks)."""
    settings.IS_PRODUCTION = True
    settings.SECRET_KEY = "p" * 50
    settings.FIELD_ENCRYPTION_KEYS = ["bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE="]
    settings.BLIND_INDEX_KEY = "fresh-blind-index-key"
    return settings


def test_fresh_production_secrets_pass(production_secrets):
    assert checks.check_secrets_not_defaults() == []


@pytest.mark.parametrize("name", sorted(checks.DEVELOPMENT_DEFAULTS))
def test_development_secrets_are_an_error_in_production(name, production_secrets):
    value = checks.DEVELOPMENT_DEFAULTS[name]
    setattr(production_secrets, name, [value] if name == "FIELD_ENCRYPTION_KEYS" else value)
    found = checks.check_secrets_not_defaults()
    assert ids(found) == ["partydev.E003"] and name in found[0].msg
    production_secrets.IS_PRODUCTION = False
    assert checks.check_secrets_not_defaults() == []


def test_development_defaults_match_the_settings_module(settings):
    # The test profile runs on the public fallbacks, so this proves the copies in checks.py are exact.
    assert settings.SECRET_KEY == checks.DEVELOPMENT_DEFAULTS["SECRET_KEY"]
    assert settings.FIELD_ENCRYPTION_KEYS == [checks.DEVELOPMENT_DEFAULTS["FIELD_ENCRYPTION_KEYS"]]
    assert settings.BLIND_INDEX_KEY == checks.DEVELOPMENT_DEFAULTS["BLIND_INDEX_KEY"]


def test_an_old_development_key_kept_for_rotation_is_still_flagged(production_secrets):
    production_secrets.FIELD_ENCRYPTION_KEYS = [*production_secrets.FIELD_ENCRYPTION_KEYS,
                                                checks.DEVELOPMENT_DEFAULTS["FIELD_ENCRYPTION_KEYS"]]
    assert ids(checks.check_secrets_not_defaults()) == ["partydev.E003"]
