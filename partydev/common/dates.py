"""Counting rules for the 细则's time limits and thresholds.

Implements /work/shared/domain/counting-rules.md:

* C1 months and years: calendar months, clamped to the last day of a shorter month
  (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year; Feb 29 + 1 year = Feb 28).
* C2/C3 month deadlines are ``add_months`` and are never rolled forward over holidays (no
  helper here moves them).
* C4 working days: the posting day counts if it is a working day; official make-up working days
  (调休上班) count; holidays and weekends do not. For a year with no published arrangement, count
  Mon–Fri and flag the result as provisional.
* C5 "超过半数" is strictly more than half.
"""

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from dateutil.relativedelta import relativedelta

# --- C1: months and years ------------------------------------------------------------------------


def add_months(d: datetime.date, n: int) -> datetime.date:
    """``d`` plus ``n`` calendar months; a day the target month lacks becomes its last day (C1)."""
    return d + relativedelta(months=n)


def add_years(d: datetime.date, n: int) -> datetime.date:
    """``d`` plus ``n`` years; Feb 29 becomes Feb 28 in a non-leap target year (C1)."""
    return d + relativedelta(years=n)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Full years of age on the date ``on``.

    A birthday anniversary is ``add_years(birth, n)`` (C1), so someone born on Feb 29 becomes a
    year older on Feb 28 in non-leap years (e.g. 18 on 2026-02-28 if born 2008-02-29).
    """
    if on < birth:
        raise ValueError("The date is before the date of birth.")
    years = on.year - birth.year
    if add_years(birth, years) > on:
        years -= 1
    return years


# --- C4: the holiday calendar --------------------------------------------------------------------


def _span(year: int, month: int, first_day: int, last_day: int) -> set[datetime.date]:
    return {datetime.date(year, month, day) for day in range(first_day, last_day + 1)}


# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04). Days off, by year.
HOLIDAYS: dict[int, frozenset[datetime.date]] = {
    2026: frozenset(
        _span(2026, 1, 1, 3)  # 元旦
        | _span(2026, 2, 15, 23)  # 春节
        | _span(2026, 4, 4, 6)  # 清明
        | _span(2026, 5, 1, 5)  # 劳动节
        | _span(2026, 6, 19, 21)  # 端午
        | _span(2026, 9, 25, 27)  # 中秋
        | _span(2026, 10, 1, 7)  # 国庆
    ),
}

# Official make-up working days (调休上班) on a weekend, by year.
MAKEUP_WORKDAYS: dict[int, frozenset[datetime.date]] = {
    2026: frozenset(
        {
            datetime.date(2026, 1, 4),  # 元旦, Sunday
            datetime.date(2026, 2, 14),  # 春节, Saturday
            datetime.date(2026, 2, 28),  # 春节, Saturday
            datetime.date(2026, 5, 9),  # 劳动节, Saturday
            datetime.date(2026, 9, 20),  # 国庆, Sunday
            datetime.date(2026, 10, 10),  # 国庆, Saturday
        }
    ),
}

# Years whose arrangement has been published. Outside these, working days are plain Mon–Fri and
# results are provisional. (No 2027 arrangement had been published as of 2026-11-26.)
KNOWN_CALENDAR_YEARS: frozenset[int] = frozenset(HOLIDAYS) | frozenset(MAKEUP_WORKDAYS)


class Calendar(Protocol):
    """What the working-day functions need; a configurable-holiday model can provide the same."""

    holidays: set[datetime.date] | frozenset[datetime.date]
    makeup_workdays: set[datetime.date] | frozenset[datetime.date]
    known_years: set[int] | frozenset[int]


@dataclass(frozen=True)
class HolidayCalendar:
    """A holiday calendar: days off, make-up working days and the years that are fully known."""

    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[datetime.date] = field(default_factory=frozenset)
    known_years: frozenset[int] = field(default_factory=frozenset)


OFFICIAL_CALENDAR = HolidayCalendar(
    holidays=frozenset().union(*HOLIDAYS.values()),
    makeup_workdays=frozenset().union(*MAKEUP_WORKDAYS.values()),
    known_years=KNOWN_CALENDAR_YEARS,
)


def is_working_day(d: datetime.date, calendar: Calendar | None = None) -> bool:
    """True for a make-up working day or a non-holiday Monday–Friday."""
    calendar = OFFICIAL_CALENDAR if calendar is None else calendar
    if d in calendar.makeup_workdays:
        return True
    if d in calendar.holidays:
        return False
    return d.weekday() < 5


def notice_period_end(
    start: datetime.date, working_days: int, calendar: Calendar | None = None
) -> tuple[datetime.date, bool]:
    """The last day of a 公示 of ``working_days`` working days posted on ``start`` (C4).

    The posting day counts if it is a working day. Returns ``(end, confirmed)``; ``confirmed`` is
    False (provisional) when a year from ``start`` to ``end`` has no published arrangement.
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    calendar = OFFICIAL_CALENDAR if calendar is None else calendar
    day = start
    counted = 1 if is_working_day(day, calendar) else 0
    while counted < working_days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, calendar):
            counted += 1
    return day, calendar_is_known(start, day, calendar)


def working_days_between(start: datetime.date, end: datetime.date, calendar: Calendar | None = None) -> int:
    """Working days from ``start`` to ``end``, both included; 0 if ``end`` is before ``start``."""
    calendar = OFFICIAL_CALENDAR if calendar is None else calendar
    count = 0
    day = start
    while day <= end:
        if is_working_day(day, calendar):
            count += 1
        day += datetime.timedelta(days=1)
    return count


def calendar_is_known(start: datetime.date, end: datetime.date, calendar: Calendar | None = None) -> bool:
    """True when every year from ``start`` to ``end`` has a published holiday arrangement."""
    calendar = OFFICIAL_CALENDAR if calendar is None else calendar
    return all(year in calendar.known_years for year in range(start.year, end.year + 1))


# --- C5: thresholds ------------------------------------------------------------------------------


def is_strict_majority(part: int, whole: int) -> bool:
    """Strictly more than half (2·part > whole) for "超过半数"; exactly half is not a majority."""
    return 2 * part > whole
