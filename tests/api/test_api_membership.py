"""The branch's endpoints of steps 8–23 (partydev/api/views/membership.py): 确定为发展对象 after the 公示,
入党介绍人, the 支部党员大会 and 推迟讨论转正. Happy path, bad input (400, nothing written), the
service's refusals (409 / 422, nothing written). Wrong actors: test_api_scope_matrix.py."""

from datetime import date

import pytest

from partydev.cases.models import BranchMeeting
from partydev.demo import steps
from partydev.process.enums import FilingKind
from partydev.webforms import entries, walk
from tests.factories import db_state, paper_case, prepare_for_filing

from .test_api_scope_matrix import client_for

pytestmark = pytest.mark.usefixtures("english")


def agreed_target_2026(world):
    """Agreed by the committee under the 2026 rules, 公示 ended without objection (吴佳怡's demo dates)."""
    admin, committee = world.branch_admin, world.committee_admin
    case = paper_case(world.branch, admin, received=date(2024, 10, 8), name="吴公示")
    prepare_for_filing(case, admin)
    steps.make_activist(case, admin, committee, date(2025, 5, 20), date(2025, 6, 1))
    steps.target_basis(case, admin, date(2026, 6, 10))
    walk.send(case, admin, FilingKind.TARGET, date(2026, 6, 10))
    walk.accept(case, FilingKind.TARGET, committee, date(2026, 6, 15))
    entries.notice(case, admin, date(2026, 6, 24), date(2026, 6, 30), place="学院公示栏")
    case.refresh_from_db()
    return case


def test_target_confirm_problems_refusals_and_confirm(world_with_activist):
    world = world_with_activist
    case = agreed_target_2026(world)
    assert case.stage == "activist"
    branch = client_for(world, "branch")
    url = f"/api/v1/cases/{case.public_id}/target/confirm/"

    gate = branch.get(url, {"on": "2026-07-01"})
    assert gate.status_code == 200, gate.content
    assert gate.json()["blocked"] is False

    before = db_state()
    bad = branch.post(url, {"on": "not a date"}, format="json")
    assert bad.status_code == 400 and "on" in bad.json()["errors"]
    early = branch.post(url, {"on": "2026-06-25"}, format="json")  # before the 公示 ended
    assert early.status_code == 422, early.content
    assert db_state() == before

    done = branch.post(url, {"on": "2026-07-01"}, format="json")
    assert done.status_code == 200, done.content
    case.refresh_from_db()
    assert done.json()["stage"] == "target" and case.stage == "target"
    # Done: confirming again is refused and writes nothing.
    before = db_state()
    again = branch.post(url, {"on": "2026-07-02"}, format="json")
    assert again.status_code in (409, 422), again.content
    assert db_state() == before


def test_target_confirm_is_404_under_the_2014_rules(world_with_activist):
    world = world_with_activist
    branch = client_for(world, "branch")
    before = db_state()
    # The committee agreed on 2026-02-06, under the 2014 rules: its filing made the target, no page.
    assert branch.post(f"/api/v1/cases/{world.target.public_id}/target/confirm/", {}, format="json"
                       ).status_code == 404
    assert db_state() == before


def test_introducers_set_and_read(world_with_activist):
    world = world_with_activist
    branch = client_for(world, "branch")
    url = f"/api/v1/cases/{world.target.public_id}/introducers/"
    assert branch.get(url).json() == []

    before = db_state()
    bad = branch.put(url, {"members": [], "assigned_on": "2026-02-09"}, format="json")
    assert bad.status_code == 400 and "members" in bad.json()["errors"]
    stranger = branch.put(url, {"members": [999999], "assigned_on": "2026-02-09"}, format="json")
    assert stranger.status_code == 400
    assert db_state() == before

    candidates = branch.get(url + "candidates/", {"q": world.roster[0].name[:1]}).json()["results"]
    assert world.roster[0].pk in [m["id"] for m in candidates]
    chosen = [world.roster[0].pk, world.roster[1].pk]
    saved = branch.put(url, {"members": chosen, "assigned_on": "2026-02-09"}, format="json")
    assert saved.status_code == 200, saved.content
    assert sorted(row["member"]["id"] for row in saved.json()) == sorted(chosen)
    committee = client_for(world, "committee")
    assert len(committee.get(url).json()) == 2
    assert world.target.introducers.filter(ended_on__isnull=True).count() == 2


