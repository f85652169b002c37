"""Counting at the edges, in days: one year of cultivation (C1, C5, C8), the 5 working days of the 公示
(C4, with the official 2026 calendar) and the training minimum (§17: 3 days or 24 class hours).

The checks are pure functions of CaseFacts, so the facts are built from unsaved rows. Every date is
worked out by hand in the comment beside it."""

from datetime import date
from decimal import Decimal

import pytest

from partydev.cases.models import (
    BranchResolution,
    Case,
    Filing,
    Introducer,
    Opinion,
    PoliticalReview,
    PublicNotice,
    Training,
)
from partydev.common.dates import notice_period_end, working_days_between
from partydev.orgs.models import Member
from partydev.process.enums import OpinionKind
from partydev.process.facts import CaseFacts
from partydev.process.gates import CONFIRM_TARGET, FILE_PRE_REVIEW, FILE_TARGET, problems

# The 公示 is counted with the configured holiday calendar, which lives in the database.
pytestmark = pytest.mark.django_db

OPINIONS = ("party_group", "contact_confirmation", "members_masses")


def codes(found):
    return {p.code: p.blocking for p in found}


# --- one year of cultivation, checked on the date of the 支委会 meeting (C8) -----------------------

def target_facts(since, meeting_on):
    return CaseFacts(
        case=Case(stage="activist", activist_since=since),
        all_resolutions=[BranchResolution(purpose="target", result="passed", meeting_date=meeting_on)],
        # One of each kind in the first half-year and on the meeting day (§11: every completed half-year).
        opinions=[Opinion(kind=k, given_on=d) for k in OpinionKind for d in (since, meeting_on)],
    )


@pytest.mark.parametrize("since, meeting_on, allowed", [
    # 2025-02-28 + 1 year = 2026-02-28: "一年以上" includes the bound (C5).
    (date(2025, 2, 28), date(2026, 2, 28), True),
    (date(2025, 2, 28), date(2026, 2, 27), False),
    # Leap day: 2024-02-29 + 1 year = 2025-02-28 (C1, the month has no 29th).
    (date(2024, 2, 29), date(2025, 2, 28), True),
    (date(2024, 2, 29), date(2025, 2, 27), False),
    # Month end: 2025-03-31 + 1 year = 2026-03-31.
    (date(2025, 3, 31), date(2026, 3, 31), True),
    (date(2025, 3, 31), date(2026, 3, 30), False),
])
def test_one_year_of_cultivation_on_the_meeting_date(since, meeting_on, allowed):
    # Sent months later: the year is still judged on the 支委会 date, not on the day it is sent.
    found = codes(problems(target_facts(since, meeting_on), FILE_TARGET, date(2026, 9, 1)))
    assert found == ({} if allowed else {"cultivation_under_year": True})


# --- 公示: 5 working days (C4) ---------------------------------------------------------------------

@pytest.mark.parametrize("start, end, why", [
    # 国庆 2026: Mon 09-28, Tue 09-29, Wed 09-30 (3), 10-01..10-07 off, Thu 10-08 (4), Fri 10-09 (5).
    (date(2026, 9, 28), date(2026, 10, 9), "国庆"),
    # Posted on a holiday, which does not count: 10-08 (1), 10-09 (2), Sat 10-10 make-up day (3),
    # Mon 10-12 (4), Tue 10-13 (5).
    (date(2026, 10, 1), date(2026, 10, 13), "posted during 国庆"),
    # 春节 2026: Thu 02-12 (1), Fri 02-13 (2), Sat 02-14 make-up day (3), 02-15..02-23 off,
    # Tue 02-24 (4), Wed 02-25 (5).
    (date(2026, 2, 12), date(2026, 2, 25), "春节, first make-up Saturday"),
    # After 春节: Tue 02-24 .. Fri 02-27 (4), Sat 02-28 make-up day (5).
    (date(2026, 2, 24), date(2026, 2, 28), "春节, second make-up Saturday"),
    # 劳动节 2026: Wed 04-29 (1), Thu 04-30 (2), 05-01..05-05 off, Wed 05-06 (3), Thu 05-07 (4), Fri 05-08 (5).
    (date(2026, 4, 29), date(2026, 5, 8), "劳动节"),
])
def test_notice_period_end(start, end, why):
    assert notice_period_end(start, 5) == (end, True), why
    assert working_days_between(start, end) == 5


