"""Finding 12 of issue 10: the audit log is append-only in the database on SQLite as well
(migration audit 0005, partydev/audit/append_only.py), while `manage.py flush` (pytest-django's
transactional tests) still empties it, as TRUNCATE does on PostgreSQL."""

import sqlite3

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from partydev.audit.append_only import SQLITE_TRIGGER_NAMES
from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers (PostgreSQL: test_audit_coverage)")


@pytest.fixture
def event(db):
    audit_record(actor=None, action="auth.login_failed", result="fail", actor_name="someone")
    return AuditEvent.objects.get()


def test_the_migrated_database_has_the_triggers(db):
    # A later migration that rebuilds the table on SQLite drops them; it must create them again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        names = {row[0] for row in cursor.fetchall()}
    assert set(SQLITE_TRIGGER_NAMES) <= names


def test_queryset_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="auth.login", result="success")
    event.refresh_from_db()
    assert (event.action, event.result) == ("auth.login_failed", "fail")


def test_queryset_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_raw_sql_is_refused(event):
    for sql in ("UPDATE audit_auditevent SET actor_name = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get().actor_name == "someone"


def test_another_program_cannot_delete_either(tmp_path):
    # A connection that is not the app's (the sqlite3 shell) lacks the function the trigger asks.
    from partydev.audit.append_only import SQLITE_TRIGGERS

    db = sqlite3.connect(tmp_path / "copy.sqlite3")
    db.execute("CREATE TABLE audit_auditevent (id INTEGER PRIMARY KEY, action TEXT)")
    for sql in SQLITE_TRIGGERS:
        db.execute(sql)
    db.execute("INSERT INTO audit_auditevent (action) VALUES ('x')")
    with pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM audit_auditevent")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_auditevent SET action = 'y'")
    assert db.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (1,)
    db.close()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_table():
    audit_record(actor=None, action="auth.login_failed", result="fail", actor_name="someone")
    assert AuditEvent.objects.count() == 1
    call_command("flush", verbosity=0, interactive=False)
    assert AuditEvent.objects.count() == 0
    # and the guard is back afterwards
    audit_record(actor=None, action="auth.login_failed", result="fail", actor_name="again")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