def meeting_body(world, on, **overrides):
    voters = walk.full_members(world.target)
    return {"meeting_date": on, "votes_for": len(voters), "votes_against": 0, "votes_abstain": 0,
            "voting_method": "secret_ballot", "voted_alone": True, "resolution": "同意接收为预备党员。",
            "attendance": [{"member": m.pk, "status": "present", "reason": ""} for m in voters]} | overrides


def test_admission_meeting_blocked_before_the_pre_review_and_bad_input(world_with_activist):
    world = world_with_activist
    branch = client_for(world, "branch")
    url = f"/api/v1/cases/{world.target.public_id}/meetings/admission/"
    gate = branch.get(url).json()
    assert gate["blocked"] is True and gate["problems"]
    before = db_state()
    blocked = branch.post(url, meeting_body(world, world.today.isoformat()), format="json")
    assert blocked.status_code == 409, blocked.content
    assert blocked.json()["problems"]
    missing = branch.post(url, meeting_body(world, world.today.isoformat(), attendance=[]), format="json")
    assert missing.status_code == 400, missing.content
    odd = branch.post(url, meeting_body(world, world.today.isoformat(), attendance="all"), format="json")
    assert odd.status_code == 400
    assert branch.post(f"/api/v1/cases/{world.target.public_id}/meetings/other/",
                       meeting_body(world, world.today.isoformat()), format="json").status_code == 404
    assert db_state() == before


def test_admission_meeting_recorded_and_listed(world_with_activist):
    world = world_with_activist
    admin, committee = world.branch_admin, world.committee_admin
    case = world.target
    steps.prepare_admission(case, admin, committee, {
        "introducers": date(2026, 2, 9), "review": date(2026, 2, 20), "training": (date(2026, 3, 2), date(2026, 3, 5)),
        "examination": date(2026, 3, 9), "pre_review": date(2026, 3, 12), "volunteer": date(2026, 3, 13)}, "API-0001")
    branch = client_for(world, "branch")
    url = f"/api/v1/cases/{case.public_id}/meetings/admission/"
    assert branch.get(url, {"on": "2026-03-20"}).json()["blocked"] is False
    before = db_state()
    no_quorum = meeting_body(world, "2026-03-20", votes_for=0, attendance=[
        {"member": m.pk, "status": "absent", "reason": ""} for m in walk.full_members(case)])
    refused = branch.post(url, no_quorum, format="json")
    assert refused.status_code == 422, refused.content
    assert db_state() == before

    done = branch.post(url, meeting_body(world, "2026-03-20"), format="json")
    assert done.status_code == 201, done.content
    body = done.json()
    assert body["passed"] is True and body["entitled"] == len(walk.full_members(case))
    assert BranchMeeting.objects.filter(case=case, purpose="admission").count() == 1
    listed = client_for(world, "committee").get(f"/api/v1/cases/{case.public_id}/meetings/")
    assert [m["id"] for m in listed.json()] == [body["id"]]


def test_conversion_meeting_before_the_probation_ends_is_refused(world_with_activist):
    world = world_with_activist
    branch = client_for(world, "branch")
    before = db_state()
    early = branch.post(f"/api/v1/cases/{world.member.public_id}/meetings/conversion/",
                        meeting_body(world, world.today.isoformat(), outcome="on_time"), format="json")
    assert early.status_code == 422, early.content
    assert db_state() == before


def test_conversion_postpone_needs_a_transfer_in(world_with_activist):
    world = world_with_activist
    branch = client_for(world, "branch")
    url = f"/api/v1/cases/{world.member.public_id}/conversion/postpone/"
    before = db_state()
    bad = branch.post(url, {"until": "2027-05-01", "decided_on": world.today.isoformat()}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    refused = branch.post(url, {"until": "2027-05-01", "decided_on": world.today.isoformat(), "reason": "转入"},
                          format="json")
    assert refused.status_code == 422, refused.content
    assert "postponement_no_transfer" in {p["code"] for p in refused.json()["problems"]}
    assert db_state() == before
