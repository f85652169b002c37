"""Every write through the site leaves exactly one well-formed audit row per event (等保 安全审计 a/b;
ASVS 16.2.1), and the rows are append-only (安全审计 c)."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter, Case, Filing, Talk
from partydev.cases.services import letter_return
from partydev.common.idcard import make_id_number
from partydev.demo.entries import LETTER_TEXT
from partydev.orgs.models import Member
from partydev.process.enums import FilingStatus
from partydev.registration.models import RegistrationCode
from tests.factories import seen

IP = "192.0.2.7"
AGENT = "Mozilla/5.0 (audit test)"


@pytest.fixture
def demo(demo_world):
    """The demo world of partydev/demo/, built through the real services (once per session)."""
    return {u.username: u for u in get_user_model().objects.all()}


def case(name) -> Case:
    return Case.objects.get(name=name)


def talk_data(case_obj):
    member = Member.objects.filter(branch=case_obj.branch).first()
    return {"talk_date": case_obj.applicationletters.get().received_date.isoformat(),
            "talkers": [member.pk], "place": "党员活动室", "content": "了解入党动机。"}


# --- the write paths: (client, demo) -> response -------------------------------------------------

def code_create(client, demo):
    return client.post(reverse("pc:code_list"), {"branch": case("陈思远").branch_id, "title": "秋季",
                                                 "valid_minutes": 30})


def code_revoke(client, demo):
    return client.post(reverse("pc:code_revoke", args=[RegistrationCode.objects.get().pk]))


def registration(client, demo):
    birth = timezone.localdate() - timedelta(days=20 * 366)
    return client.post(reverse("mobile:register", args=[RegistrationCode.objects.get().token]), {
        "name": "孙立新", "ethnicity": "汉族", "id_number": make_id_number("110108", birth, 31, "M"),
        "phone": "13900139031", "education": "bachelor", "work_unit": "示范大学", "username": "sunlixin",
        "password1": "Qiu#2026tian", "password2": "Qiu#2026tian", "consent": "on", "sensitive_consent": "on"})


def letter_submit(client, demo):
    return client.post(reverse("mobile:letter_new"), {
        "title": "入党申请书", "content": LETTER_TEXT, "written_date": timezone.localdate().isoformat()})


def _applicant1_letter():
    return ApplicationLetter.objects.get(case__name="陈思远")


def letter_approve(client, demo):
    letter = _applicant1_letter()
    return client.post(reverse("pc:letter_approve", args=[letter.case.public_id, letter.pk]))


def letter_return_(client, demo):
    letter = _applicant1_letter()
    return client.post(reverse("pc:letter_return", args=[letter.case.public_id, letter.pk]),
                       {"reason": "请补充入党动机。"})


def talk_create(client, demo):
    c = case("李沐阳")
    return client.post(reverse("pc:record_new", args=[c.public_id, "talks"]), talk_data(c))


def talk_update(client, demo):
    c = case("张雨桐")
    talk = Talk.objects.get(case=c)
    data = talk_data(c) | {"talk_date": talk.talk_date.isoformat(), "place": "会议室"} | seen(talk)
    return client.post(reverse("pc:record_edit", args=[c.public_id, "talks", Talk.objects.get(case=c).pk]), data)


def talk_delete(client, demo):
    c = case("张雨桐")
    return client.post(reverse("pc:record_delete", args=[c.public_id, "talks", Talk.objects.get(case=c).pk]))


def filing_submit(client, demo):
    return client.post(reverse("pc:case_filing", args=[case("张雨桐").public_id]))


def _pending_filing():
    return Filing.objects.get(status=FilingStatus.PENDING)


def filing_accept(client, demo):
    return client.post(reverse("pc:filing_accept", args=[_pending_filing().pk]),
                       {"effective_date": timezone.localdate().isoformat()})


def filing_return(client, demo):
    return client.post(reverse("pc:filing_return", args=[_pending_filing().pk]), {"reason": "谈话记录不完整。"})


def case_return_applicant(client, demo):
    return client.post(reverse("pc:case_return", args=[case("王浩然").public_id]),
                       {"point": "filing", "reason": "材料需补正。", "stage": "applicant",
                        "effective_date": timezone.localdate().isoformat()})


def case_return_activist(client, demo):
    return client.post(reverse("pc:case_return", args=[case("刘子涵").public_id]),
                       {"point": "letter", "reason": "申请书需重写。", "stage": "activist",
                        "effective_date": timezone.localdate().isoformat()})


def return_applicant1_letter(demo):
    letter_return(letter=_applicant1_letter(), actor=demo["branch1"], reason="请重写。")


@dataclass(frozen=True)
class Scenario:
    actor: str | None  # username; None: the account the request creates
    write: object
    events: dict  # action -> object type
    case_name: str | None
    setup: object = None


SCENARIOS = {
    "code create": Scenario("branch1", code_create, {"registration_code.create": "registrationcode"}, None),
    "code revoke": Scenario("branch1", code_revoke, {"registration_code.revoke": "registrationcode"}, None),
    "registration": Scenario(None, registration, {"case.register": "case"}, "孙立新"),
    "letter submit": Scenario("applicant1", letter_submit, {"letter.submit": "applicationletter"}, "陈思远",
                              setup=return_applicant1_letter),
    "letter approve": Scenario("branch1", letter_approve, {"letter.approved": "applicationletter"}, "陈思远"),
    "letter return": Scenario("branch1", letter_return_, {"letter.returned": "applicationletter"}, "陈思远"),
    "talk create": Scenario("branch1", talk_create, {"talk.create": "talk"}, "李沐阳"),
    "talk update": Scenario("branch1", talk_update, {"talk.update": "talk"}, "张雨桐"),
    "talk delete": Scenario("branch1", talk_delete, {"talk.delete": "talk"}, "张雨桐"),
    "filing submit": Scenario("branch1", filing_submit, {"filing.submit": "filing"}, "张雨桐"),
    "filing accept": Scenario("committee", filing_accept,
                              {"filing.accept": "filing", "case.activist_accepted": "case"}, "王浩然"),
    "filing return": Scenario("committee", filing_return, {"filing.return": "filing"}, "王浩然"),
    "case return (applicant)": Scenario("branch1", case_return_applicant, {"case.returned_filing": "case"}, "王浩然"),
    "case return (activist)": Scenario("branch2", case_return_activist, {"case.returned_letter": "case"}, "刘子涵"),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_write_leaves_one_well_formed_audit_row_per_event(client, demo, name):
    scenario = SCENARIOS[name]
    if scenario.setup:
        scenario.setup(demo)
    if scenario.actor:
        client.force_login(demo[scenario.actor])
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # A known source IP and browser, which every audit row of the request must carry.
    client.defaults.update(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    response = scenario.write(client, demo)
    assert response.status_code == 302

    rows = list(AuditEvent.objects.filter(id__gt=last).exclude(action__startswith="auth."))
    assert sorted(r.action for r in rows) == sorted(scenario.events)
    actor = demo[scenario.actor] if scenario.actor else get_user_model().objects.get(username="sunlixin")
    expected_case = case(scenario.case_name) if scenario.case_name else None
    for row in rows:
        assert (row.actor, row.actor_name, row.result) == (actor, actor.username, "success")
        assert row.object_type == scenario.events[row.action] and row.object_id
        assert row.case == expected_case
        assert row.org_path and (expected_case is None or row.org_path == expected_case.org_path)
        assert (row.ip, row.user_agent) == (IP, AGENT)
        assert re.fullmatch(r"[0-9a-f]{32}", row.request_id)
        assert abs(row.ts - timezone.now()) < timedelta(minutes=1)
    assert len({r.request_id for r in rows}) == 1  # one request, one id to tie its events together


def test_a_refused_write_leaves_no_audit_row(client, demo):
    # A return without a reason changes nothing, so nothing is logged as done.
    client.force_login(demo["branch1"])
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    letter = _applicant1_letter()
    response = client.post(reverse("pc:letter_return", args=[letter.case.public_id, letter.pk]), {"reason": " "})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(id__gt=last).exists()



def test_password_change_is_audited(client, demo):
    # 等保 安全审计 a / security-and-scale.md §1.3: password changes are security events.
    client.force_login(demo["branch1"])
    client.defaults.update(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(reverse("password_change"), {
        "old_password": "Demo@2026", "new_password1": "Xin#Mima2026", "new_password2": "Xin#Mima2026"})
    assert response.status_code == 302
    rows = list(AuditEvent.objects.filter(id__gt=last))
    assert len(rows) == 1, "changing a password left no audit row"
    assert "password" in rows[0].action and (rows[0].actor, rows[0].ip) == (demo["branch1"], IP)


def test_reading_the_audit_log_is_audited(client, demo):
    # The audit_list view says "Reading the log is itself a security event" (§1.3: audit-log queries).
    client.force_login(demo["auditor"])
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get(reverse("pc:audit_list"), {"action": "case."}).status_code == 200
    rows = list(AuditEvent.objects.filter(id__gt=last))
    assert len(rows) == 1, "reading the audit log left no audit row"
    assert rows[0].actor == demo["auditor"] and rows[0].action.startswith("audit.")


def test_audit_rows_cannot_be_changed_through_the_model(demo):
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    event.refresh_from_db()
    assert event.action != "forged"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
def test_database_refuses_update_and_delete_of_audit_rows(demo):
    event = AuditEvent.objects.first()
    for statement in (lambda: AuditEvent.objects.filter(pk=event.pk).update(action="forged"),
                      lambda: AuditEvent.objects.filter(pk=event.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
    event.refresh_from_db()
    assert event.action != "forged"