def test_one_day_less_is_four_working_days():
    assert working_days_between(date(2026, 9, 28), date(2026, 10, 8)) == 4
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 27)) == 4
    # Without the make-up Saturday 02-14 the 5th day would be Thu 02-26.
    assert working_days_between(date(2026, 2, 12), date(2026, 2, 24)) == 4


def test_a_notice_running_into_2027_is_provisional():
    # Mon 2026-12-28 .. Thu 12-31 (4), then 2027 has no published arrangement: plain Mon–Fri,
    # so Fri 2027-01-01 is the 5th day, provisionally.
    assert notice_period_end(date(2026, 12, 28), 5) == (date(2027, 1, 1), False)


def confirm_facts(start, end):
    # The committee agreed on the posting day (a notice may not start before the agreement).
    return CaseFacts(
        case=Case(stage="activist", activist_since=date(2025, 1, 1)),
        all_resolutions=[BranchResolution(purpose="target", result="passed", meeting_date=date(2026, 9, 22))],
        filings=[Filing(kind="target", status="accepted", effective_date=start)],
        notices=[PublicNotice(start_date=start, end_date=end, result="no_objection")],
    )


@pytest.mark.parametrize("start, end, today, expected", [
    # 国庆: ends Fri 10-09, so the branch may list the target on Sat 10-10.
    (date(2026, 9, 28), date(2026, 10, 9), date(2026, 10, 10), {}),
    # The same notice on its last day: not over yet.
    (date(2026, 9, 28), date(2026, 10, 9), date(2026, 10, 9), {"notice_not_over": True}),
    # 09-28..10-08 has 4 working days.
    (date(2026, 9, 28), date(2026, 10, 8), date(2026, 10, 12), {"notice_too_short": True}),
    # 春节: 02-24..02-28 is 5 working days only thanks to the make-up Saturday 02-28.
    (date(2026, 2, 24), date(2026, 2, 28), date(2026, 3, 2), {}),
    (date(2026, 2, 24), date(2026, 2, 27), date(2026, 3, 2), {"notice_too_short": True}),
])
def test_confirming_the_target_counts_working_days(start, end, today, expected):
    facts = confirm_facts(start, end)
    assert codes(problems(facts, CONFIRM_TARGET, today)) == expected


def test_a_notice_into_2027_warns_that_the_calendar_is_unknown_but_does_not_block():
    # Mon 2026-12-28 .. Mon 2027-01-04: 6 working days counted Mon–Fri; confirmed on 2027-01-05.
    facts = confirm_facts(date(2026, 12, 28), date(2027, 1, 4))
    found = problems(facts, CONFIRM_TARGET, date(2027, 1, 5))
    assert codes(found) == {"notice_calendar_unknown": False}


# --- 集中培训: at least 3 days or 24 class hours (§17) ------------------------------------------------

def pre_review_facts(training):
    full = [Member(name=n, member_type="full") for n in ("王建国", "李红梅")]
    return CaseFacts(
        case=Case(stage="target", activist_since=date(2024, 1, 1)),
        introducers=[Introducer(member=m, assigned_on=date(2026, 6, 1)) for m in full],
        reviews=[PoliticalReview(review_date=date(2026, 6, 20), conclusion="qualified")],
        trainings=[training] if training else [],
        all_resolutions=[BranchResolution(purpose="admission", result="passed", meeting_date=date(2026, 7, 1))],
    )


@pytest.mark.parametrize("start, end, hours, expected", [
    (date(2026, 6, 22), date(2026, 6, 24), "10", {}),  # 06-22, 06-23, 06-24: 3 days
    (date(2026, 6, 22), date(2026, 6, 23), "24", {}),  # 2 days, 24 hours
    (date(2026, 6, 22), date(2026, 6, 23), "23.5", {"training_too_short": True}),  # 2 days, 23.5 hours
    (date(2026, 6, 22), date(2026, 6, 22), "23.5", {"training_too_short": True}),  # 1 day
])
def test_training_minimum(start, end, hours, expected):
    training = Training(start_date=start, end_date=end, hours=Decimal(hours))
    assert codes(problems(pre_review_facts(training), FILE_PRE_REVIEW, date(2026, 7, 2))) == expected


def test_no_training_blocks_the_pre_review():
    assert codes(problems(pre_review_facts(None), FILE_PRE_REVIEW, date(2026, 7, 2))) == {"no_training": True}
