"""The audit log: the auditor reads the events of its subtree; every other role gets 404."""

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent

pytestmark = pytest.mark.usefixtures("english")


def test_auditor_reads_events_of_the_subtree(world, login):
    response = login(world.auditor).get(reverse("pc:audit_list"))
    assert response.status_code == 200
    events = list(response.context["page"])
    actions = {e.action for e in events}
    assert {"case.register", "letter.submit", "letter.approved", "talk.create", "filing.submit",
            "filing.accept", "registration_code.create"} <= actions
    # 另一党委's events are outside the auditor's tree.
    assert not any(e.case_id == world.other_case.pk for e in events)
    assert "陈思远" in response.content.decode()


def test_filter_by_action_and_actor(world, login):
    client = login(world.auditor)
    response = client.get(reverse("pc:audit_list"), {"action": "letter."})
    assert {e.action for e in response.context["page"]} == {"letter.submit", "letter.approved"}
    response = client.get(reverse("pc:audit_list"), {"actor": "branch2"})
    assert {e.actor_name for e in response.context["page"]} == {"branch2"}


def test_audit_events_are_append_only(world):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize("who", ["branch_admin", "committee_admin", "other_committee_admin", "applicant"])
def test_others_get_404(world, login, who):
    assert login(getattr(world, who)).get(reverse("pc:audit_list")).status_code == 404


def test_writes_through_the_site_record_ip_and_request_id(world, login):
    client = login(world.branch_admin)
    client.post(reverse("pc:code_revoke", args=[world.code.pk]), REMOTE_ADDR="10.1.2.3",
                HTTP_USER_AGENT="pytest-agent")
    event = AuditEvent.objects.get(action="registration_code.revoke")
    assert (event.ip, event.user_agent, event.actor_name) == ("10.1.2.3", "pytest-agent", "branch1")
    assert len(event.request_id) == 32
    assert event.org_path == world.branch.path


def test_logins_of_another_committee_are_not_shown(world, login):
    login(world.other_committee_admin)
    login(world.sibling_admin)
    client = login(world.auditor)
    events = client.get(reverse("pc:audit_list"), {"action": "auth.login"}).context["page"]
    actors = {e.actor_name for e in events}
    assert "branch2" in actors and "auditor" in actors
    assert "committee2" not in actors
