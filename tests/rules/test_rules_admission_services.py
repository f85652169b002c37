"""Steps 12–18 through membership_services: the pre-review (passed, or not passed with a written
opinion), the approval by the nearest 党委 within 3 (at most 6) months of the branch general meeting,
and the probation it starts (C8: from the meeting date, one year, C1 at month ends and leap days).

Each write is checked for its history row, its audit events and the deadlines it leaves."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partydev.cases.services import BlockedByProblems, Refused, filing_accept, request_reject
from partydev.orgs.models import OrgKind
from partydev.process.enums import FilingKind, FilingStatus, MeetingPurpose, Stage
from tests.factories import committee_vote


@pytest.fixture
def target(w, rk):
    """A target since 2025-06-01 (2014 text) with introducers, review, training and the 支委会's
    examination on 2026-07-11."""
    case = rk.target_2014(w, since=date(2024, 6, 1), on=date(2025, 6, 1))
    rk.ready_for_pre_review(w, case, date(2026, 7, 11))
    return rk.fresh(case)


# --- 预审 (§18) ------------------------------------------------------------------------------------

def test_nothing_ready_blocks_the_pre_review_request(w, rk):
    case = rk.target_2014(w, since=date(2024, 6, 1), on=date(2025, 6, 1))
    before = rk.snapshot(case)
    with pytest.raises(BlockedByProblems) as refused:
        rk.request_send(case=case, actor=w.branch_admin, kind=FilingKind.PRE_REVIEW, sent_on=date(2026, 7, 12))
    assert rk.codes(refused.value.problems) == {
        "introducer_count": True, "no_review": True, "no_training": True, "no_admission_resolution": True}
    assert rk.snapshot(case) == before


def test_pre_review_request_goes_past_the_general_branch_to_the_party_committee(w, rk, target):
    mark = rk.audit_mark()
    filing = rk.request_send(case=target, actor=w.branch_admin, kind=FilingKind.PRE_REVIEW, sent_on=date(2026, 7, 12))
    assert (filing.committee, filing.committee.kind) == (w.committee, OrgKind.COMMITTEE)
    assert rk.history(target)[-1] == ("pre_review_filed", Stage.TARGET, Stage.TARGET, date(2026, 7, 12))
    assert rk.audit_since(mark) == ["filing.submit"]
    assert rk.deadlines(target) == {"request_review": date(2026, 7, 12)}  # waiting since the date it was sent


def test_pre_review_passed(w, rk, target):
    filing = rk.request_send(case=target, actor=w.branch_admin, kind=FilingKind.PRE_REVIEW, sent_on=date(2026, 7, 12))
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 7, 16), opinion="预审通过")
    filing.refresh_from_db()
    assert (filing.status, filing.effective_date, filing.opinion) == (
        FilingStatus.ACCEPTED, date(2026, 7, 16), "预审通过")
    last = rk.last_history(target)
    assert (last.action, last.effective_date, last.reason) == ("pre_review_passed", date(2026, 7, 16), "预审通过")
    assert rk.audit_since(mark) == ["filing.accept"]
    # 2026 §19: the branch general meeting within one month: 07-16 + 1 month = 08-16.
    assert rk.deadlines(target) == {"admission_meeting": date(2026, 8, 16)}


def test_pre_review_not_passed_with_the_written_opinion(w, rk, target):
    filing = rk.request_send(case=target, actor=w.branch_admin, kind=FilingKind.PRE_REVIEW, sent_on=date(2026, 7, 12))
    before = rk.snapshot(target)
    with pytest.raises(ValidationError):  # the result goes to the branch in writing
        request_reject(filing=filing, actor=w.committee_admin, opinion="  ")
    assert rk.snapshot(target) == before

    mark = rk.audit_mark()
    request_reject(filing=filing, actor=w.committee_admin, opinion="函调材料不全")
    filing.refresh_from_db()
    assert (filing.status, filing.opinion) == (FilingStatus.REJECTED, "函调材料不全")
    last = rk.last_history(target)
    assert (last.action, last.reason) == ("pre_review_failed", "函调材料不全")
    assert rk.fresh(target).stage == Stage.TARGET
    assert rk.audit_since(mark) == ["filing.reject"]
    assert rk.deadlines(target) == {}

    # The volunteer form is issued only to those who pass, and no admission meeting can be held.
    rk.volunteer_form(w, target, date(2026, 7, 20))
    with pytest.raises(BlockedByProblems) as refused:
        rk.meeting(w, rk.fresh(target), MeetingPurpose.ADMISSION, date(2026, 8, 5))
    assert rk.codes(refused.value.problems) == {"no_pre_review": True}


# --- approval (§22–25) -------------------------------------------------------------------------------

def test_the_approval_request_is_addressed_to_the_party_committee(w, rk):
    # Meeting 2026-08-05, sent 2026-08-10. The tree is 党委 → 党总支 → 党支部: the 党总支 cannot approve.
    case, filing = rk.approval_sent(w, date(2026, 8, 5))
    assert filing.kind == FilingKind.APPROVAL
    assert filing.committee == w.committee != w.general
    assert filing.committee_path == w.committee.path
    assert rk.history(case)[-1] == ("approval_filed", Stage.TARGET, Stage.TARGET, date(2026, 8, 10))
    # 08-05 + 3 months = 11-05.
    assert rk.deadlines(case) == {"request_review": date(2026, 8, 10), "approval": date(2026, 11, 5)}


@pytest.mark.parametrize("vote, code", [
    (None, "no_committee_vote"),  # §24 (2014 §25): 必须集体讨论和表决
    ({"meeting_on": date(2026, 8, 20), "votes_for": 3, "votes_against": 3, "votes_abstain": 1},
     "committee_vote_failed"),
    ({"meeting_on": date(2026, 8, 21), "votes_for": 7, "votes_against": 0, "votes_abstain": 0},
     "committee_meeting_after_decision"),
])
def test_approval_needs_the_committees_own_passed_vote_and_nothing_is_written(w, rk, vote, code):
    case, filing = rk.approval_sent(w, date(2026, 8, 5))
    before = rk.snapshot(case)
    with pytest.raises(Refused) as refused:
        filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 8, 20),
                      committee_vote=vote)
    assert code in [p.code for p in refused.value.problems]
    assert rk.snapshot(case) == before and rk.fresh(case).stage == Stage.TARGET


def test_approval_refused_after_six_months_and_nothing_is_written(w, rk):
    # 2026-08-05 + 6 months = 2027-02-05, the last possible day.
    case, filing = rk.approval_sent(w, date(2026, 8, 5))
    before = rk.snapshot(case)
    with pytest.raises(BlockedByProblems) as refused:
        filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2027, 2, 6),
                      committee_vote=committee_vote(date(2027, 2, 6)))
    assert rk.codes(refused.value.problems) == {"approval_too_late": True}
    assert rk.snapshot(case) == before
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2027, 2, 5),
                  committee_vote=committee_vote(date(2027, 2, 5)))
    assert rk.fresh(case).stage == Stage.PROBATIONARY


@pytest.mark.parametrize("send_on, outcome", [
    (date(2026, 11, 5), set()),  # the last day of the 3 months
    (date(2026, 11, 6), {"approval_late"}),  # kept with the request as a warning
    (date(2027, 2, 6), None),  # beyond 6 months: refused
])
def test_sending_the_approval_late(w, rk, send_on, outcome):
    if outcome is None:
        with pytest.raises(BlockedByProblems) as refused:
            rk.approval_sent(w, date(2026, 8, 5), send_on=send_on)
        assert rk.codes(refused.value.problems) == {"approval_too_late": True}
        return
    _case, filing = rk.approval_sent(w, date(2026, 8, 5), send_on=send_on)
    assert {p["code"] for p in filing.warnings} == outcome


def test_approval_on_time_starts_the_probation_on_the_meeting_date(w, rk):
    case, filing = rk.approval_sent(w, date(2026, 8, 5))
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 8, 20), opinion="同意接收",
                  committee_vote=committee_vote(date(2026, 8, 20)))
    case = rk.fresh(case)
    assert case.stage == Stage.PROBATIONARY
    assert (case.probation_start, case.probation_end) == (date(2026, 8, 5), date(2027, 8, 5))
    assert rk.history(case)[-1] == ("admitted", Stage.TARGET, Stage.PROBATIONARY, date(2026, 8, 20))
    assert rk.audit_since(mark) == ["case.admitted", "filing.accept"]
    assert rk.deadlines(case) == {
        "oath": date(2026, 9, 20),  # 2026 §29: approval 08-20 + 1 month
        "thought_report": date(2026, 11, 5),  # every 3 months from the start of the probation
        "probation_inspection": date(2027, 2, 5),  # end of the first half-year of the probation
        "conversion": date(2027, 8, 5),  # the probation ends
    }


@pytest.mark.parametrize("meeting_on, approve_on, end", [
    (date(2026, 2, 28), date(2026, 3, 10), date(2027, 2, 28)),
    (date(2024, 2, 29), date(2024, 3, 15), date(2025, 2, 28)),  # leap day: C1 clamps to 02-28
    (date(2026, 8, 31), date(2026, 11, 30), date(2027, 8, 31)),  # approved on the last day of 3 months
])
def test_probation_is_one_year_from_the_meeting(w, rk, meeting_on, approve_on, end):
    case = rk.probationary(w, meeting_on, approve_on)
    assert (case.probation_start, case.probation_end) == (meeting_on, end)


def test_no_oath_deadline_under_the_2014_text(w, rk):
    # Approved 2026-03-10: 2014 set no month for the oath (and 04-10 falls before the 2026 text).
    case = rk.probationary(w, date(2026, 2, 28), date(2026, 3, 10))
    assert "oath" not in rk.deadlines(case)


def test_the_oath_clears_its_deadline(w, rk):
    case = rk.probationary(w, date(2026, 8, 5), date(2026, 8, 20))
    rk.oath(w, case, date(2026, 9, 1))
    assert "oath" not in rk.deadlines(case)
