"""The migrations that add the audit hash chain (audit 0006, 0007) chain the events written before
them, in id order, and leave the append-only triggers in place (they drop them for the backfill)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from partydev.audit.verify import verify

BEFORE = [("audit", "0005_append_only_sqlite")]
AFTER = [("audit", "0007_hash_chain_constraints")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_chained_by_the_migration():
    old = migrate(BEFORE).get_model("audit", "AuditEvent")
    try:
        for n in range(5):
            old.objects.create(ts=timezone.now(), action="case.register", after={"n": n, "名": "甲"},
                               ip="::ffff:10.0.0.1" if n == 2 else "10.0.0.1")
    finally:
        migrate(AFTER)
    report = verify()
    assert (report.fault, report.count) == (None, 5)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
            assert {"audit_no_update", "audit_no_delete"} <= {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
                           "AND NOT tgisinternal")
            assert [row[0] for row in cursor.fetchall()] == ["audit_no_change"]
