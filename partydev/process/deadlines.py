"""What is due next for a case, computed from its facts. The cases service stores the result in the
Deadline table on every write, so reminders across a committee are one indexed query."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partydev.common.dates import add_months, add_years

from .enums import HALF_YEARLY_OPINIONS, OpinionKind, Stage
from .facts import CaseFacts
from .versions import article_ref, version_by_code, version_on


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    rule: str
    anchor: str  # section of the person's detail page where the work is done
    milestone: bool = False  # a date from which something becomes possible, not a duty


KINDS = {k.code: k for k in (
    DeadlineKind("talk", _("Talk with the applicant"), "talk_within_month", "talk-deadline"),
    DeadlineKind("filing_review", _("Filing awaiting the Party committee"), "activist_filing", "letters"),
    DeadlineKind("contacts", _("Appoint cultivation contacts"), "contacts", "contacts"),
    DeadlineKind("thought_report", _("Thought report"), "half_year_inspection", "reports"),
    DeadlineKind("cultivation_year", _("One year of cultivation: may become a development target"),
                 "target_determination", "timeline", milestone=True),
    *(DeadlineKind(f"opinion_{k.value}", format_lazy(_("Half-yearly: {kind}"), kind=k.label),
                   "half_year_inspection", f"opinion-{k.value}") for k in HALF_YEARLY_OPINIONS),
)}


MILESTONES = [k.code for k in KINDS.values() if k.milestone]


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_date: date
    rule: str
    rule_version: str

    @property
    def article(self) -> str:
        return article_ref(self.rule, version_by_code(self.rule_version))


def due_items(facts: CaseFacts) -> list[DueItem]:
    stage = facts.case.stage
    items: list[DueItem] = []
    if stage == Stage.APPLICANT:
        items += _talk_due(facts) + _filing_waiting(facts)
    elif stage == Stage.ACTIVIST and facts.case.activist_since:
        items += _contacts_due(facts) + _report_due(facts) + _cultivation_year(facts)
        items += [_half_year_due(facts, kind) for kind in HALF_YEARLY_OPINIONS]
    return items


def _item(code: str, due: date, judged_on: date) -> DueItem:
    # Each step is judged by the version in force on the date it concerns (counting rule C7).
    return DueItem(code, due, KINDS[code].rule, version_on(judged_on).code)


def _talk_due(facts):
    received = facts.received_date
    if received is None or facts.talks:
        return []
    return [_item("talk", add_months(received, 1), received)]


def _filing_waiting(facts):
    filing = facts.pending_activist_filing
    if filing is None:
        return []
    filed_on = timezone.localdate(filing.created_at)
    return [_item("filing_review", filed_on, filed_on)]


def _contacts_due(facts):
    if facts.active_contacts:
        return []
    since = facts.case.activist_since
    return [_item("contacts", since, since)]


def _report_due(facts):
    last = facts.last_report
    start = last.written_on if last else facts.case.activist_since
    due = add_months(start, settings.THOUGHT_REPORT_INTERVAL_MONTHS)
    return [_item("thought_report", due, due)]


def _cultivation_year(facts):
    since = facts.case.activist_since
    return [_item("cultivation_year", add_years(since, 1), since)]


# --- half-year periods (§11: inspected every half year) ----------------------------------------

@dataclass(frozen=True)
class HalfYear:
    number: int  # 1 for the first six months of cultivation
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
    """The n-th half-year (0-based) of cultivation. Like every "within N months" in the rules
    (counting rule C2) a period ends on since + 6(n+1) months, inclusive; the next starts the day after."""
    start = since if n == 0 else add_months(since, 6 * n) + timedelta(days=1)
    return start, add_months(since, 6 * (n + 1))


def half_years(facts: CaseFacts, kind: str, until: date) -> list[HalfYear]:
    """Every half-year period from the day the person became an activist until `until`."""
    since = facts.case.activist_since
    if since is None:
        return []
    records = sorted(facts.opinions_of(kind), key=lambda o: o.given_on)
    periods, n = [], 0
    while True:
        start, end = period_bounds(since, n)
        if start > until:
            return periods
        periods.append(HalfYear(n + 1, start, end, tuple(r for r in records if start <= r.given_on <= end)))
        n += 1


def _half_year_due(facts: CaseFacts, kind: OpinionKind) -> DueItem:
    """The end of the earliest half-year with no record of this kind (so a missed one stays due)."""
    since = facts.case.activist_since
    dates = {o.given_on for o in facts.opinions_of(kind)}
    n = 0
    while True:
        start, end = period_bounds(since, n)
        if not any(start <= d <= end for d in dates):
            return _item(f"opinion_{kind.value}", end, start)
        n += 1
