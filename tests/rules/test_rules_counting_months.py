"""Counting at the edges, in months: "within N months of X" is X + N calendar months, inclusive, clamped
to the month's end and never moved over holidays (C1–C3, C8). Each deadline is judged by the rule
version in force (C7): the meeting month after the pre-review and the oath month exist only in 2026.

Facts are built from unsaved rows; dates are worked out by hand beside them."""

from datetime import date

import pytest

from partydev.cases.models import (
    BranchMeeting,
    Case,
    CommitteeTalk,
    ConversionApplication,
    Filing,
    VolunteerForm,
)
from partydev.process.facts import CaseFacts
from partydev.process.gates import APPROVE_CONVERSION, FILE_APPROVAL, problems
from partydev.process.rules.admission import approval_time_problems
from partydev.process.rules.probation import extension_problems
from partydev.process.schedule import due_items


def codes(found):
    return {p.code: p.blocking for p in found}


def due(facts, kind):
    """(due date, rule version) of the deadline `kind`, or None."""
    items = [i for i in due_items(facts) if i.kind == kind]
    return (items[0].due_date, items[0].rule_version) if items else None


# --- approval within 3 months, 6 at most, of the branch general meeting (§25, C8) ------------------

@pytest.mark.parametrize("decided_on, expected", [
    (date(2026, 11, 30), {}),  # 2026-08-31 + 3 months: November has no 31st → 11-30, on time
    (date(2026, 12, 1), {"approval_late": False}),  # special cases only: a warning
    (date(2027, 2, 28), {"approval_late": False}),  # 2026-08-31 + 6 months → 2027-02-28, the last day
    (date(2027, 3, 1), {"approval_too_late": True}),  # beyond 6 months: blocking
])
def test_approval_months_from_a_meeting_on_a_month_end(decided_on, expected):
    assert codes(approval_time_problems(date(2026, 8, 31), decided_on)) == expected


# --- the branch general meeting within one month after the pre-review (2026 §19) ----------------

def admission_facts(pre_on, meeting_on):
    return CaseFacts(
        case=Case(stage="target"),
        filings=[Filing(kind="pre_review", status="accepted", effective_date=pre_on)],
        volunteer_forms=[VolunteerForm(serial_number="ZY1", filled_on=pre_on)],
        meetings=[BranchMeeting(purpose="admission", meeting_date=meeting_on, passed=True)] if meeting_on else [],
        committee_talks=[CommitteeTalk(talk_date=meeting_on)] if meeting_on else [],
    )


@pytest.mark.parametrize("pre_on, meeting_on, expected", [
    (date(2026, 5, 31), date(2026, 6, 30), {}),  # 05-31 + 1 month → 06-30 (June has 30 days)
    (date(2026, 5, 31), date(2026, 7, 1), {"meeting_late": False}),  # a warning, the meeting stays valid
    (date(2026, 6, 15), date(2026, 7, 15), {}),
    (date(2026, 6, 15), date(2026, 7, 16), {"meeting_late": False}),
    # 2014 had no time limit: half a year later is not a problem.
    (date(2025, 5, 31), date(2025, 12, 1), {}),
    # A meeting held under the 2026 text is judged by it, whenever the pre-review was (C7):
    # 2026-04-20 + 1 month = 2026-05-20; the meeting on 05-25 is late.
    (date(2026, 4, 20), date(2026, 5, 25), {"meeting_late": False}),
])
def test_meeting_month_after_the_pre_review(pre_on, meeting_on, expected):
    # Sent for approval the day after the meeting, well within 3 months.
    found = problems(admission_facts(pre_on, meeting_on), FILE_APPROVAL, date.fromordinal(meeting_on.toordinal() + 1))
    assert codes(found) == expected


@pytest.mark.parametrize("pre_on, expected", [
    (date(2026, 5, 31), (date(2026, 6, 30), "2026")),
    (date(2026, 8, 31), (date(2026, 9, 30), "2026")),
    (date(2025, 5, 31), None),  # 2014: no deadline
])
def test_meeting_deadline_after_the_pre_review(pre_on, expected):
    assert due(admission_facts(pre_on, None), "admission_meeting") == expected


