"""The working-day calendar an administrator configures (issue 5: 公示 with configurable holidays)."""

from datetime import date

import pytest

from partydev.common.calendar import configured_calendar
from partydev.common.dates import calendar_is_known, notice_period_end, working_days_between
from partydev.common.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_without_entries_the_official_2026_arrangement_applies():
    calendar = configured_calendar()
    # Posted 2026-09-28 (Mon): 09-28, 09-29, 09-30, then 国庆 10-01..07, then 10-08, 10-09.
    assert notice_period_end(date(2026, 9, 28), 5, calendar) == (date(2026, 10, 9), True)
    assert not calendar_is_known(date(2027, 1, 1), date(2027, 1, 8), calendar)


def test_an_entered_2027_arrangement_is_used_and_no_longer_provisional():
    # 元旦 2027 (made up for this test): 01-01 (Fri) off, 01-02 (Sat) a make-up working day.
    CalendarDay.objects.create(date=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarDay.objects.create(date=date(2027, 1, 2), kind="workday", name="元旦")
    calendar = configured_calendar()
    assert calendar_is_known(date(2027, 1, 1), date(2027, 1, 8), calendar)
    # 2026-12-30 (Wed), 12-31 (Thu), 01-02 (Sat, make-up), 01-04 (Mon), 01-05 (Tue).
    assert notice_period_end(date(2026, 12, 30), 5, calendar) == (date(2027, 1, 5), True)
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 4), calendar) == 4


def test_an_entered_day_overrides_the_official_one():
    # Taking 2026-10-09 off: 09-28, 09-29, 09-30, 10-08, then the official make-up Saturday 10-10.
    CalendarDay.objects.create(date=date(2026, 10, 9), kind="holiday", name="地方假日")
    assert notice_period_end(date(2026, 9, 28), 5, configured_calendar())[0] == date(2026, 10, 10)
    # Entering 10-10 as a day off too (overriding the official make-up day) moves it to 10-12 (Mon).
    CalendarDay.objects.create(date=date(2026, 10, 10), kind="holiday", name="地方假日")
    assert notice_period_end(date(2026, 9, 28), 5, configured_calendar())[0] == date(2026, 10, 12)
