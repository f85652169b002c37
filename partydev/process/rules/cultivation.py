"""Part 二: cultivation contacts appointed (§9), thought reports, the half-yearly inspection (§11)
and one year of cultivation before becoming a development target (§13)."""

from dataclasses import dataclass
from datetime import date, timedelta

from partydev.common.dates import add_months, add_years

from ..deadlines import DueItem, due_item
from ..enums import HALF_YEARLY_OPINIONS, OpinionKind
from ..facts import CaseFacts
from ..problems import Problem
from .members import contact_replacement_problems

# --- §9: contacts from the day the person became an activist -------------------------------------

def contacts_reminders(facts: CaseFacts) -> list[DueItem]:
    if facts.active_contacts:
        return []
    since = facts.case.activist_since
    return [due_item("contacts", since, since)]


def contact_replacement(facts: CaseFacts, on: date) -> list[Problem]:
    """2026 §9: the active contacts who can no longer serve on `on`."""
    return contact_replacement_problems(facts.contact_candidates, committee_path=facts.committee_path, on=on)


def replace_contact_reminders(facts: CaseFacts) -> list[DueItem]:
    """Due from the day the facts were read: the roster keeps no date of when a member stopped being
    a full member, left or came under a discipline, so the reminder is due from the first day it is
    seen (and stays due, today, until the contacts are changed)."""
    today = facts.as_of
    if today is None or not contact_replacement(facts, today):
        return []
    return [due_item("replace_contact", today, today)]


# --- thought reports ------------------------------------------------------------------------------

def report_due(facts: CaseFacts, stage_start: date, interval_months: int) -> date:
    """A report every `interval_months` since the last one, or since the stage began."""
    last = facts.last_report
    start = last.written_on if last and last.written_on >= stage_start else stage_start
    return add_months(start, interval_months)


def report_reminders(facts: CaseFacts, stage_start: date, interval_months: int) -> list[DueItem]:
    due = report_due(facts, stage_start, interval_months)
    return [due_item("thought_report", due, due)]


# --- §13 (C8): one year of cultivation -----------------------------------------------------------

def cultivation_year_on(facts: CaseFacts) -> date | None:
    since = facts.case.activist_since
    return add_years(since, 1) if since else None


def cultivation_year_reminders(facts: CaseFacts) -> list[DueItem]:
    # The milestone is judged by the rules in force on the day the year completes.
    year = cultivation_year_on(facts)
    return [due_item("cultivation_year", year, year)] if year else []


# --- §11: half-year periods ------------------------------------------------------------------------

@dataclass(frozen=True)
class HalfYear:
    number: int  # 1 for the first six months
    start: date
    end: date  # inclusive
    records: tuple

    def state(self, today: date) -> str:
        if self.records:
            return "done"
        if today > self.end:
            return "overdue"
        return "due" if today >= self.start else "not_yet"


def period_bounds(since: date, n: int) -> tuple[date, date]:
    """The n-th half-year (0-based) from `since`. Like every "within N months" in the rules (counting
    rule C2) a period ends on since + 6(n+1) months, inclusive; the next starts the day after."""
    start = since if n == 0 else add_months(since, 6 * n) + timedelta(days=1)
    return start, add_months(since, 6 * (n + 1))


def periods(since: date, dates, until: date) -> list[HalfYear]:
    """Every half-year from `since` until `until`, each with the record dates that fall in it."""
    found, n = [], 0
    ordered = sorted(dates)
    while True:
        start, end = period_bounds(since, n)
        if start > until:
            return found
        found.append(HalfYear(n + 1, start, end, tuple(d for d in ordered if start <= d <= end)))
        n += 1


def first_open_period(since: date, dates) -> tuple[date, date]:
    """The next half-year to inspect: the first one with no record after the latest one that has a
    record. Periods are always counted from `since` (a late record does not shift them); a record
    counts only for the period its date falls in, so a late one closes its own period and the
    reminder moves on past it instead of staying frozen on a period that can no longer be done. A
    missed period without any later record stays due (overdue); missed ones are reported by
    `missing_half_years` when the branch proposes the target."""
    dates = sorted(d for d in set(dates) if d >= since)
    n = 0
    if dates:
        while period_bounds(since, n)[1] < dates[-1]:
            n += 1
        n += 1  # the period of the latest record is done
    return period_bounds(since, n)


def missing_half_years(facts: CaseFacts, kind: str, on: date) -> list[HalfYear]:
    """The half-years of cultivation completed by `on` (a period ending on `on` included) with no
    opinion of `kind` dated in it, on or before `on`."""
    return [p for p in half_years(facts, kind, on)
            if p.end <= on and not any(r.given_on <= on for r in p.records)]


def half_years(facts: CaseFacts, kind: str, until: date) -> list[HalfYear]:
    """The half-years of cultivation of one opinion kind, with the opinions in each."""
    since = facts.case.activist_since
    if since is None:
        return []
    records = sorted(facts.opinions_of(kind), key=lambda o: o.given_on)
    return [HalfYear(p.number, p.start, p.end, tuple(r for r in records if p.start <= r.given_on <= p.end))
            for p in periods(since, [], until)]


def opinion_reminders(facts: CaseFacts) -> list[DueItem]:
    since = facts.case.activist_since
    items = []
    for kind in HALF_YEARLY_OPINIONS:
        start, end = first_open_period(since, [o.given_on for o in facts.opinions_of(kind)])
        items.append(due_item(f"opinion_{kind.value}", end, start))
    return items


def probation_inspection_reminders(facts: CaseFacts) -> list[DueItem]:
    since = facts.case.probation_start
    dates = [o.given_on for o in facts.opinions_of(OpinionKind.PROBATION_INSPECTION)]
    start, end = first_open_period(since, dates)
    return [due_item("probation_inspection", end, start)]
