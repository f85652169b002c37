"""Backup and restore drill (issue 10, checklist "Backup and restore"): `manage.py backup` writes one
encrypted archive of the database and the attachment files; `manage.py restore` puts it into an
EMPTY database and MEDIA_ROOT and verifies it. Each drill builds the demo world through the services,
adds attachments, backs up in this process, restores in a separate `manage.py` process into a new
empty database (a new SQLite file; on PostgreSQL a new database on the test cluster), then compares
the row count of every table and the SHA-256 of every attachment file with the source, and runs
`manage.py audit_verify` on the restored database. A wrong key or a damaged archive fails cleanly
(exit status 1, a clear message, nothing restored).

SQLite: `DJANGO_ENV=test .venv/bin/pytest -n0 tests/security/test_backup_restore.py`. PostgreSQL
(marked `postgres`): `scripts/with-postgres.sh env DJANGO_ENV=test .venv/bin/pytest -n0
tests/security/test_backup_restore.py`."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter, Attachment
from partydev.common import backup
from partydev.demo.load import load_demo
from tests.factories import attach, pdf, png

pytestmark = pytest.mark.django_db(transaction=True)

KEY = backup.generate_key()
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_KEY = KEY
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media):
    """The demo world plus attachments on two application letters (a PNG and a PDF each)."""
    load_demo()
    actor = get_user_model().objects.order_by("pk").first()
    for letter in ApplicationLetter.objects.order_by("pk")[:2]:
        attach(letter, actor, png(f"scan-{letter.pk}.png"))
        attach(letter, actor, pdf(f"letter-{letter.pk}.pdf"))
    assert Attachment.objects.count() == 4
    return media


def make_archive(tmp_path) -> Path:
    call_command("backup", "--out", str(tmp_path / "out"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    [archive] = (tmp_path / "out").glob("*.pdbk")
    return archive


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in a new process (a restore on another machine), with env on top of ours."""
    full = {**os.environ, "DJANGO_ENV": "test", "BACKUP_KEY": KEY, **env}
    full = {k: v for k, v in full.items() if v is not None}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full,  # noqa: S603
                          capture_output=True, text=True, timeout=600, check=False)


