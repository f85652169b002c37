"""Encrypted backups of the database and the attachment files (``manage.py backup`` / ``restore``).

One archive holds a tar stream of

- ``database.pgdump`` (``pg_dump --format=custom`` of a snapshot) or ``database.sqlite3`` (a copy made
  with SQLite's online backup API),
- ``media/…``: every file under MEDIA_ROOT (the attachments),
- ``manifest.json`` (last): the row count of every table, the SHA-256 and size of every media file,
  the SHA-256 of the database file, the applied migrations, the git commit and what the caller adds
  (the audit chain's head).

The stream is encrypted in chunks of 1 MiB with AES-256-GCM. The file starts with a header
(``MAGIC``, a random 16-byte salt, a 16-byte key check); HKDF-SHA256 derives from BACKUP_KEY and the
salt one key for this archive and the key check, so a wrong key is told apart from a damaged file. A
chunk is ``final flag (1 byte) | length (4 bytes) | ciphertext+tag``; its nonce is its index and the
header, index and flag are authenticated with it, so a changed, removed, reordered or cut-off chunk
fails. BACKUP_KEY is 32 random bytes in URL-safe base64 (``manage.py backup --generate-key``); it is
never written into the archive. Keep it, and the site's FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY and
AUDIT_CHAIN_KEY/SECRET_KEY, outside the backup storage: a restored database is readable and its audit
chain verifiable only with the same keys.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .backup_crypto import (  # noqa: F401  (the commands and tests use them through this module)
    CHUNK_BYTES,
    BackupError,
    DecryptingReader,
    EncryptingWriter,
    configured_key,
    generate_key,
)

MANIFEST = "manifest.json"
DB_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_PREFIX = "media/"
SUFFIX = ".pdbk"


# --- database facts -----------------------------------------------------------------------------

def table_counts(cursor, vendor: str) -> dict[str, int]:
    """The exact row count of every table (not views, not SQLite's own tables)."""
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        names = [(None, row[0]) for row in cursor.fetchall()]
    elif vendor == "postgresql":
        cursor.execute("SELECT table_schema, table_name FROM information_schema.tables "
                       "WHERE table_type = 'BASE TABLE' "
                       "AND table_schema NOT IN ('pg_catalog', 'information_schema')")
        names = list(cursor.fetchall())
    else:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    counts = {}
    for schema, name in sorted(names, key=lambda n: (n[0] or "", n[1])):
        quoted = '"' + name.replace('"', '""') + '"'
        if schema and schema != "public":
            quoted = '"' + schema.replace('"', '""') + '".' + quoted
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (names come from the catalogue)
        label = name if not schema or schema == "public" else f"{schema}.{name}"
        counts[label] = cursor.fetchone()[0]
    return counts


def applied_migrations(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def unknown_migrations(recorded: dict[str, list[str]]) -> list[str]:
    """Migrations in an archive that this code does not have (the archive comes from newer code)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, names in recorded.items() for name in names if (app, name) not in known]


def _git_commit() -> str:
    git = shutil.which("git")
    if not git:
        return ""
    try:
        done = subprocess.run([git, "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True,  # noqa: S603
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _pg_tool(name: str) -> str:
    bindir = os.environ.get("PG_BINDIR")
    path = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(f"{name} was not found (install the PostgreSQL client, or set PG_BINDIR).")
    return path


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """Connection parameters for pg_dump/pg_restore in the environment, never on the command line."""
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                     ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        value = settings_dict.get(key)
        if value:
            env[var] = str(value)
        else:
            env.pop(var, None)
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit status {done.returncode}): {done.stderr.strip()[-2000:]}")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_database(alias: str, workdir: Path) -> tuple[Path, dict[str, int]]:
    """A consistent copy of the database in `workdir` and the row counts of that same copy."""
    connection = connections[alias]
    vendor = connection.vendor
    if vendor == "sqlite":
        target = workdir / DB_FILES["sqlite"]
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            counts = table_counts(copy.cursor(), "sqlite")
        finally:
            copy.close()
        return target, counts
    if vendor == "postgresql":
        if connection.in_atomic_block:
            raise BackupError("Run the backup outside a transaction (it takes its own snapshot).")
        target = workdir / DB_FILES["postgresql"]
        # One REPEATABLE READ snapshot, shared with pg_dump: the counts describe exactly the dump.
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={target}"],
                 _pg_env(connection.settings_dict), "pg_dump")
            counts = table_counts(cursor, "postgresql")
        return target, counts
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")


def media_files(root: Path) -> list[tuple[str, Path]]:
    """(archive-relative name, path) of every regular file under MEDIA_ROOT, sorted."""
    if not root.is_dir():
        return []
    found = []
    for dirpath, _dirnames, filenames in os.walk(root):
        for filename in filenames:
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


class _HashingReader:
    def __init__(self, handle):
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self._handle.read(size)
        self.digest.update(data)
        return data


# --- backup -------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    manifest: dict = field(default_factory=dict)


def create_backup(out_dir: Path, *, key: bytes, alias: str = "default", extra: dict | None = None) -> BackupResult:
    """Write one encrypted archive into `out_dir` (created if missing); returns its path and manifest."""
    connection = connections[alias]
    media_root = Path(settings.MEDIA_ROOT)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = out_dir / f"partydev-backup-{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    partial = final.with_suffix(SUFFIX + ".partial")
    with tempfile.TemporaryDirectory(prefix="partydev-backup-") as tmp:
        db_file, counts = dump_database(alias, Path(tmp))
        manifest = {
            "format": "partydev-backup", "version": 1,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "database_file": db_file.name, "database_sha256": sha256_file(db_file),
            "app": {"git_commit": _git_commit(), "migrations": applied_migrations(alias)},
            "tables": counts,
            "media": {},
            **(extra or {}),
        }
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw:
                writer = EncryptingWriter(raw, key)
                with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    tar.add(db_file, arcname=db_file.name)
                    for name, path in media_files(media_root):
                        info = tar.gettarinfo(path, arcname=MEDIA_PREFIX + name)
                        with path.open("rb") as handle:
                            reader = _HashingReader(handle)
                            tar.addfile(info, reader)
                        manifest["media"][name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
                    body = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(body), int(datetime.now(UTC).timestamp()), 0o600
                    tar.addfile(info, BytesIO(body))
                writer.close()
                raw.flush()
                os.fsync(raw.fileno())
            partial.replace(final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=final, manifest=manifest)


# --- restore ------------------------------------------------------------------------------------

def _allowed_member(name: str) -> bool:
    if name in (MANIFEST, *DB_FILES.values()):
        return True
    path = PurePosixPath(name)
    return name.startswith(MEDIA_PREFIX) and not path.is_absolute() and ".." not in path.parts


def unpack(archive: Path, staging: Path, *, key: bytes) -> dict:
    """Decrypt and extract the whole archive into `staging` (nothing else is touched), check the
    staged files against the manifest and return the manifest."""
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    with archive.open("rb") as raw:
        reader = DecryptingReader(raw, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for member in tar:
                    if not (member.isfile() or member.isdir()) or not _allowed_member(member.name):
                        raise BackupError(f"Unexpected entry in the archive: {member.name!r}")
                    tar.extract(member, staging, filter="data")
        except tarfile.TarError as exc:
            raise BackupError(f"The archive's content is not a valid backup: {exc}") from None
    manifest_path = staging / MANIFEST
    if not manifest_path.is_file():
        raise BackupError("The archive has no manifest.")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    if manifest.get("format") != "partydev-backup" or manifest.get("version") != 1:
        raise BackupError("Unknown backup format or version in the manifest.")
    db_file = staging / manifest["database_file"]
    if not db_file.is_file() or sha256_file(db_file) != manifest["database_sha256"]:
        raise BackupError("The database file in the archive does not match the manifest.")
    problems = check_media(staging / "media", manifest["media"])
    if problems:
        raise BackupError("The archive's files do not match its manifest:\n  " + "\n  ".join(problems))
    return manifest


def check_media(root: Path, expected: dict[str, dict]) -> list[str]:
    problems = []
    for name, facts in sorted(expected.items()):
        path = root / name
        if not path.is_file():
            problems.append(f"media file missing: {name}")
        elif sha256_file(path) != facts["sha256"]:
            problems.append(f"media file differs (SHA-256): {name}")
    return problems


def database_rows(alias: str) -> dict[str, int]:
    """Tables of the target database that hold rows (empty means: safe to restore into)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)
    return {name: count for name, count in counts.items() if count}


def restore_database(alias: str, staging: Path, manifest: dict, *, replace: bool) -> None:
    connection = connections[alias]
    db_file = staging / manifest["database_file"]
    if connection.vendor != manifest["vendor"]:
        raise BackupError(f"The archive holds a {manifest['vendor']} database; the target is {connection.vendor}.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(connection.connection)  # replaces the whole target database, page by page
        finally:
            source.close()
        connection.close()
        return
    settings_dict = connection.settings_dict
    connection.close()  # no lock of ours may stand in pg_restore's way
    command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
               "--single-transaction", f"--dbname={settings_dict['NAME']}"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(db_file)], _pg_env(settings_dict), "pg_restore")


def restore_media(staging: Path, manifest: dict) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    for name in manifest["media"]:
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / "media" / name, target)


def compare_counts(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"table missing after restore: {name} (archive: {expected[name]} rows)")
        elif name not in expected:
            if actual[name]:
                problems.append(f"table not in the archive holds rows: {name} ({actual[name]} rows)")
        elif expected[name] != actual[name]:
            problems.append(f"row count differs: {name}: archive {expected[name]}, restored {actual[name]}")
    return problems


def verify_restore(alias: str, manifest: dict) -> list[str]:
    """Row counts of every table and the hash of every media file, against the manifest."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)
    return (compare_counts(manifest["tables"], counts)
            + check_media(Path(settings.MEDIA_ROOT), manifest["media"]))
