"""The date-logic check across a person's records ("时间先后符合逻辑"): a step dated before a step it
depends on is reported; steps that run side by side (introducers, political review, training) may
come in any order. Rows come from the real timeline built on unsaved records."""

from datetime import date
from itertools import permutations

import pytest

from partydev.cases.models import (
    BranchMeeting,
    BranchResolution,
    Case,
    ConversionApplication,
    Filing,
    Introducer,
    PoliticalReview,
    Training,
)
from partydev.orgs.models import Member
from partydev.process.facts import CaseFacts
from partydev.process.rules.datelogic import date_conflicts
from partydev.process.timeline import build_timeline

TODAY = date(2027, 9, 1)


def conflicts(facts):
    return [(c.step, c.before) for c in date_conflicts(build_timeline(facts, TODAY))]


# --- a conversion meeting before the approval ---------------------------------------------------

def probation_facts(meeting_on, application_on):
    return CaseFacts(
        case=Case(stage="probationary", probation_start=date(2026, 8, 5), probation_end=date(2027, 8, 5)),
        filings=[Filing(kind="approval", status="accepted", effective_date=date(2026, 8, 20))],
        conversion_applications=[ConversionApplication(applied_on=application_on)] if application_on else [],
        meetings=[BranchMeeting(purpose="conversion", meeting_date=meeting_on, passed=True, outcome="on_time")],
    )


def test_dates_in_order_have_no_conflict():
    assert conflicts(probation_facts(date(2027, 8, 6), date(2027, 7, 1))) == []


@pytest.mark.parametrize("application_on", [
    date(2026, 9, 1),  # the application after the approval (08-20), the meeting before both
    None,  # no application recorded yet: the meeting must still not precede the approval
])
def test_a_conversion_meeting_before_the_approval_is_reported(application_on):
    found = conflicts(probation_facts(date(2026, 8, 15), application_on))
    assert any(step == "conversion_meeting" for step, _before in found), found


def test_an_application_before_the_approval_is_reported():
    assert ("conversion_application", "approval") in conflicts(probation_facts(date(2027, 8, 6), date(2026, 8, 1)))


# --- steps 9–11 run side by side ------------------------------------------------------------------

def target_facts(introducers_on, review_on, training_on, pre_review_on=date(2026, 7, 24)):
    return CaseFacts(
        case=Case(stage="target", activist_since=date(2025, 3, 2), target_since=date(2026, 6, 4)),
        filings=[Filing(kind="pre_review", status="accepted", effective_date=pre_review_on),
                 Filing(kind="target", status="accepted", effective_date=date(2026, 5, 27)),
                 Filing(kind="activist", status="accepted", effective_date=date(2025, 3, 2))],
        all_resolutions=[
            BranchResolution(purpose="target", result="passed", meeting_date=date(2026, 5, 25)),
            BranchResolution(purpose="admission", result="passed", meeting_date=date(2026, 7, 20))],
        introducers=[Introducer(member=Member(name=n, member_type="full"), assigned_on=introducers_on)
                     for n in ("王建国", "李红梅")],
        reviews=[PoliticalReview(review_date=review_on, conclusion="qualified")],
        trainings=[Training(start_date=training_on, end_date=training_on, hours=24)],
    )


@pytest.mark.parametrize("order", list(permutations([date(2026, 6, 5), date(2026, 6, 20), date(2026, 7, 10)])))
def test_introducers_review_and_training_in_any_order(order):
    assert conflicts(target_facts(*order)) == []


def test_a_pre_review_before_the_training_is_reported():
    found = conflicts(target_facts(date(2026, 6, 5), date(2026, 6, 20), date(2026, 7, 10),
                                   pre_review_on=date(2026, 7, 1)))
    assert ("pre_review", "training") in found
    assert ("pre_review", "committee_examination") in found  # the 支委会 examined on 07-20
