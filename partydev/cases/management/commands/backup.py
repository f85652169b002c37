"""``manage.py backup --out DIR``: one encrypted archive of the database and the attachment files
(partydev/common/backup.py describes the format; docs/setup.md "Operations" the drill).

The manifest also records the audit chain's head, which ``manage.py restore`` passes to the chain
check as its anchor. ``--generate-key`` prints a new BACKUP_KEY. A backup written is an audit event
``ops.backup`` (actor: the OS login), after the dump."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from partydev.audit.services import audit_record
from partydev.audit.verify import verify
from partydev.common import backup
from partydev.common.backup import BackupError
from partydev.common.operator import os_actor


class Command(BaseCommand):
    help = ("Write one encrypted archive (database + MEDIA_ROOT + manifest of row counts and SHA-256 "
            "hashes) into --out DIR, with the key in BACKUP_KEY.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="folder for the archive (created if missing)")
        parser.add_argument("--generate-key", action="store_true",
                            help="print a new random BACKUP_KEY and exit")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, out=None, generate_key=False, database=DEFAULT_DB_ALIAS, **options):
        if generate_key:
            self.stdout.write(backup.generate_key())
            return
        if not out:
            raise CommandError("Give the folder for the archive: --out DIR")
        try:
            key = backup.configured_key()
            # The head before the dump: the dump holds it (and perhaps later events), so the restored
            # chain must still contain it.
            chain = verify(using=database)
            audit = {"events": chain.count, "head_id": chain.head_id, "head_hash": chain.head_hash,
                     "fault": chain.fault.detail if chain.fault else ""}
            if chain.fault:
                self.stderr.write(f"warning: the audit chain is already broken: {chain.fault.detail}")
            result = backup.create_backup(Path(out), key=key, alias=database, extra={"audit": audit})
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        # Recorded after the dump, so the archive does not hold it: the archive's own chain ends at
        # the head in its manifest, and this event extends the live chain.
        audit_record(actor=None, actor_name=os_actor(), action="ops.backup", after={
            "archive": result.path.name, "tables": len(manifest["tables"]), "rows": rows,
            "media_files": len(manifest["media"]), "audit_head": audit["head_hash"]})
        self.stdout.write(
            f"{result.path}\n{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} media files; "
            f"audit chain head {audit['head_hash'] or '-'} ({audit['events']} events)")
        self.stdout.write(self.style.SUCCESS("Backup written. Keep BACKUP_KEY and the site's keys apart from it."))
