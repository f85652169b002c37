"""Neither the logs nor the audit trail keep a 身份证号 or phone number (ASVS 16.2.5, 14.2.1;
checklist 22): the values go only into their encrypted columns."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.common.idcard import make_id_number
from partydev.registration.models import RegistrationCode

ID_NUMBER = make_id_number("110108", timezone.localdate() - timedelta(days=20 * 366), 41, "F")
PHONE = "13900139041"


@pytest.fixture
def demo(demo_world):
    """The demo world of partydev/demo/, built through the real services (once per session)."""


def register(client, username, id_number=ID_NUMBER):
    return client.post(reverse("mobile:register", args=[RegistrationCode.objects.get().token]), {
        "name": "钱晓雯", "ethnicity": "汉族", "id_number": id_number, "phone": PHONE,
        "education": "bachelor", "work_unit": "示范大学", "username": username,
        "password1": "Qiu#2026tian", "password2": "Qiu#2026tian", "consent": "on", "sensitive_consent": "on"})


def everything_logged(caplog) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'request', '')}" for r in caplog.records)


def test_registration_logs_no_id_number_or_phone(client, demo, caplog, settings):
    # DEBUG on makes Django log every SQL statement with its parameters: the encrypted columns
    # must reach the database (and so the log) as ciphertext only.
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")  # Django's own default stops at INFO
    assert register(client, "qianxiaowen").status_code == 302
    assert register(client, "qianxiaowen2").status_code == 400  # the same 身份证号 again: a form error
    logged = everything_logged(caplog)
    assert "INSERT INTO" in logged  # the SQL log was captured, so the check below means something
    assert ID_NUMBER not in logged and ID_NUMBER[:17] not in logged
    assert PHONE not in logged


def test_database_columns_hold_no_plaintext(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM cases_case")
        rows = cursor.fetchall()
    plain = {(c.id_number, c.phone) for c in Case.objects.all()}
    assert len(rows) == len(plain) >= 6
    for stored_id, stored_phone in rows:
        assert all(stored_id != p[0] and stored_phone != p[1] for p in plain)
        assert not any(ch.isdigit() for ch in stored_id[:4])  # a Fernet token starts "gAAAAA"


def test_audit_trail_holds_no_id_number_or_phone(client, demo):
    assert register(client, "qianxiaowen").status_code == 302
    secrets = [v for c in Case.objects.all() for v in (c.id_number, c.phone)]
    for event in AuditEvent.objects.all():
        text = f"{event.before} {event.after} {event.object_id} {event.actor_name}"
        assert not any(s in text for s in secrets), event.action


def test_login_failure_log_does_not_contain_the_password(client, demo, caplog):
    get_user_model().objects.create_user("someone", password="Right#Pass2026")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    client.post(reverse("login"), {"username": "someone", "password": "Typo#Pass2026"})
    assert "Typo#Pass2026" not in everything_logged(caplog)
