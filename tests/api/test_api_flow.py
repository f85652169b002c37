"""Done-when of issue 13: a client that knows only the schema registers an applicant with a QR token,
submits a letter, and a branch and a committee account take the person from applicant to activist.
Only HTTP calls after the world's accounts and code exist."""

import pytest
from rest_framework.test import APIClient

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, StageChange
from tests.factories import PASSWORD, person

pytestmark = pytest.mark.usefixtures("english")


def registration_body(**overrides):
    return person() | {"username": "apiapplicant", "password1": "Reg#2026pass", "password2": "Reg#2026pass",
                       "consent": True, "sensitive_consent": True} | overrides


def login(username, password=PASSWORD):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_schema_is_served_and_names_every_step_of_the_flow(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/registration/{token}/register/", "/api/v1/me/letters/",
                 "/api/v1/cases/{public_id}/letters/{pk}/approve/", "/api/v1/cases/{public_id}/records/talks/",
                 "/api/v1/cases/{public_id}/records/recommendations/", "/api/v1/cases/{public_id}/records/resolutions/",
                 "/api/v1/cases/{public_id}/requests/{kind}/", "/api/v1/filings/{pk}/accept/"):
        assert path in paths


def test_applicant_to_activist_through_the_api(world, today):
    on = today.isoformat()
    phone = APIClient()

    # 1. The applicant scans the branch's QR code and registers: a token comes back.
    code = phone.get(f"/api/v1/registration/{world.code.token}/")
    assert code.status_code == 200 and code.json()["usable"] is True
    registered = phone.post(f"/api/v1/registration/{world.code.token}/register/", registration_body(), format="json")
    assert registered.status_code == 201, registered.content
    body = registered.json()
    public_id = body["case"]["public_id"]
    assert body["case"]["stage"] == "applicant" and "*" in body["case"]["id_number_masked"]
    phone.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")

    # 2. It submits the application letter.
    letter = phone.post("/api/v1/me/letters/", {"title": "入党申请书", "content": "我志愿加入中国共产党。",
                                                "written_date": on}, format="json")
    assert letter.status_code == 201, letter.content
    assert phone.get("/api/v1/me/progress/").json()["can_submit_letter"] is False

    # 3. The branch approves it, records the talk, the recommendation and the resolution.
    branch = login("branch1")
    listed = branch.get("/api/v1/cases/", {"stage": "applicant", "status": "awaiting_letter"}).json()
    assert public_id in [row["public_id"] for row in listed["results"]]
    approved = branch.post(f"/api/v1/cases/{public_id}/letters/{letter.json()['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    # Before the records, the filing is blocked: 409 with the whole list of problems.
    blocked = branch.post(f"/api/v1/cases/{public_id}/requests/activist/", {"on": on}, format="json")
    assert blocked.status_code == 409
    assert blocked["Content-Type"] == "application/problem+json"
    assert {"no_talk", "no_recommendation", "no_resolution"} <= {p["code"] for p in blocked.json()["problems"]}

    base = f"/api/v1/cases/{public_id}/records/"
    talk = branch.post(base + "talks/", {"talk_date": on, "other_talkers": "王书记", "place": "党员活动室",
                                         "content": "谈话内容"}, format="json")
    assert talk.status_code == 201, talk.content
    rec = branch.post(base + "recommendations/", {"recommended_on": on, "method": "members", "note": ""},
                      format="json")
    assert rec.status_code == 201, rec.content
    res = branch.post(base + "resolutions/", {"meeting_date": on, "result": "passed", "note": ""}, format="json")
    assert res.status_code == 201, res.content

    gate = branch.get(f"/api/v1/cases/{public_id}/requests/activist/problems/", {"on": on}).json()
    assert gate["blocked"] is False
    sent = branch.post(f"/api/v1/cases/{public_id}/requests/activist/", {"on": on}, format="json")
    assert sent.status_code == 201, sent.content
    filing_id = sent.json()["id"]

    # 4. The committee finds it in its inbox and accepts: the person is an activist.
    committee = login("committee")
    inbox = committee.get("/api/v1/filings/").json()
    assert filing_id in [row["id"] for row in inbox["results"]]
    accepted = committee.post(f"/api/v1/filings/{filing_id}/accept/", {"effective_date": on}, format="json")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"

    case = Case.objects.get(public_id=public_id)
    assert case.stage == "activist" and case.activist_since == today
    assert list(StageChange.objects.filter(case=case).order_by("id").values_list("action", flat=True)) == [
        "registered", "activist_filed", "activist_accepted"]
    assert set(AuditEvent.objects.filter(case=case).values_list("action", flat=True)) >= {
        "case.register", "letter.submit", "letter.approved", "talk.create", "recommendation.create",
        "branchresolution.create", "filing.submit", "filing.accept", "case.activist_accepted"}
    assert phone.get("/api/v1/me/").json()["stage"] == "activist"
