"""Issue 13, the rest of the road: a branch and a committee token take an activist to full member
(steps 7–24) with HTTP calls only, each step through the endpoint an integration would call: the
contacts, the opinions and resolutions (records), the requests and the committee's decisions, the
introducers, the 支部党员大会 on admission and conversion. The dates are the 2014 rules' schedule of
tests/security/record_pages.py (a full member converted on time in 2025). The activist and the
branch's party group are built with the services, as the other API tests build their world."""

from datetime import date

import pytest

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, StageChange
from partydev.demo import steps
from partydev.orgs.models import OrgKind
from partydev.webforms import entries
from tests.factories import child, paper_case

from .test_api_flow import login

pytestmark = pytest.mark.usefixtures("english")


def ok(response, status=201):
    assert response.status_code == status, response.content
    return response.json()


def test_activist_to_full_member_through_the_api(world):
    admin, committee_admin = world.branch_admin, world.committee_admin
    case = paper_case(world.branch, admin, received=date(2023, 9, 4), name="吴接口")
    entries.prepare_for_filing(case, admin)
    steps.make_activist(case, admin, committee_admin, date(2023, 10, 9), date(2023, 10, 12))
    group = child(world.branch, "第一党小组", OrgKind.GROUP)

    branch, committee = login("branch1"), login("committee")
    base = f"/api/v1/cases/{case.public_id}/"
    r0, r1 = world.roster[0].pk, world.roster[1].pk

    def record(slug, body):
        return ok(branch.post(base + f"records/{slug}/", body, format="json"))

    def request_and_accept(kind, sent_on, decided_on, **decision):
        filing = ok(branch.post(base + f"requests/{kind}/", {"on": sent_on}, format="json"))
        assert filing["id"] in [row["id"] for row in committee.get("/api/v1/filings/").json()["results"]]
        accepted = ok(committee.post(f"/api/v1/filings/{filing['id']}/accept/",
                                     {"effective_date": decided_on, **decision}, format="json"), 200)
        assert accepted["status"] == "accepted"

    def stage():
        return branch.get(base).json()["stage"]

    # Step 7: contacts, the three opinions, the 支委会's proposal; step 8: the committee files it (2014).
    ok(branch.put(base + "contacts/", {"contacts": [r0, r1], "assigned_on": "2023-10-12"}, format="json"), 200)
    for kind in ("party_group", "members_masses", "contact_confirmation"):
        record(f"opinion-{kind}", {"given_on": "2024-10-14", "author": "第一党小组", "content": "同意。",
                                   "contact": r0})
    record("target-resolutions", {"meeting_date": "2024-10-14", "result": "passed", "note": "同意列为发展对象"})
    request_and_accept("target", "2024-10-14", "2024-10-17")
    assert stage() == "target"

    # Steps 9–14: introducers, political review, training, examination, 预审, 志愿书.
    ok(branch.put(base + "introducers/", {"members": [r0, r1], "assigned_on": "2024-10-21"}, format="json"), 200)
    record("reviews", {"review_date": "2024-11-01", "methods": "本人谈话、查阅档案、函调", "conclusion": "qualified",
                       "summary": "政治审查合格。"})
    record("trainings", {"start_date": "2024-11-04", "end_date": "2024-11-07", "hours": "30", "mode": "in_person",
                         "organiser": "示范党委党校", "certificate": "PX-API"})
    record("admission-resolutions", {"meeting_date": "2024-11-11", "result": "passed", "note": "同意报党委预审"})
    request_and_accept("pre_review", "2024-11-11", "2024-11-14", opinion="同意发放入党志愿书。")
    record("volunteer-forms", {"serial_number": "API-0001", "filled_on": "2024-11-15"})

    # Steps 15–17: the 支部党员大会, the committee's talk, the approval (the committee's own meeting).
    voters = [{"member": m.pk, "status": "present"} for m in world.roster]
    meeting = {"votes_for": len(voters), "votes_against": 0, "votes_abstain": 0, "voting_method": "secret_ballot",
               "voted_alone": True, "attendance": voters}
    admitted = ok(branch.post(base + "meetings/admission/", meeting | {
        "meeting_date": "2024-11-22", "resolution": "同意接收为中共预备党员。"}, format="json"))
    assert admitted["passed"] is True
    record("committee-talks", {"talk_date": "2024-11-27", "talker": "党委组织员", "place": "党委办公室",
                               "opinion": "同意接收。"})
    request_and_accept("approval", "2024-11-27", "2024-12-02", committee_meeting_on="2024-12-02",
                       committee_votes_for=7, committee_votes_against=0, committee_votes_abstain=0)
    assert stage() == "probationary"

    # Steps 19–24: party group, oath, the conversion application, meeting and approval, on time.
    record("placements", {"group": group.pk, "placed_on": "2024-12-05"})
    record("oaths", {"oath_date": "2024-12-06", "place": "党员活动室", "organiser": "示范党委"})
    record("conversion-applications", {"applied_on": "2025-11-20", "content": "申请按期转为正式党员。"})
    converted = ok(branch.post(base + "meetings/conversion/", meeting | {
        "meeting_date": "2025-12-03", "resolution": "同意按期转为中共正式党员。", "outcome": "on_time"}, format="json"))
    assert converted["passed"] is True
    request_and_accept("conversion", "2025-12-03", "2025-12-10", opinion="同意按期转为中共正式党员。")

    case = Case.objects.get(pk=case.pk)
    assert case.stage == "full" and stage() == "full"
    actions = list(StageChange.objects.filter(case=case).order_by("id").values_list("action", flat=True))
    assert {"admission_meeting", "conversion_meeting"} <= set(actions)
    assert set(AuditEvent.objects.filter(case=case).values_list("action", flat=True)) >= {
        "branchmeeting.create", "filing.accept"}
    assert len(ok(committee.get(base + "meetings/"), 200)) == 2
