import datetime
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partydev.common.dates import (
    HOLIDAYS,
    KNOWN_CALENDAR_YEARS,
    MAKEUP_WORKDAYS,
    add_months,
    add_years,
    age_on,
    calendar_is_known,
    is_strict_majority,
    is_working_day,
    notice_period_end,
    working_days_between,
)

D = datetime.date


# --- C1 ------------------------------------------------------------------------------------------


def test_month_end_clamping():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)
    assert add_months(D(2026, 1, 15), 1) == D(2026, 2, 15)


def test_c2_three_months_is_not_a_count_of_days():
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)  # 90 days
    assert add_months(D(2026, 5, 31), 3) == D(2026, 8, 31)  # 92 days


def test_negative_months_and_year_change():
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)


def test_leap_day_plus_one_year():
    assert add_years(D(2028, 2, 29), 1) == D(2029, 2, 28)
    assert add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert add_years(D(2026, 5, 11), 1) == D(2027, 5, 11)  # C8: probation ends on the same date


def test_age_on():
    assert age_on(D(2008, 5, 11), D(2026, 5, 10)) == 17
    assert age_on(D(2008, 5, 11), D(2026, 5, 11)) == 18
    assert age_on(D(2008, 5, 11), D(2008, 5, 11)) == 0
    with pytest.raises(ValueError):
        age_on(D(2008, 5, 11), D(2008, 5, 10))


def test_age_of_leap_day_birth_follows_c1():
    born = D(2008, 2, 29)
    assert age_on(born, D(2026, 2, 27)) == 17
    assert age_on(born, D(2026, 2, 28)) == 18  # Feb 29 + 18 years = Feb 28 (C1)
    assert age_on(born, D(2028, 2, 28)) == 19  # leap year: not yet 20
    assert age_on(born, D(2028, 2, 29)) == 20


@given(d=st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), n=st.integers(-1200, 1200))
def test_add_months_property(d, n):
    result = add_months(d, n)
    months = d.year * 12 + d.month - 1 + n
    assert (result.year, result.month) == (months // 12, months % 12 + 1)
    assert result.day <= d.day
    if result.day < d.day:  # clamped: the last day of the target month
        assert (result + datetime.timedelta(days=1)).day == 1


@given(birth=st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 1, 1)), years=st.integers(0, 120))
def test_age_on_anniversary_property(birth, years):
    anniversary = add_years(birth, years)
    assert age_on(birth, anniversary) == years
    if years:
        assert age_on(birth, anniversary - datetime.timedelta(days=1)) == years - 1


# --- The calendar data ---------------------------------------------------------------------------