def sqlite_env(tmp_path, name="restored") -> dict:
    return {"DATABASE_URL": None, "SQLITE_PATH": str(tmp_path / f"{name}.sqlite3"),
            "MEDIA_ROOT": str(tmp_path / f"{name}-media")}


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def counts_of(cursor, vendor) -> dict[str, int]:
    """Every table's row count, counted here independently of the commands."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
    names = [row[0] for row in cursor.fetchall()]
    result = {}
    for name in names:
        cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608
        result[name] = cursor.fetchone()[0]
    return result


def source_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return counts_of(cursor, connection.vendor)


def assert_attachments_match(source_media: Path, restored_media: Path):
    source = file_hashes(source_media)
    assert len(source) == 4
    assert file_hashes(restored_media) == source
    recorded = {a.stored_name: a.sha256 for a in Attachment.objects.all()}
    assert {name.rsplit("/", 1)[-1]: digest for name, digest in source.items()} == recorded


# --- SQLite -------------------------------------------------------------------------------------

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drill (PostgreSQL: below)")


@sqlite_only
def test_sqlite_drill_restores_every_row_and_file_into_an_empty_database(world, tmp_path):
    archive = make_archive(tmp_path)
    env = sqlite_env(tmp_path)

    done = manage("restore", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    assert "Verified" in done.stdout

    restored = sqlite3.connect(env["SQLITE_PATH"])
    try:
        # Each side holds one operator event beyond the archive: the source its `ops.backup` (written
        # after the dump), the restored database its `ops.restore` (written after the chain check).
        assert counts_of(restored.cursor(), "sqlite") == source_counts()
        last = restored.execute("SELECT action, actor_name FROM audit_auditevent ORDER BY id DESC LIMIT 1").fetchone()
        assert last[0] == "ops.restore" and last[1].startswith("os:")
    finally:
        restored.close()
    backup_event = AuditEvent.objects.order_by("-id").first()
    assert (backup_event.action, backup_event.actor_id) == ("ops.backup", None)
    assert backup_event.actor_name.startswith("os:") and backup_event.after["archive"] == archive.name
    assert_attachments_match(world, Path(env["MEDIA_ROOT"]))
    verified = manage("audit_verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "audit chain OK" in verified.stdout

    # A second restore finds rows there and refuses; nothing changes.
    again = manage("restore", str(archive), env=env)
    assert again.returncode == 1
    assert "not empty" in again.stderr


@sqlite_only
def test_a_manifest_that_disagrees_with_the_restored_database_fails(world, tmp_path, monkeypatch):
    # As if the dump had lost a row: the restore must notice and say which table.
    real = backup.table_counts

    def one_more_user(cursor, vendor):
        counts = real(cursor, vendor)
        counts["auth_user"] += 1
        return counts

    monkeypatch.setattr(backup, "table_counts", one_more_user)
    archive = make_archive(tmp_path)
    users = source_counts()["auth_user"]

    done = manage("restore", str(archive), env=sqlite_env(tmp_path))
    assert done.returncode == 1
    assert f"row count differs: auth_user: archive {users + 1}, restored {users}" in done.stderr


def test_the_archive_is_encrypted_and_holds_no_key(media, tmp_path):
    (media / "attachments" / "ab").mkdir(parents=True)
    (media / "attachments" / "ab" / "ab01").write_bytes(b"\x89PNG secret scan")
    data = make_archive(tmp_path).read_bytes()
    for clear in (b"manifest.json", b"SQLite format 3", b"PGDMP", b"secret scan", b"auth_user",
                  KEY.encode(), backup.configured_key()):
        assert clear not in data
    assert oct(os.stat(next((tmp_path / "out").glob("*.pdbk"))).st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("damage, message", [
    (lambda b: b[:200] + bytes([b[200] ^ 1]) + b[201:], "tampered with"),
    (lambda b: b[:len(b) // 2] + bytes([b[len(b) // 2] ^ 0x80]) + b[len(b) // 2 + 1:], "tampered"),
    (lambda b: b[:-50], "truncated"),
    (lambda b: b + b"\x01\x00\x00\x00\x10" + bytes(16), "after its final chunk"),
    (lambda b: b"NOT-A-BACKUP" + b[12:], "not a backup archive"),
])
def test_a_damaged_archive_is_refused_before_anything_is_touched(media, tmp_path, damage, message):
    archive = make_archive(tmp_path)
    archive.write_bytes(damage(archive.read_bytes()))
    before = source_counts()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--force")
    assert source_counts() == before


def test_a_wrong_or_malformed_key_is_refused(media, tmp_path, settings):
    archive = make_archive(tmp_path)
    settings.BACKUP_KEY = backup.generate_key()
    with pytest.raises(CommandError, match="Wrong BACKUP_KEY"):
        call_command("restore", str(archive), "--check")
    for bad in ("abc", "not-a-key-" * 4 + "abcd"):
        settings.BACKUP_KEY = bad
        with pytest.raises(CommandError, match="BACKUP_KEY must be 32 bytes"):
            call_command("backup", "--out", str(tmp_path / "other"))
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").iterdir())


@sqlite_only
def test_a_tampered_archive_exits_1_and_leaves_the_new_database_empty(media, tmp_path):
    archive = make_archive(tmp_path)
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0x01
    archive.write_bytes(bytes(data))
    env = sqlite_env(tmp_path)
    done = manage("restore", str(archive), env=env)
    assert done.returncode == 1
    assert "fails authentication. Nothing was restored." in done.stderr, done.stderr
    target = Path(env["SQLITE_PATH"])
    if target.exists():
        db = sqlite3.connect(target)
        try:
            assert counts_of(db.cursor(), "sqlite") == {}
        finally:
            db.close()
    assert not Path(env["MEDIA_ROOT"]).exists() or not any(Path(env["MEDIA_ROOT"]).rglob("*"))


# --- PostgreSQL: the drill itself -----------------------------------------------------------------

@pytest.fixture
def empty_pg_database():
    """A new, empty database on the test cluster (dropped afterwards); yields its DATABASE_URL and a
    function opening a connection to it."""
    import psycopg

    settings_dict = connection.settings_dict
    name = f"restore_drill_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    url = f"postgres://{auth}{settings_dict.get('HOST') or '127.0.0.1'}:{settings_dict.get('PORT') or 5432}/{name}"

    def connect():
        return psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)

    yield url, connect
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL drill; run under scripts/with-postgres.sh")
def test_postgres_drill_restores_into_an_empty_database(world, tmp_path, empty_pg_database):
    url, connect = empty_pg_database
    archive = make_archive(tmp_path)
    env = {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media")}

    done = manage("restore", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    assert "Verified" in done.stdout

    with connect() as restored:
        restored_counts = counts_of(restored.cursor(), "postgresql")
    expected = source_counts()
    assert restored_counts == expected
    assert expected["audit_auditevent"] > 0 and expected["cases_attachment"] == 4
    assert_attachments_match(world, Path(env["MEDIA_ROOT"]))

    verified = manage("audit_verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert "audit chain OK" in verified.stdout
    # The append-only trigger came along: the restored audit log still refuses changes.
    with connect() as restored, pytest.raises(Exception, match="append-only"):
        restored.execute("DELETE FROM audit_auditevent")

    again = manage("restore", str(archive), env=env)
    assert again.returncode == 1 and "not empty" in again.stderr


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL drill; run under scripts/with-postgres.sh")
def test_postgres_tampered_archive_or_wrong_key_restores_nothing(media, tmp_path, empty_pg_database):
    url, connect = empty_pg_database
    archive = make_archive(tmp_path)
    env = {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "restored-media")}

    wrong = manage("restore", str(archive), env={**env, "BACKUP_KEY": backup.generate_key()})
    assert wrong.returncode == 1 and "Wrong BACKUP_KEY" in wrong.stderr

    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    tampered = manage("restore", str(archive), env=env)
    assert tampered.returncode == 1 and "Nothing was restored" in tampered.stderr

    with connect() as restored:
        assert counts_of(restored.cursor(), "postgresql") == {}
