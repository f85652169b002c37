"""Issue 10, finding 7: the login name typed at a failed login (often a phone number, an ID number,
even a password) is stored neither in the audit log nor in django-axes' tables in plain text, only
masked with a keyed tag (partydev/audit/auth_events.py `login_name_for_logs`); and an auditor of one
党委 does not see the failed logins of another 党委's accounts (audit/selectors.py)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record
from partydev.common.masking import mask_login_name

PHONE = "13812340000"
ID_NUMBER = "110105200003010011"


def fail(client, username, ip="10.9.8.7"):
    return client.post(reverse("login"), {"username": username, "password": "Wrong#pass1"}, REMOTE_ADDR=ip)


def stored_text():
    """Every username-like value the audit log and axes keep."""
    return " ".join([
        *AuditEvent.objects.filter(action="auth.login_failed").values_list("actor_name", flat=True),
        *AccessAttempt.objects.values_list("username", flat=True),
        *AccessFailureLog.objects.values_list("username", flat=True),
    ])


@pytest.mark.parametrize("typed", [PHONE, ID_NUMBER, "Secret#Pass2026", "branch1"])
def test_the_typed_name_is_kept_masked_in_the_audit_log_and_in_axes(world, client, typed):
    fail(client, typed)
    text = stored_text()
    assert text  # something was recorded
    assert typed not in text
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_name == login_name_for_logs(typed)
    assert event.actor_name.startswith(mask_login_name(typed) + " #")
    assert AccessAttempt.objects.get().username == login_name_for_logs(typed)


def test_the_masks():
    assert mask_login_name(PHONE) == "138****0000"
    assert mask_login_name(ID_NUMBER) == "110***************"
    assert mask_login_name("Secret#Pass2026") == "S***"
    assert mask_login_name("x") == "***"
    # The keyed tag tells two names with the same mask apart, and is the same for the same name.
    assert login_name_for_logs("Secret1") != login_name_for_logs("Second2")
    assert login_name_for_logs("Secret1") == login_name_for_logs("Secret1")


def test_lockout_still_counts_per_name_with_the_masked_form(world, client):
    for _ in range(4):
        assert fail(client, "branch1").status_code == 200
    assert fail(client, "branch1").status_code == 429


def test_an_auditor_does_not_see_failed_logins_of_another_committees_accounts(world, client, login):
    fail(client, "committee2")  # the other 党委's administrator
    fail(client, "branch2")     # an account of the auditor's own 党委
    own = AuditEvent.objects.get(action="auth.login_failed", actor_name=login_name_for_logs("branch2"))
    other = AuditEvent.objects.get(action="auth.login_failed", actor_name=login_name_for_logs("committee2"))
    assert (own.org_path, other.org_path) == (world.sibling.path, world.other_committee.path)

    page = login(world.auditor).get(reverse("pc:audit_list"), {"action": "auth.login_failed"})
    shown = {e.pk for e in page.context["page"]}
    assert own.pk in shown
    assert other.pk not in shown


def test_a_name_of_no_account_is_shown_to_every_auditor_masked(world, client, login):
    fail(client, PHONE)
    page = login(world.auditor).get(reverse("pc:audit_list"), {"action": "auth.login_failed"})
    assert [e.actor_name for e in page.context["page"]] == [login_name_for_logs(PHONE)]
    assert PHONE not in page.content.decode()


def test_other_events_of_no_organisation_are_not_shown(world, login):
    audit_record(actor=world.other_committee_admin, action="auth.password_change")  # no org_path given
    page = login(world.auditor).get(reverse("pc:audit_list"), {"action": "auth.password_change"})
    assert list(page.context["page"]) == []
