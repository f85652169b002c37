"""Production settings, checked the way CI and the server see them: a fresh process with the
production environment (security-and-scale.md §3.5, checklist 5 and 33)."""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **changes):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the whole session; production never has it.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "example.org",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": secrets.token_hex(32),
        "SQLITE_PATH": str(tmp_path / "prod.sqlite3"),
    })
    env.pop("DJANGO_DEBUG", None)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,  # noqa: S603 (fixed argv)
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_production_setting(tmp_path):
    # Proves the test above can fail: DEBUG on in production is caught by the same command.
    result = manage(production_env(tmp_path, DJANGO_DEBUG="true"), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_check_deploy_rejects_a_public_development_key(tmp_path):
    env = production_env(tmp_path, BLIND_INDEX_KEY="dev-only-blind-index-key")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "partydev.E003" in result.stderr + result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_without_encryption_keys_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, FIELD_ENCRYPTION_KEYS=None), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_demo_accounts_cannot_be_loaded_in_production(tmp_path):
    # The demo accounts share a password printed in the README (等保 访问控制 b: no default
    # accounts or passwords), so the command must refuse outside development and test.
    env = production_env(tmp_path)
    assert manage(env, "migrate", "--noinput").returncode == 0
    result = manage(env, "load_demo")
    with sqlite3.connect(tmp_path / "prod.sqlite3") as db:
        users = db.execute("SELECT count(*) FROM auth_user").fetchone()[0]
    assert users == 0, "load_demo created the demo accounts in production"
    assert result.returncode != 0
