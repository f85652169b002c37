"""The committee's inbox and decision page for every kind of request: 预审, 审批 (only by a 党委, within
3 / 6 months of the meeting), 转正 with the meeting's outcome, and "not passed / not approved" with a
written opinion."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, Filing, StageChange
from partydev.cases.services import request_send
from partydev.common.dates import add_months, add_years
from partydev.process.enums import FilingKind
from tests.membership.fixtures_views import (  # noqa: F401
    complete_target,
    make_probationary,
    make_target,
    send_for_approval,
    send_for_conversion,
    state,
    views_world_fixture,
    vw_fixture,
)

pytestmark = pytest.mark.usefixtures("english")


def text(response):
    return response.content.decode()


def detail(client, filing):
    return client.get(reverse("pc:filing_detail", args=[filing.pk]))


def accept(client, filing, on, opinion=""):
    data = {"effective_date": on.isoformat(), "opinion": opinion}
    if filing.kind == FilingKind.APPROVAL:  # §24: the committee's own meeting and vote, recorded with it
        data |= {"committee_meeting_on": on.isoformat(), "committee_votes_for": 5, "committee_votes_against": 0,
                 "committee_votes_abstain": 0}
    return client.post(reverse("pc:filing_accept", args=[filing.pk]), data)


def reject(client, filing, opinion):
    return client.post(reverse("pc:filing_reject", args=[filing.pk]), {"opinion": opinion})


def pre_review_filing(vw):
    complete_target(vw.target, vw.b1_admin, [vw.wang, vw.li], vw.today)
    return request_send(case=vw.target, actor=vw.b1_admin, kind=FilingKind.PRE_REVIEW, sent_on=vw.today)


@pytest.fixture
def committee(vw, login):
    return login(vw.c_admin)


# --- the inbox --------------------------------------------------------------------------------------

def test_inbox_filters_by_kind(vw, committee):
    everything = {f.pk for f in committee.get(reverse("pc:filing_inbox")).context["page"]}
    assert {vw.approval.pk, vw.b3_approval.pk, vw.conversion.pk} <= everything
    approvals = committee.get(reverse("pc:filing_inbox"), {"kind": "approval"})
    assert {f.pk for f in approvals.context["page"]} == {vw.approval.pk, vw.b3_approval.pk}
    conversions = committee.get(reverse("pc:filing_inbox"), {"kind": "conversion"})
    assert [f.pk for f in conversions.context["page"]] == [vw.conversion.pk]
    assert 'name="kind"' in text(conversions) and "Approval of conversion" in text(conversions)
    accepted = committee.get(reverse("pc:filing_inbox"), {"kind": "pre_review", "status": "accepted"})
    assert {f.case.name for f in accepted.context["page"]} >= {vw.candidate.name, vw.probationary.name}


def test_inbox_unknown_kind_falls_back_to_everything_pending(vw, committee):
    response = committee.get(reverse("pc:filing_inbox"), {"kind": "bogus"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert vw.conversion.pk in {f.pk for f in response.context["page"]}


# --- 预审 ---------------------------------------------------------------------------------------------

def test_pre_review_page_shows_the_facts_and_both_forms(vw, committee):
    filing = pre_review_filing(vw)
    response = detail(committee, filing)
    assert response.status_code == 200
    html = text(response)
    assert "王建国、李红梅" in html and "Qualified" in html and "24 class hours" in html
    assert reverse("pc:filing_reject", args=[filing.pk]) in html
    assert 'name="opinion"' in html and "Not passed" in html
    assert response.context["problems"] == []  # the pending request does not count against itself


def test_pre_review_passed_with_an_opinion(vw, committee):
    filing = pre_review_filing(vw)
    response = committee.post(reverse("pc:filing_accept", args=[filing.pk]),
                              {"effective_date": vw.today.isoformat(), "opinion": "  同意，请填写入党志愿书  "},
                              follow=True)
    assert "The pre-review of 发展对象甲 has passed." in text(response)
    filing.refresh_from_db()
    assert (filing.status, filing.opinion, filing.effective_date) == ("accepted", "同意，请填写入党志愿书", vw.today)
    assert StageChange.objects.filter(case=vw.target, action="pre_review_passed").count() == 1


def test_pre_review_not_passed_needs_and_keeps_the_opinion(vw, committee, login):
    filing = pre_review_filing(vw)
    response = reject(committee, filing, "政治审查材料不完整，暂缓发展")
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.status, filing.opinion, filing.decided_by) == ("rejected", "政治审查材料不完整，暂缓发展", vw.c_admin)
    assert StageChange.objects.get(case=vw.target, action="pre_review_failed").reason == "政治审查材料不完整，暂缓发展"
    assert AuditEvent.objects.filter(action="filing.reject", object_id=str(filing.pk)).count() == 1
    # The branch sees the opinion and may send the case again once it is put right.
    page = text(login(vw.b1_admin).get(reverse("pc:case_detail", args=[vw.target.public_id])))
    assert "政治审查材料不完整，暂缓发展" in page
    assert reverse("pc:request_send", args=[vw.target.public_id, "pre_review"]) in page


@pytest.mark.parametrize("opinion", ["", "   "])
def test_reject_without_an_opinion_writes_nothing(vw, committee, opinion):
    filing = pre_review_filing(vw)
    before = state()
    response = reject(committee, filing, opinion)
    assert response.status_code == 400
    assert response.context["reject_form"].errors["opinion"]
    assert "Please write the opinion." in text(response)
    assert state() == before


def test_reject_twice_is_already_handled(vw, committee):
    reject(committee, vw.approval, "不予批准")
    before = state()
    response = committee.post(reverse("pc:filing_reject", args=[vw.approval.pk]), {"opinion": "再次"}, follow=True)
    assert "already been handled" in text(response)
    assert state() == before


def test_activist_and_target_requests_cannot_be_rejected(vw, committee):
    target = vw.act14_filing
    assert reverse("pc:filing_reject", args=[target.pk]) not in text(detail(committee, target))
    before = state()
    assert reject(committee, target, "不同意").status_code == 404
    assert state() == before


def test_reject_is_post_only(vw, committee):
    assert committee.get(reverse("pc:filing_reject", args=[vw.approval.pk])).status_code == 405


@pytest.mark.parametrize("who", ["oc_admin", "b1_admin", "auditor", "general_admin"])
def test_others_cannot_reject(vw, login, who):
    before = state()
    assert reject(login(getattr(vw, who)), vw.approval, "不予批准").status_code == 404
    assert state() == before


# --- 审批: by a 党委, within 3 (at most 6) months of the branch general meeting ---------------------------

def test_approval_page_shows_the_meeting_and_the_time_limits(vw, committee):
    response = detail(committee, vw.approval)
    html = text(response)
    meeting = vw.candidate.branchmeetings.get()
    assert f"Entitled to vote {meeting.entitled}, present {meeting.present}, written opinions 0; " \
           f"for {meeting.votes_for}, against 0, abstain 0" in html
    assert f"Decide by {add_months(meeting.meeting_date, 3).isoformat()}" in html
    assert f"by {add_months(meeting.meeting_date, 6).isoformat()} at the latest" in html
    assert "Not approved" in html and 'name="opinion"' in html
    assert response.context["problems"] == []


def test_approval_by_the_party_committee(vw, committee):
    response = accept(committee, vw.approval, vw.today, "同意接收为预备党员")
    assert response.status_code == 302
    page = committee.get(response["Location"])
    assert "发展对象乙 has been approved as a probationary member." in text(page)
    case = Case.objects.get(pk=vw.candidate.pk)
    meeting_on = case.branchmeetings.get().meeting_date
    assert (case.stage, case.probation_start, case.probation_end) == (
        "probationary", meeting_on, add_years(meeting_on, 1))
    filing = Filing.objects.get(pk=vw.approval.pk)
    assert (filing.status, filing.opinion) == ("accepted", "同意接收为预备党员")
    assert AuditEvent.objects.filter(case=case, action="case.admitted").count() == 1


def test_approval_without_the_committees_vote_is_a_form_error_and_writes_nothing(vw, committee):
    before = state()
    response = committee.post(reverse("pc:filing_accept", args=[vw.approval.pk]),
                              {"effective_date": vw.today.isoformat(), "opinion": "同意"})
    assert response.status_code == 400
    assert response.context["accept_form"].errors.keys() >= {"committee_meeting_on", "committee_votes_for"}
    assert state() == before


def test_a_general_branch_does_not_decide_its_branches_admissions(vw, login):
    """The request of a branch under a 党总支 goes to the 党委 (§22); the 党总支 neither sees nor decides it."""
    assert vw.b3_approval.committee == vw.committee
    general = login(vw.general_admin)
    assert vw.b3_approval.pk not in {f.pk for f in general.get(reverse("pc:filing_inbox")).context["page"]}
    assert detail(general, vw.b3_approval).status_code == 404
    before = state()
    assert accept(general, vw.b3_approval, vw.today).status_code == 404
    assert state() == before
    assert accept(login(vw.c_admin), vw.b3_approval, vw.today).status_code == 302
    assert Case.objects.get(pk=vw.b3_case.pk).stage == "probationary"


def test_approval_not_approved_with_an_opinion(vw, committee):
    response = reject(committee, vw.approval, "入党动机不端正，不予批准")
    assert response.status_code == 302
    filing = Filing.objects.get(pk=vw.approval.pk)
    assert (filing.status, filing.opinion) == ("rejected", "入党动机不端正，不予批准")
    assert Case.objects.get(pk=vw.candidate.pk).stage == "target"
    assert StageChange.objects.filter(case=vw.candidate, action="admission_rejected").count() == 1


def test_approval_more_than_six_months_after_the_meeting_is_refused(vw, committee):
    """The branch sent it in time; the committee waited too long: the admission must be redone."""
    meeting_on = add_months(vw.today, -7)
    case = make_target(vw, vw.b1, vw.b1_admin, "迟到审批", on=meeting_on - timedelta(days=10))
    filing = send_for_approval(case, vw.b1_admin, vw.c_admin, [vw.wang, vw.li], meeting_on)
    response = detail(committee, filing)
    assert "approval_too_late" in {p.code for p in response.context["problems"]}
    before = state()
    response = accept(committee, filing, vw.today)
    assert response.status_code == 400
    assert "can no longer approve" in text(response)
    assert state() == before


def test_approval_late_but_within_six_months_warns(vw, committee):
    meeting_on = add_months(vw.today, -4)
    case = make_target(vw, vw.b1, vw.b1_admin, "稍迟审批", on=meeting_on - timedelta(days=10))
    filing = send_for_approval(case, vw.b1_admin, vw.c_admin, [vw.wang, vw.li], meeting_on)
    problems = detail(committee, filing).context["problems"]
    assert [(p.code, p.blocking) for p in problems] == [("approval_late", False)]
    assert accept(committee, filing, vw.today).status_code == 302
    assert Case.objects.get(pk=case.pk).stage == "probationary"


@pytest.mark.parametrize("value", ["", "2099-01-01", "27/11/2026"])
def test_approval_needs_a_valid_date(vw, committee, value):
    before = state()
    response = committee.post(reverse("pc:filing_accept", args=[vw.approval.pk]), {"effective_date": value})
    assert response.status_code == 400
    assert response.context["accept_form"].errors["effective_date"]
    assert state() == before


# --- 转正 ---------------------------------------------------------------------------------------------

def test_conversion_page_shows_the_outcome(vw, committee):
    html = text(detail(committee, vw.conversion))
    assert "Convert on time" in html
    assert vw.converting.probation_end.isoformat() in html
    assert "Not approved" in html


@pytest.mark.parametrize("outcome, months, stage, message", [
    ("on_time", None, "full", "预备党员丙 is now a full member."),
    ("extend", 6, "probationary", "The probation of 预备党员甲 has been extended."),
    ("cancel", None, "cancelled", "The probationary membership of 预备党员甲 has been cancelled."),
])
def test_conversion_outcomes(vw, committee, outcome, months, stage, message):
    # On time only once the probation has ended (§32): a probationer admitted a year and ten days ago.
    case = (make_probationary(vw, "预备党员丙", add_years(vw.today - timedelta(days=10), -1))
            if outcome == "on_time" else vw.probationary)
    filing = send_for_conversion(case, vw.b1_admin, vw.today, outcome=outcome, extension_months=months)
    response = accept(committee, filing, vw.today, "同意")
    assert message in text(committee.get(response["Location"]))
    after = Case.objects.get(pk=case.pk)
    assert after.stage == stage
    if outcome == "on_time":
        assert after.full_member_since == case.probation_end  # Party standing from the end of the probation
    if outcome == "extend":
        assert (after.probation_end, after.probation_extended) == (add_months(case.probation_end, 6), True)


def test_conversion_not_approved(vw, committee):
    assert reject(committee, vw.conversion, "考察期表现不合格").status_code == 302
    assert Filing.objects.get(pk=vw.conversion.pk).status == "rejected"
    assert Case.objects.get(pk=vw.converting.pk).stage == "probationary"


def test_conversion_accept_with_a_future_date_writes_nothing(vw, committee):
    before = state()
    assert accept(committee, vw.conversion, vw.today + timedelta(days=1)).status_code == 400
    assert state() == before


def test_accept_is_still_post_only(vw, committee):
    assert committee.get(reverse("pc:filing_accept", args=[vw.conversion.pk])).status_code == 405
