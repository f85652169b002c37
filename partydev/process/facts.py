"""What the rules need to know about one case: plain data, built by a selector in `cases`
(partydev.cases.selectors.facts.load_facts) in a fixed number of queries.

Checks, deadlines and the timeline all read a CaseFacts, so they agree with each other and a page
that shows all three loads the records once. The records are read by attribute only (a letter's
`status` and `received_date`, a meeting's `meeting_date` and `passed`…); this module imports no model,
so the rules can be tested on plain objects.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partydev.common.dates import OFFICIAL_CALENDAR, HolidayCalendar

from .enums import FilingKind, FilingStatus, LetterStatus, MeetingPurpose, ResolutionResult


@dataclass(frozen=True)
class Candidate:
    """A roster member as the contact (§9) and introducer (§14) rules see them."""

    pk: int
    name: str
    member_type: str
    active: bool
    branch_path: str
    discipline: str = ""
    discipline_until: date | None = None
    assigned_on: date | None = None  # as a cultivation contact: the day of the appointment


def _latest(items, key):
    return max(items, key=key, default=None)


@dataclass
class CaseFacts:
    case: Any
    calendar: HolidayCalendar = OFFICIAL_CALENDAR  # the working-day calendar in force (C4)
    letters: list = field(default_factory=list)
    talks: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    resolutions: list = field(default_factory=list)
    filings: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    opinions: list = field(default_factory=list)
    # Steps 7–25
    all_resolutions: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    introducers: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    trainings: list = field(default_factory=list)
    volunteer_forms: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    committee_talks: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    oaths: list = field(default_factory=list)
    conversion_applications: list = field(default_factory=list)
    archives: list = field(default_factory=list)
    # 2026 §9: the active cultivation contacts as the roster has them now (Candidates), the Party
    # committee the case's branch files with, and the day the facts were read ("today").
    contact_candidates: list = field(default_factory=list)
    committee_path: str | None = None
    as_of: date | None = None

    @property
    def approved_letter(self):
        return next((x for x in self.letters if x.status == LetterStatus.APPROVED), None)

    @property
    def pending_letter(self):
        return next((x for x in self.letters if x.status == LetterStatus.SUBMITTED), None)

    @property
    def received_date(self) -> date | None:
        """When the branch received the application: the approved letter, else one awaiting review."""
        letter = self.approved_letter or self.pending_letter
        return letter.received_date if letter else None

    @property
    def first_talk(self):
        return min(self.talks, key=lambda t: t.talk_date, default=None)

    @property
    def passed_resolution(self):
        passed = [r for r in self.resolutions if r.result == ResolutionResult.PASSED]
        return max(passed, key=lambda r: r.meeting_date, default=None)

    def filing(self, kind: str, status: str):
        return next((f for f in self.filings if f.kind == kind and f.status == status), None)

    @property
    def pending_activist_filing(self):
        return self.filing(FilingKind.ACTIVIST, FilingStatus.PENDING)

    @property
    def accepted_activist_filing(self):
        return self.filing(FilingKind.ACTIVIST, FilingStatus.ACCEPTED)

    @property
    def active_contacts(self) -> list:
        return [c for c in self.contacts if c.ended_on is None]

    @property
    def last_report(self):
        return max(self.reports, key=lambda r: r.written_on, default=None)

    def opinions_of(self, kind: str) -> list:
        return [o for o in self.opinions if o.kind == kind]

    # --- steps 7–25 -----------------------------------------------------------------------------
    def resolution(self, purpose: str):
        """The latest passed 支委会决议 for `purpose`."""
        passed = [r for r in self.all_resolutions if r.purpose == purpose and r.result == ResolutionResult.PASSED]
        return _latest(passed, lambda r: r.meeting_date)

    def latest_filing(self, kind: str, *statuses: str):
        found = [f for f in self.filings if f.kind == kind and (not statuses or f.status in statuses)]
        return found[0] if found else None  # filings are newest first

    def pending(self, kind: str):
        return self.latest_filing(kind, FilingStatus.PENDING)

    def decided(self, kind: str):
        """The committee's latest accepted (agreed, passed, approved) decision of this kind."""
        return self.latest_filing(kind, FilingStatus.ACCEPTED)

    @property
    def notice(self):
        return _latest(self.notices, lambda n: n.start_date)

    @property
    def active_introducers(self) -> list:
        return [i for i in self.introducers if i.ended_on is None]

    @property
    def review(self):
        return _latest(self.reviews, lambda r: r.review_date)

    @property
    def training(self):
        return _latest(self.trainings, lambda t: t.end_date)

    @property
    def volunteer_form(self):
        return self.volunteer_forms[0] if self.volunteer_forms else None

    def meeting(self, purpose: str):
        """The latest valid meeting of `purpose` (an invalid one is never saved)."""
        return _latest([m for m in self.meetings if m.purpose == purpose], lambda m: m.meeting_date)

    @property
    def admission_meeting(self):
        return self.meeting(MeetingPurpose.ADMISSION)

    @property
    def conversion_meeting(self):
        return self.meeting(MeetingPurpose.CONVERSION)

    @property
    def committee_talk(self):
        return _latest(self.committee_talks, lambda t: t.talk_date)

    @property
    def placement(self):
        return _latest(self.placements, lambda p: p.placed_on)

    @property
    def oath(self):
        return _latest(self.oaths, lambda o: o.oath_date)

    @property
    def conversion_application(self):
        return _latest(self.conversion_applications, lambda a: a.applied_on)

    @property
    def archive(self):
        return _latest(self.archives, lambda a: a.archived_on)
