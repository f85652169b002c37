"""Tamper-evident audit (issue 10 checklist; partydev/audit/chain.py, verify.py, `manage.py
audit_verify`): every event carries an HMAC chained to the previous one; the command reports the
first changed, removed or inserted event and exits non-zero. The tampering is done in the database,
around the append-only trigger (dropped and created again on SQLite, disabled on PostgreSQL as the
table's owner), as someone with database access would."""

import secrets
import threading
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from partydev.audit import chain
from partydev.audit.append_only import SQLITE_TRIGGER_NAMES, SQLITE_TRIGGERS
from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record
from partydev.audit.verify import verify


@contextmanager
def trigger_off():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The foreign-key checks of this transaction's inserts are deferred; ALTER TABLE waits for none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_no_change")
        else:
            for name in SQLITE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER {name}")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_no_change")
            else:
                for sql in SQLITE_TRIGGERS:
                    cursor.execute(sql)


def tamper(sql, params=()):
    with trigger_off() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def events(db):
    """Five events of different kinds, written the way the site writes them."""
    audit_record(actor=None, action="auth.login_failed", result="fail", actor_name="138****0000 #abc")
    for n in range(3):
        audit_record(actor=None, action="case.register", org_path="0001", before={"stage": "x"},
                     after={"stage": "applicant", "n": n, "名": ["甲", 1.5, None]})
    audit_record(actor=None, action="auth.logout")
    return list(AuditEvent.objects.order_by("id"))


def run_verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue() + err.getvalue()


def test_each_event_points_at_the_one_before(events):
    assert events[0].prev_hash == chain.GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in events}) == len(events)


def test_an_intact_chain_passes(events):
    code, output = run_verify()
    assert code == 0
    assert "audit chain OK: 5 events" in output
    assert events[-1].hash in output  # the head, to be recorded elsewhere and passed as --anchor


def test_an_empty_log_passes(db):
    assert run_verify()[0] == 0


def test_a_changed_field_is_reported(events):
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["someone else", events[2].id])
    report = verify()
    assert (report.fault.kind, report.fault.event_id, report.count) == ("changed", events[2].id, 2)
    code, output = run_verify()
    assert code == 1
    assert f"(changed): event {events[2].id}" in output


@pytest.mark.parametrize("column, value", [
    ("result", "fail"), ("action", "case.create_paper"), ("org_path", "0002"), ("ip", "10.0.0.1"),
    ("object_id", "7"), ("user_agent", "x"), ("request_id", "y"),
])
def test_every_column_is_covered(events, column, value):
    tamper(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", [value, events[1].id])  # noqa: S608
    assert (verify().fault.kind, verify().fault.event_id) == ("changed", events[1].id)


def test_a_changed_time_or_json_value_is_reported(events):
    event = events[3]
    tamper("UPDATE audit_auditevent SET ts = %s WHERE id = %s", [event.ts.replace(microsecond=0), event.id])
    assert (verify().fault.kind, verify().fault.event_id) == ("changed", event.id)


def test_a_changed_json_value_is_reported(events):
    tamper("UPDATE audit_auditevent SET after = %s WHERE id = %s",
           ['{"stage": "activist", "n": 2, "名": ["甲", 1.5, null]}', events[3].id])
    assert (verify().fault.kind, verify().fault.event_id) == ("changed", events[3].id)


def test_a_changed_newest_event_is_reported(events):
    tamper("UPDATE audit_auditevent SET action = 'auth.login' WHERE id = %s", [events[-1].id])
    assert (verify().fault.kind, verify().fault.event_id) == ("changed", events[-1].id)


def test_a_rewritten_chain_without_the_key_is_reported(events):
    # Someone with the database but not AUDIT_CHAIN_KEY changes an event and recomputes every hash.
    with override_settings(AUDIT_CHAIN_KEY="guessed"):
        prev = chain.GENESIS
        rows = []
        for event in events:
            values = chain.values_of(event) | ({"actor_name": "nobody"} if event == events[2] else {})
            rows.append((event.id, prev, prev := chain.link(prev, values), values["actor_name"]))
    with trigger_off() as cursor:
        # New prev_hash values collide with old ones mid-way: clear them first (unique column).
        cursor.execute("UPDATE audit_auditevent SET prev_hash = 'tmp' || id")
        for event_id, prev_hash, own_hash, actor_name in rows:
            cursor.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s, actor_name = %s WHERE id = %s",
                           [prev_hash, own_hash, actor_name, event_id])
    assert (verify().fault.kind, verify().fault.event_id) == ("changed", events[0].id)


