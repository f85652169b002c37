"""On SQLite too the audit table rejects UPDATE and DELETE at the database level (see
partydev/audit/append_only.py for how `manage.py flush` still empties it, like TRUNCATE on
PostgreSQL).

SQLite drops a table's triggers when Django rebuilds the table (most AlterField/AddField on
SQLite), so a later migration of AuditEvent must run SQLITE_TRIGGERS again;
tests/security/test_audit_append_only_sqlite.py fails if the migrated database lacks them."""

from django.db import migrations

from partydev.audit.append_only import SQLITE_TRIGGERS


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_alter_auditevent_org_path")]
    operations = [migrations.RunPython(forwards, backwards)]
