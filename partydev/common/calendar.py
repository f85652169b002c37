"""The working-day calendar in force: the official arrangements shipped with the code, plus the days
the system administrator entered. A year with entered days counts as published (not provisional)."""

from .dates import OFFICIAL_CALENDAR, HolidayCalendar
from .models import CalendarDay


def configured_calendar() -> HolidayCalendar:
    rows = list(CalendarDay.objects.values_list("date", "kind"))
    holidays = {d for d, kind in rows if kind == CalendarDay.Kind.HOLIDAY}
    workdays = {d for d, kind in rows if kind == CalendarDay.Kind.WORKDAY}
    return HolidayCalendar(
        # An entered make-up day overrides an official holiday on the same date, and vice versa.
        holidays=frozenset((OFFICIAL_CALENDAR.holidays - workdays) | holidays),
        makeup_workdays=frozenset((OFFICIAL_CALENDAR.makeup_workdays - holidays) | workdays),
        known_years=frozenset(OFFICIAL_CALENDAR.known_years | {d.year for d, _kind in rows}),
    )
