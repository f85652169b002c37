"""Parity: the same actions through the web pages and through the API leave the same state, the same
history and the same audit event kinds (the API calls the same services; this proves it end to end)."""

import pytest
from django.test import Client
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, Filing, StageChange, Talk
from tests.factories import paper_case

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
