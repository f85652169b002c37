"""What is due next for a case, computed from its facts. The cases service stores the result in the
Deadline table on every write, so reminders across a committee are one indexed query."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partydev.common.dates import add_months, add_years

from .enums import HALF_YEARLY_OPINIONS, FilingKind, FilingStatus, OpinionKind, Stage
from .facts import CaseFacts
from .versions import V2026, article_ref, version_by_code, version_on


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
    DeadlineKind("request_review", _("Request awaiting the Party committee"), "approval", "requests"),
    DeadlineKind("admission_meeting", _("Branch general meeting within one month of the pre-review"),
                 "admission_meeting", "meetings"),
    DeadlineKind("approval", _("Approval within 3 months of the branch general meeting"), "approval_time",
                 "requests"),
    DeadlineKind("oath", _("Admission oath within one month of the approval"), "oath", "oaths"),
    DeadlineKind("probation_inspection", _("Half-yearly: inspection of the probationary member"),
                 "conversion", "opinion-probation_inspection"),
    DeadlineKind("conversion", _("Probation ends: discuss the conversion"), "conversion", "meetings"),
    DeadlineKind("conversion_approval", _("Decision on the conversion within 3 months"), "conversion_approval",
                 "requests"),
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
        items += _request_waiting(facts)
    elif stage == Stage.TARGET:
        items += _request_waiting(facts) + _admission_meeting_due(facts) + _approval_due(facts)
    elif stage == Stage.PROBATIONARY and facts.case.probation_start:
        items += _request_waiting(facts) + _oath_due(facts) + _report_due(facts, facts.case.probation_start)
        items += _probation_inspection_due(facts) + _conversion_due(facts)
    return items


def _request_waiting(facts):
    waiting = [f for f in facts.filings if f.status == FilingStatus.PENDING]
    if not waiting:
        return []
    filed_on = timezone.localdate(waiting[0].created_at)
    return [_item("request_review", filed_on, filed_on)]


def _admission_meeting_due(facts):
    """2026 §19: the branch general meeting within one month after the pre-review passed."""
    pre = facts.decided(FilingKind.PRE_REVIEW)
    if pre is None or facts.admission_meeting:
        return []
    due = add_months(pre.effective_date, 1)
    # The limit exists only in the 2026 text; a meeting held after its start is judged by it.
    if version_on(due) != V2026:
        return []
    return [_item("admission_meeting", due, due)]


def _approval_due(facts):
    """§25: the 党委 decides within 3 months of the branch general meeting (C8)."""
    meeting = facts.admission_meeting
    if meeting is None or not meeting.passed:
        return []
    return [_item("approval", add_months(meeting.meeting_date, 3), meeting.meeting_date)]


def _oath_due(facts):
    """2026 §29: the oath normally within one month of the approval."""
    approval = facts.decided(FilingKind.APPROVAL)
    if approval is None or facts.oath or version_on(approval.effective_date) != V2026:
        return []
    return [_item("oath", add_months(approval.effective_date, 1), approval.effective_date)]


def _probation_inspection_due(facts):
    since = facts.case.probation_start
    dates = {o.given_on for o in facts.opinions_of(OpinionKind.PROBATION_INSPECTION)}
    n = 0
    while True:
        start, end = period_bounds(since, n)
        if not any(start <= d <= end for d in dates):
            return [_item("probation_inspection", end, start)]
        n += 1


def _conversion_due(facts):
    meeting = facts.conversion_meeting
    if meeting is None or meeting.meeting_date < facts.case.probation_end:
        end = facts.case.probation_end
        return [_item("conversion", end, end)]
    if facts.decided(FilingKind.CONVERSION) is None:
        return [_item("conversion_approval", add_months(meeting.meeting_date, 3), meeting.meeting_date)]
    return []


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


def _report_due(facts, stage_start=None):
    """A thought report every THOUGHT_REPORT_INTERVAL_MONTHS since the last one (or since the stage
    began: the activist date, or the start of the probation)."""
    last = facts.last_report
    start = stage_start or facts.case.activist_since
    if last and last.written_on >= start:
        start = last.written_on
    due = add_months(start, settings.THOUGHT_REPORT_INTERVAL_MONTHS)
    return [_item("thought_report", due, due)]


def _cultivation_year(facts):
    # The milestone is judged by the rules in force on the day the year completes.
    year = add_years(facts.case.activist_since, 1)
    return [_item("cultivation_year", year, year)]


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
