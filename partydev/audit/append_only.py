"""The audit table refuses UPDATE and DELETE in the database itself, on SQLite as on PostgreSQL.

PostgreSQL (migration 0003): a row trigger rejects every UPDATE and DELETE; ``manage.py flush``
(what pytest-django's transactional tests run between tests) empties tables with TRUNCATE, which
row triggers do not see, so flushing a whole database keeps working there.

SQLite (migration 0005) has no TRUNCATE: flush runs ``DELETE FROM`` on every table, row by row
through the triggers. Its triggers mirror PostgreSQL: UPDATE is always refused; DELETE is refused
unless this process is inside ``manage.py flush`` (this app's override of the command), which the
trigger asks through the SQL function ``audit_flush_allowed()`` registered on every SQLite
connection the app opens. Any other connection (the ``sqlite3`` shell, another program) has no
such function, so there every DELETE fails too.
"""

from contextlib import contextmanager
from contextvars import ContextVar

FUNCTION = "audit_flush_allowed"
_flushing: ContextVar[bool] = ContextVar("audit_flushing", default=False)

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditevent
       WHEN NOT {FUNCTION}()
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_TRIGGER_NAMES = ("audit_no_update", "audit_no_delete")
# On PostgreSQL the trigger calls the function audit_append_only() of migration 0003.
POSTGRES_TRIGGER = """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
                      FOR EACH ROW EXECUTE FUNCTION audit_append_only();"""


def create_triggers(apps, schema_editor):
    """RunPython step of a migration that changed the table (SQLite drops triggers on a rebuild)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_change ON audit_auditevent")
        schema_editor.execute(POSTGRES_TRIGGER)
    elif vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    """RunPython step of a migration that must rewrite existing rows (it creates them again after)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_change ON audit_auditevent")
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


@contextmanager
def flush_allowed():
    """Inside this block (``manage.py flush`` only) the SQLite trigger lets DELETE through."""
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)


def _allowed() -> int:
    return 1 if _flushing.get() else 0


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver: give every SQLite connection the function the trigger calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 0, _allowed)