def test_meeting_deadline_agrees_with_the_check_across_the_change_of_rules():
    # Pre-review passed 2026-04-20 (2014 text). Any meeting now falls under the 2026 text, and the
    # check above warns from 2026-05-21 (04-20 + 1 month = 05-20): the reminder must say so too.
    assert due(admission_facts(date(2026, 4, 20), None), "admission_meeting") == (date(2026, 5, 20), "2026")


# --- the oath within one month of the approval (2026 §29) --------------------------------------------

def probation_facts(approved_on, meeting_on):
    return CaseFacts(
        case=Case(stage="probationary", probation_start=meeting_on,
                  probation_end=date(meeting_on.year + 1, meeting_on.month, meeting_on.day)),
        filings=[Filing(kind="approval", status="accepted", effective_date=approved_on)],
    )


@pytest.mark.parametrize("approved_on, expected", [
    (date(2026, 8, 31), (date(2026, 9, 30), "2026")),  # 08-31 + 1 month → 09-30
    (date(2026, 5, 11), (date(2026, 6, 11), "2026")),  # the first day of the 2026 text
    # 2014: no deadline (04-09 + 1 month = 05-09 falls before the 2026 text, so no oath held in
    # time can be judged by it).
    (date(2026, 4, 9), None),
])
def test_oath_deadline(approved_on, expected):
    assert due(probation_facts(approved_on, date(2026, 5, 1)), "oath") == expected


# --- conversion: approval within 3 months (§33), extension 6–12 months, once (§31) -----------------

def conversion_facts(meeting_on, *, outcome="on_time", months=None, extended=False):
    return CaseFacts(
        case=Case(stage="probationary", probation_start=date(2025, 11, 30), probation_end=date(2026, 11, 30),
                  probation_extended=extended),
        conversion_applications=[ConversionApplication(applied_on=date(2026, 11, 1))],
        meetings=[BranchMeeting(purpose="conversion", meeting_date=meeting_on, passed=True, outcome=outcome,
                                extension_months=months)],
    )


@pytest.mark.parametrize("decided_on, expected", [
    (date(2027, 2, 28), {}),  # 2026-11-30 + 3 months → 2027-02-28
    (date(2027, 3, 1), {"conversion_approval_late": False}),
])
def test_conversion_approval_months(decided_on, expected):
    assert codes(problems(conversion_facts(date(2026, 11, 30)), APPROVE_CONVERSION, decided_on)) == expected


def test_an_on_time_conversion_meeting_before_the_probation_ends_blocks():
    # 按期转正 needs the probation to have ended (§32); an extension decided early only warns
    # (tests/rules/test_rules_probation_defects.py has the boundary days under both versions).
    found = problems(conversion_facts(date(2026, 11, 29)), APPROVE_CONVERSION, date(2026, 12, 1))
    assert codes(found) == {"meeting_before_probation_end": True}
    found = problems(conversion_facts(date(2026, 11, 29), outcome="extend", months=6), APPROVE_CONVERSION,
                     date(2026, 12, 1))
    assert codes(found) == {"meeting_before_probation_end": False}


@pytest.mark.parametrize("months, expected", [
    (6, {}), (12, {}),  # "不能少于半年，最长不超过一年": both bounds included (C5)
    (5, {"extension_length": True}), (13, {"extension_length": True}), (None, {"extension_length": True}),
])
def test_extension_length(months, expected):
    assert codes(extension_problems(Case(probation_extended=False), "extend", months, date(2026, 12, 1))) == expected


def test_a_second_extension_is_refused():
    assert codes(extension_problems(Case(probation_extended=True), "extend", 6, date(2026, 12, 1))) == {
        "extension_twice": True}


@pytest.mark.parametrize("outcome", ["on_time", "cancel"])
def test_other_outcomes_ignore_the_extension_rules(outcome):
    assert extension_problems(Case(probation_extended=True), outcome, None, date(2026, 12, 1)) == []
