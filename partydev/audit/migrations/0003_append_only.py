"""On PostgreSQL (production) the audit table rejects UPDATE and DELETE at the database level
(等保 安全审计 c), so not even a bug or a shell session in the app can rewrite history.

SQLite is for demos and tests only; there the model's own guard applies. (A SQLite trigger would
also refuse the DELETE FROM that Django's test flush uses; PostgreSQL flushes with TRUNCATE, which
row triggers do not see.)"""

from django.db import migrations

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_append_only();""",
]


def forwards(apps, schema_editor):
    statements = {"postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
