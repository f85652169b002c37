"""``manage.py restore ARCHIVE``: restore an archive of ``manage.py backup`` into an empty database
and MEDIA_ROOT, then verify it: the row count of every table and the SHA-256 of every file against
the manifest, every attachment row against its file, and the audit hash chain (anchored at the head
recorded in the archive). Any difference: the differences on stderr and exit status 1.

The archive is decrypted and checked completely in a temporary folder first, so a wrong key or a
damaged or tampered archive stops before the database or MEDIA_ROOT is touched. ``--check`` stops
there (a drill of the archive and key without restoring). A verified restore is an audit event
``ops.restore`` (actor: the OS login), written after the chain check, so it extends the restored
chain."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from partydev.audit.services import audit_record
from partydev.audit.verify import verify
from partydev.cases.attachments import attachment_path
from partydev.cases.models import Attachment
from partydev.common import backup
from partydev.common.backup import BackupError
from partydev.common.operator import os_actor


class Command(BaseCommand):
    help = ("Restore an archive of `manage.py backup` into an empty database and MEDIA_ROOT, then verify "
            "row counts, file hashes and the audit chain (key in BACKUP_KEY).")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .pdbk file written by manage.py backup")
        parser.add_argument("--check", action="store_true",
                            help="only decrypt and check the archive against its manifest; restore nothing")
        parser.add_argument("--force", action="store_true",
                            help="restore although the database has rows or MEDIA_ROOT has files "
                                 "(PostgreSQL: drops and recreates the archive's tables)")
        parser.add_argument("--tmp-dir", help="folder for the decrypted copy (default: the system's)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive, check=False, force=False, tmp_dir=None, database=DEFAULT_DB_ALIAS,
               **options):
        touched = False
        try:
            key = backup.configured_key()
            with tempfile.TemporaryDirectory(prefix="partydev-restore-", dir=tmp_dir) as tmp:
                staging = Path(tmp)
                manifest = backup.unpack(Path(archive), staging, key=key)
                self._check_migrations(manifest, force)
                summary = (f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
                           f"{len(manifest['media'])} media files, made {manifest['created_at']}")
                if check:
                    self.stdout.write(self.style.SUCCESS(f"Archive OK: {summary}."))
                    return
                self._refuse_unless_empty(database, force)
                touched = True
                backup.restore_database(database, staging, manifest, replace=force)
                backup.restore_media(staging, manifest)
        except BackupError as exc:
            raise CommandError(str(exc) if touched else f"{exc} Nothing was restored.") from None
        problems = backup.verify_restore(database, manifest) + self._attachments(database)
        problems += self._audit_chain(database, manifest)
        if problems:
            raise CommandError("Restored, but it does NOT match the archive:\n  " + "\n  ".join(problems))
        # Only now, with the restored chain verified, is the restore itself recorded: the event
        # extends the restored chain (a broken chain gets nothing appended to it).
        audit_record(actor=None, actor_name=os_actor(), action="ops.restore", after={
            "archive": Path(archive).name, "made": manifest["created_at"], "tables": len(manifest["tables"]),
            "rows": sum(manifest["tables"].values()), "media_files": len(manifest["media"]),
            "audit_head": (manifest.get("audit") or {}).get("head_hash", ""), "forced": force})
        self.stdout.write(f"Restored {summary}.")
        self.stdout.write(self.style.SUCCESS(
            "Verified: every table's row count, every file's SHA-256 and the audit chain match the archive."))

    def _check_migrations(self, manifest, force):
        unknown = backup.unknown_migrations(manifest["app"]["migrations"])
        if unknown and not force:
            raise BackupError("The archive comes from newer code: these migrations are unknown here: "
                              + ", ".join(unknown[:10]) + ". Deploy that code (git commit "
                              + (manifest["app"].get("git_commit") or "unknown") + ") first.")

    def _refuse_unless_empty(self, database, force):
        if force:
            return
        rows = backup.database_rows(database)
        if rows:
            sample = ", ".join(f"{name} ({count})" for name, count in list(rows.items())[:5])
            raise BackupError(f"The target database is not empty: {len(rows)} tables hold rows, e.g. {sample}. "
                              "Restore into a new, empty database (or pass --force to replace).")
        media = backup.media_files(Path(settings.MEDIA_ROOT))
        if media:
            raise BackupError(f"MEDIA_ROOT ({settings.MEDIA_ROOT}) already holds {len(media)} files. "
                              "Restore into an empty folder (or pass --force).")

    def _attachments(self, database):
        problems = []
        for attachment in Attachment.objects.using(database).only("pk", "stored_name", "sha256").iterator():
            path = attachment_path(attachment)
            if not path.is_file():
                problems.append(f"attachment {attachment.pk}: its file is missing")
            elif backup.sha256_file(path) != attachment.sha256:
                problems.append(f"attachment {attachment.pk}: its file does not match its recorded SHA-256")
        return problems

    def _audit_chain(self, database, manifest):
        anchor = (manifest.get("audit") or {}).get("head_hash", "")
        report = verify(using=database, anchor=anchor)
        if report.fault is None:
            return []
        hint = ("it was already broken when the backup was made"
                if manifest.get("audit", {}).get("fault") else
                "is AUDIT_CHAIN_KEY (or SECRET_KEY) the one of the backed-up site?")
        return [f"audit chain broken ({report.fault.kind}): {report.fault.detail}; {hint}"]