def test_2026_calendar_matches_the_table():
    holidays = HOLIDAYS[2026]
    assert len(holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert {D(2026, 2, 15), D(2026, 2, 23), D(2026, 10, 1), D(2026, 10, 7)} <= holidays
    assert D(2026, 2, 24) not in holidays and D(2026, 10, 8) not in holidays
    assert MAKEUP_WORKDAYS[2026] == {
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    }
    # Every make-up day is a weekend day, and none is also a holiday.
    assert all(day.weekday() >= 5 for day in MAKEUP_WORKDAYS[2026])
    assert not holidays & MAKEUP_WORKDAYS[2026]
    assert KNOWN_CALENDAR_YEARS == {2026}


def test_is_working_day():
    assert is_working_day(D(2026, 10, 10))  # Saturday, make-up
    assert is_working_day(D(2026, 9, 20))  # Sunday, make-up
    assert not is_working_day(D(2026, 10, 1))  # Thursday, 国庆
    assert not is_working_day(D(2026, 10, 11))  # ordinary Sunday
    assert not is_working_day(D(2026, 9, 26))  # Saturday in 中秋
    assert is_working_day(D(2026, 9, 28))  # ordinary Monday
    assert not is_working_day(D(2026, 1, 2))  # Friday, 元旦
    assert not is_working_day(D(2027, 1, 2))  # 2027: plain Saturday
    assert is_working_day(D(2027, 1, 1))  # 2027 unknown: plain Mon–Fri (provisional)


# --- C4: 公示 ------------------------------------------------------------------------------------


def test_notice_across_national_day():
    # 09-28 Mon (1), 09-29 Tue (2), 09-30 Wed (3), 10-01..10-07 国庆, 10-08 Thu (4), 10-09 Fri (5).
    assert notice_period_end(D(2026, 9, 28), 5) == (D(2026, 10, 9), True)


def test_notice_counts_the_makeup_saturday():
    # 09-29 (1), 09-30 (2), 10-08 (3), 10-09 (4), 10-10 Sat make-up (5).
    assert notice_period_end(D(2026, 9, 29), 5) == (D(2026, 10, 10), True)
    # Posted on the 28th, a 6-working-day notice also ends on the make-up Saturday.
    assert notice_period_end(D(2026, 9, 28), 6) == (D(2026, 10, 10), True)


def test_notice_posted_on_a_holiday_starts_counting_after_it():
    # Posted 10-01 (holiday): 10-08 (1), 10-09 (2), 10-10 (3), 10-12 Mon (4), 10-13 Tue (5).
    assert notice_period_end(D(2026, 10, 1), 5) == (D(2026, 10, 13), True)


def test_notice_posted_on_a_saturday():
    # Ordinary Saturday 2026-03-07: 03-09 Mon .. 03-13 Fri.
    assert notice_period_end(D(2026, 3, 7), 5) == (D(2026, 3, 13), True)
    # Make-up Saturday 2026-02-14 counts as day 1; 02-15..02-23 春节; 02-24 Tue (2) .. 02-27 Fri (5).
    assert notice_period_end(D(2026, 2, 14), 5) == (D(2026, 2, 27), True)


def test_notice_posted_on_a_working_day_counts_that_day():
    assert notice_period_end(D(2026, 3, 9), 5) == (D(2026, 3, 13), True)
    assert notice_period_end(D(2026, 3, 9), 1) == (D(2026, 3, 9), True)


def test_notice_into_an_unknown_year_is_provisional():
    # 12-28 Mon .. 12-31 Thu (4), 2027-01-01 Fri (5) under plain Mon–Fri.
    assert notice_period_end(D(2026, 12, 28), 5) == (D(2027, 1, 1), False)
    assert notice_period_end(D(2027, 3, 1), 5) == (D(2027, 3, 5), False)
    # 2025 is not in the table: 12-29 Mon (1) .. 12-31 Wed (3), 01-01..01-03 元旦,
    # 01-04 Sun make-up (4), 01-05 Mon (5).
    assert notice_period_end(D(2025, 12, 29), 5) == (D(2026, 1, 5), False)


def test_notice_needs_a_positive_length():
    with pytest.raises(ValueError):
        notice_period_end(D(2026, 3, 9), 0)


def test_working_days_between():
    assert working_days_between(D(2026, 9, 28), D(2026, 10, 9)) == 5
    assert working_days_between(D(2026, 9, 28), D(2026, 10, 10)) == 6
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 1
    assert working_days_between(D(2026, 3, 10), D(2026, 3, 9)) == 0
    # 365 days − 104 weekend days − 19 holidays falling on weekdays + 6 make-up days.
    assert working_days_between(D(2026, 1, 1), D(2026, 12, 31)) == 248
    assert calendar_is_known(D(2026, 1, 1), D(2026, 12, 31))
    assert not calendar_is_known(D(2026, 12, 1), D(2027, 1, 31))


@given(
    start=st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 1)),
    length=st.integers(1, 30),
)
def test_notice_end_agrees_with_working_days_between(start, length):
    end, _confirmed = notice_period_end(start, length)
    assert is_working_day(end)
    assert working_days_between(start, end) == length


@dataclass
class ConfigurableCalendar:
    holidays: set = field(default_factory=set)
    makeup_workdays: set = field(default_factory=set)
    known_years: set = field(default_factory=set)


def test_a_custom_calendar_can_be_passed_in():
    custom = ConfigurableCalendar(
        holidays={D(2027, 1, 1)}, makeup_workdays={D(2027, 1, 2)}, known_years={2026, 2027}
    )
    assert not is_working_day(D(2027, 1, 1), custom)
    assert is_working_day(D(2027, 1, 2), custom)
    # 12-28..12-31 (4), 2027-01-02 Sat make-up (5); confirmed because both years are known.
    assert notice_period_end(D(2026, 12, 28), 5, calendar=custom) == (D(2027, 1, 2), True)
    assert working_days_between(D(2026, 12, 28), D(2027, 1, 4), calendar=custom) == 6
    # An empty calendar is still a calendar, not "use the default".
    empty = ConfigurableCalendar()
    assert is_working_day(D(2026, 10, 1), empty)
    assert notice_period_end(D(2026, 9, 28), 5, empty) == (D(2026, 10, 2), False)


# --- C5 ------------------------------------------------------------------------------------------


def test_strict_majority():
    assert not is_strict_majority(5, 10)  # exactly half fails
    assert is_strict_majority(6, 10)
    assert is_strict_majority(4, 7)
    assert not is_strict_majority(3, 7)
    assert not is_strict_majority(0, 0)
    assert is_strict_majority(1, 1)
