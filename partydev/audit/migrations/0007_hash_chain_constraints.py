"""The audit log's hash chain, part 2: every event has its hashes, the previous hash is unique (so
the chain cannot fork), the time is set before the row is written (the hash covers it), and the
append-only triggers dropped by 0006 come back (on SQLite after the table rebuilds of this
migration, which drop them)."""

import django.utils.timezone
from django.db import migrations, models

from partydev.audit.append_only import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_hash_chain")]
    operations = [
        migrations.AlterField("auditevent", "prev_hash",
                              models.CharField(max_length=64, unique=True, editable=False)),
        migrations.AlterField("auditevent", "hash", models.CharField(max_length=64, editable=False)),
        migrations.AlterField("auditevent", "ts", models.DateTimeField(
            db_index=True, default=django.utils.timezone.now, verbose_name="time")),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
