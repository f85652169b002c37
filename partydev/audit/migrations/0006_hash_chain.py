"""The audit log's hash chain (partydev/audit/chain.py), part 1: the columns, and the chain computed
for the events written before it existed, in id order.

The append-only triggers (0003 on PostgreSQL, 0005 on SQLite) would refuse the backfill's UPDATE, so
they are dropped here and created again at the end of 0007 (SQLite also loses them whenever Django
rebuilds the table, which 0007 does); tests/security/test_audit_append_only_sqlite.py checks that the
migrated database has them."""

from django.db import migrations, models

from partydev.audit import chain
from partydev.audit.append_only import create_triggers, drop_triggers

BATCH = 2000


def backfill(apps, schema_editor):
    # Batches by id range, each read whole before it is written (SQLite does not isolate a query
    # from writes on its own connection, so no open cursor over the table while updating it).
    AuditEvent = apps.get_model("audit", "AuditEvent")
    events = AuditEvent.objects.using(schema_editor.connection.alias).order_by("id")
    prev, last_id = chain.GENESIS, 0
    while batch := list(events.filter(id__gt=last_id)[:BATCH]):
        for event in batch:
            event.prev_hash = prev
            event.hash = prev = chain.link(prev, chain.values_of(event))
        events.bulk_update(batch, ["prev_hash", "hash"])
        last_id = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_append_only_sqlite")]
    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField("auditevent", "prev_hash", models.CharField(max_length=64, null=True, editable=False)),
        migrations.AddField("auditevent", "hash", models.CharField(max_length=64, null=True, editable=False)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