def test_a_removed_event_is_reported(events):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].id])
    report = verify()
    assert (report.fault.kind, report.fault.event_id, report.fault.after_id) == ("removed", events[3].id,
                                                                                  events[1].id)
    code, output = run_verify()
    assert code == 1
    assert f"(removed): event {events[3].id} does not follow its predecessor: events removed after event " \
           f"{events[1].id}" in output


def test_removing_the_first_events_is_reported(events):
    tamper("DELETE FROM audit_auditevent WHERE id <= %s", [events[1].id])
    fault = verify().fault
    assert (fault.kind, fault.event_id, fault.after_id) == ("removed", events[2].id, None)


def test_removing_the_newest_events_is_caught_by_the_anchor(events):
    anchor = events[-1].hash
    assert run_verify("--anchor", anchor)[0] == 0
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].id])
    assert run_verify()[0] == 0  # a shorter chain is still a valid chain…
    code, output = run_verify("--anchor", anchor)  # …but the recorded head is gone
    assert code == 1
    assert "(truncated)" in output


def _forged_row(event_id, like):
    """An event written straight into the table, with made-up chain columns (SHA-256 without the key)."""
    prev_hash = secrets.token_hex(32)
    own_hash = chain.hashlib.sha256(prev_hash.encode() + chain.canonical(chain.values_of(like))).hexdigest()
    tamper("INSERT INTO audit_auditevent (id, ts, actor_name, action, result, object_type, object_id, org_path, "
           "user_agent, request_id, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, '', '', %s, '', '', %s, %s)",
           [event_id, like.ts, "forged", "case.register", "success", like.org_path, prev_hash, own_hash])


def test_an_inserted_event_is_reported(db):
    first = audit_record(actor=None, action="auth.login_failed", result="fail")
    # Ids have gaps (a rolled-back transaction on PostgreSQL uses up its id): skip ten.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), %s)", [first.id + 10])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = 'audit_auditevent'", [first.id + 10])
    audit_record(actor=None, action="auth.logout")
    audit_record(actor=None, action="auth.logout")
    assert verify().fault is None
    _forged_row(first.id + 5, like=first)
    report = verify()
    assert (report.fault.kind, report.fault.event_id, report.fault.after_id) == ("inserted", first.id + 5, first.id)
    code, output = run_verify()
    assert code == 1
    assert f"(inserted): event {first.id + 5} is not part of the chain" in output


def test_an_event_inserted_at_the_start_is_reported(events):
    _forged_row(events[0].id - 1 if events[0].id > 1 else 0, like=events[0])
    assert verify().fault.kind == "inserted"


def test_new_events_carry_on_from_the_head(events):
    audit_record(actor=None, action="auth.login")
    newest = AuditEvent.objects.order_by("-id").first()
    assert newest.prev_hash == events[-1].hash
    assert verify().fault is None


def test_the_database_refuses_a_fork(events):
    # Two events that point at the same predecessor (what two unsynchronised writers would write).
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (ts, actor_name, action, result, object_type, object_id, org_path, "
            "user_agent, request_id, prev_hash, hash) VALUES (%s, '', 'x', 'success', '', '', '', '', '', %s, %s)",
            [events[0].ts, events[-1].prev_hash, "0" * 64])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_concurrent_writers_do_not_fork_the_chain():
    audit_record(actor=None, action="auth.login")
    barrier = threading.Barrier(4)
    errors = []

    def writer(n):
        try:
            barrier.wait(timeout=10)
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=None, action="auth.login", actor_name=f"w{n}-{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify()
    assert (report.fault, report.count) == (None, 41)
