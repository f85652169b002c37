"""Parity: the same actions through the web pages and through the API leave the same state, the same
history and the same audit event kinds (the API calls the same services; this proves it end to end)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import BranchMeeting, Case, Filing, StageChange, Talk
from partydev.demo import steps
from partydev.process.enums import FilingKind
from partydev.webforms import entries, walk
from tests.factories import paper_case, prepare_for_filing

pytestmark = pytest.mark.usefixtures("english")


def trail(case):
    case = Case.objects.get(pk=case.pk)
    letter = case.applicationletters.get()
    talks = [(t.talk_date, t.place, t.content, t.other_talkers, sorted(t.talkers.values_list("pk", flat=True)))
             for t in Talk.objects.filter(case=case)]
    filings = list(Filing.objects.filter(case=case).values_list("kind", "status", "sent_on", "effective_date"))
    return {
        "stage": case.stage, "activist_since": case.activist_since, "letter": letter.status,
        "talks": talks, "filings": filings,
        "history": list(StageChange.objects.filter(case=case).order_by("id").values_list(
            "action", "from_stage", "to_stage", "effective_date")),
        "audit": sorted(AuditEvent.objects.filter(case=case).values_list("action", flat=True)),
    }


def test_web_and_api_give_the_same_state_history_and_audit(world, today, token_for):
    web_case = paper_case(world.branch, world.branch_admin, name="网页甲")
    api_case = paper_case(world.branch, world.branch_admin, name="接口乙")
    on = today.isoformat()
    talk = {"talk_date": on, "talkers": [world.roster[0].pk], "other_talkers": "", "place": "会议室",
            "content": "谈话"}
    recommendation = {"recommended_on": on, "method": "members", "note": ""}
    resolution = {"meeting_date": on, "result": "passed", "note": ""}

    # Through the pages (a session, form posts).
    web = Client()
    web.force_login(world.branch_admin)
    pid = web_case.public_id
    letter = web_case.applicationletters.get()
    assert web.post(reverse("pc:letter_approve", args=[pid, letter.pk])).status_code == 302
    for kind, data in (("talks", talk), ("recommendations", recommendation), ("resolutions", resolution)):
        assert web.post(reverse("pc:record_new", args=[pid, kind]), data).status_code == 302, kind
    assert web.post(reverse("pc:case_filing", args=[pid]), {"on": on}).status_code == 302
    committee = Client()
    committee.force_login(world.committee_admin)
    filing = Filing.objects.get(case=web_case)
    assert committee.post(reverse("pc:filing_accept", args=[filing.pk]), {"effective_date": on}).status_code == 302

    # Through the API (a token, JSON).
    api = token_for(world.branch_admin)
    pid = api_case.public_id
    letter = api_case.applicationletters.get()
    assert api.post(f"/api/v1/cases/{pid}/letters/{letter.pk}/approve/").status_code == 200
    for kind, data in (("talks", talk), ("recommendations", recommendation), ("resolutions", resolution)):
        assert api.post(f"/api/v1/cases/{pid}/records/{kind}/", data, format="json").status_code == 201, kind
    assert api.post(f"/api/v1/cases/{pid}/requests/activist/", {"on": on}, format="json").status_code == 201
    filing = Filing.objects.get(case=api_case)
    accepted = token_for(world.committee_admin).post(f"/api/v1/filings/{filing.pk}/accept/", {"effective_date": on},
                                                     format="json")
    assert accepted.status_code == 200

    web_trail, api_trail = trail(web_case), trail(api_case)
    assert web_trail["stage"] == "activist"
    assert web_trail == api_trail


def test_a_refusal_is_the_same_problem_on_both(world, today, token_for):
    """The filing of a person whose letter is not approved: the page lists the problems, the API
    returns them as a 409 problem; the codes are the same and nothing is written either way."""
    case = paper_case(world.branch, world.branch_admin, name="未审批")
    on = today.isoformat()
    web = Client()
    web.force_login(world.branch_admin)
    page = web.post(reverse("pc:case_filing", args=[case.public_id]), {"on": on})
    assert page.status_code == 400
    web_codes = sorted(p.code for p in page.context["problems"] if p.blocking)
    response = token_for(world.branch_admin).post(f"/api/v1/cases/{case.public_id}/requests/activist/",
                                                  {"on": on}, format="json")
    assert response.status_code == 409
    api_codes = sorted(p["code"] for p in response.json()["problems"] if p["blocking"])
    assert web_codes == api_codes and "letter_not_approved" in api_codes
    assert not Filing.objects.filter(case=case).exists()


def _target(world, name):
    """A development target (the 2014 schedule of tests/conftest.py's _development_target)."""
    case = paper_case(world.branch, world.branch_admin, received=date(2024, 9, 3), name=name)
    prepare_for_filing(case, world.branch_admin)
    steps.make_activist(case, world.branch_admin, world.committee_admin, date(2025, 1, 6), date(2025, 1, 11))
    steps.make_target(case, world.branch_admin, world.committee_admin, date(2026, 2, 3), date(2026, 2, 6))
    return case


def _ready_for_the_meeting(world, case, serial):
    admin = world.branch_admin
    entries.review(case, admin, date(2026, 2, 20))
    entries.training(case, admin, date(2026, 3, 2), date(2026, 3, 5))
    walk.examination(case, admin, date(2026, 3, 9))
    walk.send(case, admin, FilingKind.PRE_REVIEW, date(2026, 3, 9))
    walk.accept(case, FilingKind.PRE_REVIEW, world.committee_admin, date(2026, 3, 12))
    entries.volunteer_form(case, admin, date(2026, 3, 13), serial)


def meeting_trail(case):
    case = Case.objects.get(pk=case.pk)
    meeting = BranchMeeting.objects.get(case=case)
    return {
        "stage": case.stage,
        "introducers": sorted(case.introducers.values_list("member_id", "assigned_on", "ended_on")),
        "meeting": (meeting.meeting_date, meeting.entitled, meeting.present, meeting.written, meeting.votes_for,
                    meeting.votes_against, meeting.votes_abstain, meeting.passed, meeting.voting_method,
                    meeting.resolution),
        "attendance": sorted(meeting.attendance.values_list("member_id", "status", "reason")),
        "history": list(StageChange.objects.filter(case=case).order_by("id").values_list(
            "action", "from_stage", "to_stage", "effective_date")),
        "audit": sorted(AuditEvent.objects.filter(case=case).values_list("action", flat=True)),
    }


def test_introducers_and_the_admission_meeting_are_the_same_through_web_and_api(world, token_for):
    web_case, api_case = _target(world, "网页丙"), _target(world, "接口丁")
    r0, r1, r2 = (m.pk for m in world.roster)
    meeting = {"meeting_date": "2026-03-20", "votes_for": 2, "votes_against": 0, "votes_abstain": 0,
               "voting_method": "secret_ballot", "resolution": "同意接收为中共预备党员。"}
    statuses = {r0: "present", r1: "present", r2: "written"}

    web = Client()
    web.force_login(world.branch_admin)
    assert web.post(reverse("pc:introducers_edit", args=[web_case.public_id]),
                    {"members": [r0, r1], "assigned_on": "2026-02-09"}).status_code == 302
    _ready_for_the_meeting(world, web_case, "PARITY-1")
    form = meeting | {"voted_alone": "yes"} | {f"status_{pk}": s for pk, s in statuses.items()} | {
        f"reason_{pk}": "" for pk in statuses}
    assert web.post(reverse("pc:meeting_new", args=[web_case.public_id, "admission"]), form).status_code == 302

    api = token_for(world.branch_admin)
    base = f"/api/v1/cases/{api_case.public_id}/"
    assert api.put(base + "introducers/", {"members": [r0, r1], "assigned_on": "2026-02-09"},
                   format="json").status_code == 200
    _ready_for_the_meeting(world, api_case, "PARITY-2")
    body = meeting | {"voted_alone": True,
                      "attendance": [{"member": pk, "status": s, "reason": ""} for pk, s in statuses.items()]}
    assert api.post(base + "meetings/admission/", body, format="json").status_code == 201

    web_trail, api_trail = meeting_trail(web_case), meeting_trail(api_case)
    assert web_trail["meeting"][-3] is True  # passed
    assert web_trail == api_trail
