"""The endpoints one by one: happy path, bad input (a 400 problem, nothing written), the service's
refusals (409 / 422 problems), masking and audit."""

import pytest

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter, Talk, ThoughtReport
from tests.factories import db_state

pytestmark = pytest.mark.usefixtures("english")


def test_my_record_is_masked_and_mine_only(world, token_for):
    me = token_for(world.applicant).get("/api/v1/me/").json()
    assert me["public_id"] == str(world.case.public_id)
    assert world.case.id_number not in str(me) and world.case.phone not in str(me)
    assert me["id_number_masked"].startswith(world.case.id_number[:3]) and "*" in me["phone_masked"]


def test_my_progress_is_what_the_phone_shows(world, token_for):
    progress = token_for(world.applicant).get("/api/v1/me/progress/").json()
    assert progress["stage"] == "applicant" and progress["can_submit_letter"] is False
    assert len(progress["steps"]) == 6 and progress["steps"][0]["number"] == 1


def test_a_returned_letter_is_rewritten(world, token_for):
    branch, phone = token_for(world.sibling_admin), token_for(world.stranger)
    on = world.today.isoformat()
    letter = phone.post("/api/v1/me/letters/", {"title": "入党申请书", "content": "申请", "written_date": on},
                        format="json").json()
    again = phone.post("/api/v1/me/letters/", {"title": "入党申请书", "content": "再申请", "written_date": on},
                       format="json")
    assert again.status_code == 409 and again.json()["type"] == "urn:partydev:problem:letter-waiting"
    url = f"/api/v1/cases/{world.sibling_case.public_id}/letters/{letter['id']}/return/"
    assert branch.post(url, {"reason": "  "}, format="json").status_code == 400
    returned = branch.post(url, {"reason": "请重写"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert phone.get("/api/v1/me/progress/").json()["can_submit_letter"] is True
    rewritten = phone.post("/api/v1/me/letters/", {"title": "入党申请书", "content": "重写", "written_date": on},
                           format="json")
    assert rewritten.status_code == 201
    assert [x["status"] for x in phone.get("/api/v1/me/letters/").json()] == ["submitted", "returned"]


def test_bad_input_is_a_400_problem_and_writes_nothing(world, token_for):
    phone = token_for(world.stranger)
    before = db_state()
    response = phone.post("/api/v1/me/letters/", {"title": "", "written_date": "2999-01-01"}, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:partydev:problem:invalid-input" and body["status"] == 400
    assert {"title", "content", "written_date"} <= set(body["errors"])
    assert phone.post("/api/v1/me/letters/", "[1]", content_type="application/json").status_code == 400
    assert phone.post("/api/v1/me/letters/", "{", content_type="application/json").status_code == 400
    assert db_state() == before


def test_thought_reports_of_an_activist(world_with_activist, token_for):
    world = world_with_activist
    phone = token_for(world.activist_case.user)
    made = phone.post("/api/v1/me/reports/", {"title": "思想汇报", "content": "体会",
                                              "written_on": world.today.isoformat()}, format="json")
    assert made.status_code == 201
    assert ThoughtReport.objects.filter(case=world.activist_case, pk=made.json()["id"]).exists()
    assert AuditEvent.objects.filter(action="thoughtreport.submit", case=world.activist_case).exists()
    # an applicant does not report yet
    assert token_for(world.applicant).post("/api/v1/me/reports/", {}, format="json").status_code == 404


def test_a_record_is_updated_with_its_version_and_a_stale_version_is_refused(world, token_for):
    branch = token_for(world.branch_admin)
    url = f"/api/v1/cases/{world.case.public_id}/records/talks/{world.talk.pk}/"
    read = branch.get(url).json()
    body = {"talk_date": read["talk_date"], "talkers": read["talkers"], "other_talkers": "",
            "place": "新地点", "content": read["content"]}
    assert branch.put(url, body, format="json").status_code == 422  # no version: refused (record_changed)
    saved = branch.put(url, body | {"version": read["version"]}, format="json")
    assert saved.status_code == 200 and saved.json()["place"] == "新地点"
    stale = branch.put(url, body | {"version": read["version"], "place": "又一地点"}, format="json")
    assert stale.status_code == 422 and stale.json()["problems"][0]["code"] == "record_changed"
    assert Talk.objects.get(pk=world.talk.pk).place == "新地点"
    assert branch.delete(url).status_code == 204
    assert not Talk.objects.filter(pk=world.talk.pk).exists()


def test_a_date_before_birth_is_refused_by_the_form(world, token_for):
    branch = token_for(world.branch_admin)
    before = db_state()
    response = branch.post(
        f"/api/v1/cases/{world.case.public_id}/records/recommendations/",
        {"recommended_on": "1921-07-02", "method": "members"}, format="json")
    assert response.status_code == 400 and "recommended_on" in response.json()["errors"]
    assert db_state() == before


def test_the_committee_returns_a_filing_and_the_branch_sees_it(world, token_for):
    committee = token_for(world.committee_admin)
    detail = committee.get(f"/api/v1/filings/{world.filing.pk}/").json()
    assert detail["kind"] == "activist" and detail["can_reject"] is False
    assert committee.post(f"/api/v1/filings/{world.filing.pk}/reject/", {"opinion": "x"},
                          format="json").status_code == 404
    returned = committee.post(f"/api/v1/filings/{world.filing.pk}/return/", {"reason": "补充材料"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    again = committee.post(f"/api/v1/filings/{world.filing.pk}/accept/", {"effective_date": world.today.isoformat()},
                           format="json")
    assert again.status_code == 409 and again.json()["type"] == "urn:partydev:problem:stale"
    assert committee.get("/api/v1/filings/", {"status": "returned"}).json()["results"][0]["id"] == world.filing.pk


def test_the_ledger_as_json_is_scoped_and_audited(world, token_for):
    rows = token_for(world.branch_admin).get("/api/v1/ledger/").json()["results"]
    names = {r["name"] for r in rows}
    assert world.case.name in names and world.sibling_case.name not in names
    assert all("*" in r["id_number_masked"] for r in rows)
    assert AuditEvent.objects.filter(actor=world.branch_admin, action="ledger.download").exists()
    committee_rows = token_for(world.committee_admin).get("/api/v1/ledger/", {"branch": world.sibling.pk}).json()
    assert {r["name"] for r in committee_rows["results"]} >= {world.sibling_case.name}
    assert token_for(world.branch_admin).get("/api/v1/ledger/", {"branch": world.sibling.pk}).status_code == 404


def test_cursor_pagination_walks_the_whole_list(world, token_for):
    client = token_for(world.committee_admin)
    first = client.get("/api/v1/cases/", {"stage": "applicant", "page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert not {r["public_id"] for r in first["results"]} & {r["public_id"] for r in second["results"]}


def test_a_file_is_downloaded_by_who_may_see_it_and_audited(world, token_for):
    response = token_for(world.branch_admin).get(f"/api/v1/attachments/{world.attachment.public_id}/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="attachment.download", actor=world.branch_admin).exists()


def test_list_filter_outside_the_scope_is_refused(world, token_for):
    response = token_for(world.branch_admin).get("/api/v1/cases/", {"stage": "applicant",
                                                                    "branch": world.other_branch.pk})
    assert response.status_code == 400 and "branch" in response.json()["errors"]


def test_unknown_stage_is_a_400(world, token_for):
    assert token_for(world.branch_admin).get("/api/v1/cases/", {"stage": "nope"}).status_code == 400


def test_letter_detail_of_the_applicant(world, token_for):
    assert token_for(world.applicant).get(f"/api/v1/me/letters/{world.letter.pk}/").json()["status"] == "approved"
    assert ApplicationLetter.objects.filter(pk=world.letter.pk).exists()


def test_the_branch_reads_a_report_and_returns_a_person(world_with_activist, token_for):
    world = world_with_activist
    branch = token_for(world.branch_admin)
    base = f"/api/v1/cases/{world.activist_case.public_id}/"
    assert [r["id"] for r in branch.get(base + "reports/").json()] == [world.report.pk]
    read = branch.post(base + f"reports/{world.report.pk}/read/", {"comment": "已阅"}, format="json")
    assert read.status_code == 200 and read.json()["read_at"]
    again = branch.post(base + f"reports/{world.report.pk}/read/", {"comment": "再阅"}, format="json")
    assert again.status_code == 409

    on = world.today.isoformat()
    stale = branch.post(base + "return/", {"point": "filing", "effective_date": on, "reason": "重新备案",
                                           "stage": "applicant"}, format="json")
    assert stale.status_code == 409  # the client saw another stage
    wrong = branch.post(base + "return/", {"point": "activist", "effective_date": on, "reason": "x",
                                           "stage": "activist"}, format="json")
    assert wrong.status_code == 400 and "point" in wrong.json()["errors"]  # not a point of this stage
    done = branch.post(base + "return/", {"point": "filing", "effective_date": on, "reason": "重新备案",
                                          "stage": "activist"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["stage"] == "applicant"
    assert token_for(world.activist_case.user).get("/api/v1/me/progress/").json()["returned_reason"] == "重新备案"


def test_the_branch_appoints_cultivation_contacts(world_with_activist, token_for):
    world = world_with_activist
    branch = token_for(world.branch_admin)
    base = f"/api/v1/cases/{world.activist_case.public_id}/contacts/"
    candidates = branch.get(base + "candidates/", {"q": world.roster[0].name[:1]}).json()["results"]
    assert world.roster[0].pk in [m["id"] for m in candidates]
    on = world.today.isoformat()
    outsider = branch.put(base, {"contacts": [999999], "assigned_on": on}, format="json")
    assert outsider.status_code == 400 and "contacts" in outsider.json()["errors"]
    done = branch.put(base, {"contacts": [world.roster[0].pk], "assigned_on": on}, format="json")
    assert done.status_code == 200, done.content
    assert [c["member"]["id"] for c in done.json()] == [world.roster[0].pk]
    assert [c["member"]["id"] for c in token_for(world.committee_admin).get(base).json()] == [world.roster[0].pk]
    assert token_for(world.committee_admin).put(base, {"contacts": [], "assigned_on": on},
                                                format="json").status_code == 404
