"""``manage.py audit_verify [--anchor HASH]``: walk the audit log's hash chain and report the first
changed, removed or inserted event (partydev/audit/verify.py). Exit status 0 when the chain is
intact, 1 when it is not, so a cron job or monitoring can alert on it."""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from partydev.audit.verify import verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; report the first changed, removed or inserted event."

    def add_arguments(self, parser):
        parser.add_argument("--anchor", default="",
                            help="a head hash printed by an earlier run: fail if that event is gone")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, anchor="", database=DEFAULT_DB_ALIAS, **options):
        started = time.monotonic()
        report = verify(using=database, anchor=anchor)
        seconds = time.monotonic() - started
        if report.fault is not None:
            fault = report.fault
            self.stderr.write(f"audit chain BROKEN ({fault.kind}): {fault.detail}. "
                              f"{report.count} events verified before it.")
            raise SystemExit(1)
        self.stdout.write(f"audit chain OK: {report.count} events in {seconds:.1f} s; "
                          f"head event {report.head_id} hash {report.head_hash or '-'}")
