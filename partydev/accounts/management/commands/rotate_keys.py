"""manage.py rotate_keys: re-encrypt every encrypted field with the newest FIELD_ENCRYPTION_KEYS key
(partydev/common/rotation.py). The run is an audit event `ops.rotate_keys` (actor: the OS login) with
the counts; this command lives in `accounts`, above `audit`, because `common` may not write events."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partydev.audit.services import audit_record
from partydev.common.operator import os_actor
from partydev.common.rotation import encrypted_models, rotate_model


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted field with the first (newest) key of FIELD_ENCRYPTION_KEYS, in "
            "batches; safe to interrupt and run again. Drop an old key only after a run that rotated nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        keys = len(settings.FIELD_ENCRYPTION_KEYS)
        self.stdout.write(f"{keys} key(s) configured; re-encrypting with the first.")
        left = 0
        report = {}
        for model, fields in encrypted_models():
            counts = rotate_model(model, fields, batch_size=batch_size)
            left += counts.changed_meanwhile
            report[model._meta.label] = {"rows": counts.rows, "rotated": counts.rotated, "current": counts.current,
                                         "changed_meanwhile": counts.changed_meanwhile}
            names = ", ".join(f.name for f in fields)
            self.stdout.write(
                f"{model._meta.label} ({names}): {counts.rows} rows, {counts.rotated} values re-encrypted, "
                f"{counts.current} already under the newest key, {counts.changed_meanwhile} rows changed "
                f"meanwhile")
        audit_record(actor=None, actor_name=os_actor(), action="ops.rotate_keys",
                     result="fail" if left else "success", after={"keys": keys, "models": report})
        if left:
            raise CommandError(f"{left} rows changed while they were rotated: run the command again.")
        self.stdout.write(self.style.SUCCESS("Every value is under the newest key: older keys may be dropped."))
