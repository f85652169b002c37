"""What the person page offers the branch (process.actions.branch_actions), read from the request and
transition declarations: each request once, in its order, never while one waits, and the 2026
confirmation only once the committee agreed, with the blocking problems its gate finds."""

from datetime import date

from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import filing_accept
from partydev.process.actions import MEETING, REQUEST, TRANSITION, branch_actions
from partydev.process.enums import FilingKind, MeetingPurpose
from partydev.process.transitions import CONFIRM_TARGET_TRANSITION


def _offered(case, day):
    return [(a.kind, a.code) for a in branch_actions(load_facts(case), day)]


def test_an_activist_is_offered_the_target_request_until_it_is_sent(w, rk):
    case = rk.activist(w, date(2024, 3, 1))
    assert _offered(case, date(2025, 4, 1)) == [(REQUEST, FilingKind.TARGET)]
    rk.proposed_target(w, case, date(2025, 4, 1))
    assert _offered(rk.fresh(case), date(2025, 4, 2)) == []


def test_2026_confirmation_is_offered_after_the_agreement_and_blocked_without_the_notice(w, rk):
    case = rk.activist(w, date(2025, 3, 1))
    filing = rk.proposed_target(w, case, date(2026, 6, 1))
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 5))
    actions = branch_actions(load_facts(rk.fresh(case)), date(2026, 6, 6))
    assert [(a.kind, a.code) for a in actions] == [(TRANSITION, CONFIRM_TARGET_TRANSITION)]
    assert actions[0].blocked and "no_notice" in rk.codes(actions[0].problems)
    rk.notice(w, case, date(2026, 6, 8), date(2026, 6, 15))
    actions = branch_actions(load_facts(rk.fresh(case)), date(2026, 6, 16))
    assert not actions[0].blocked, actions[0].problems


def test_a_target_is_offered_the_pre_review_then_the_approval(w, rk):
    case = rk.target_2014(w, since=date(2023, 1, 5), on=date(2024, 2, 1))
    assert _offered(case, date(2024, 3, 1)) == [(REQUEST, FilingKind.PRE_REVIEW), (MEETING, MeetingPurpose.ADMISSION)]
    rk.ready_for_pre_review(w, case, date(2024, 3, 1))
    rk.pre_review(w, case, date(2024, 3, 2), date(2024, 3, 5))
    # The meeting first, then the approval that rests on it.
    assert _offered(rk.fresh(case), date(2024, 3, 6)) == [(MEETING, MeetingPurpose.ADMISSION),
                                                          (REQUEST, FilingKind.APPROVAL)]
    rk.volunteer_form(w, case, date(2024, 3, 7))
    rk.meeting(w, case, MeetingPurpose.ADMISSION, date(2024, 3, 20))
    assert _offered(rk.fresh(case), date(2024, 3, 21)) == [(REQUEST, FilingKind.APPROVAL)]


def test_a_probationary_member_is_offered_the_conversion_request_until_it_is_sent(w, rk):
    case = rk.probationary(w, date(2024, 5, 10), date(2024, 5, 30))
    rk.placement(w, case, date(2024, 6, 5))
    rk.oath(w, case, date(2024, 6, 10))
    rk.conversion_application(w, case, date(2025, 4, 20))
    assert _offered(case, date(2025, 5, 1)) == [(MEETING, MeetingPurpose.CONVERSION), (REQUEST, FilingKind.CONVERSION)]
    rk.conversion_sent(w, case, date(2025, 5, 12), "on_time")
    assert _offered(rk.fresh(case), date(2025, 5, 14)) == []


def test_after_an_extension_another_meeting_and_request_are_offered(w, rk):
    case = rk.probationary(w, date(2024, 5, 10), date(2024, 5, 30))
    rk.placement(w, case, date(2024, 6, 5))
    rk.oath(w, case, date(2024, 6, 10))
    rk.conversion_application(w, case, date(2025, 4, 20))
    filing = rk.conversion_sent(w, case, date(2025, 5, 12), "extend", months=6)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2025, 5, 20))
    assert rk.fresh(case).stage == "probationary"
    assert _offered(rk.fresh(case), date(2025, 6, 1)) == [(MEETING, MeetingPurpose.CONVERSION)]
