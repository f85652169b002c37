"""What the rules need to know about one case, loaded in a fixed number of queries.

Checks, deadlines and the timeline all read a CaseFacts, so they agree with each other and a page
that shows all three loads the records once.
"""

from dataclasses import dataclass, field
from datetime import date

from partydev.cases.models import (
    ApplicationLetter,
    Archive,
    BranchMeeting,
    BranchResolution,
    Case,
    CommitteeTalk,
    ContactAssignment,
    ConversionApplication,
    Filing,
    Introducer,
    Oath,
    Opinion,
    Placement,
    PoliticalReview,
    PublicNotice,
    Recommendation,
    Talk,
    ThoughtReport,
    Training,
    VolunteerForm,
)

from .enums import FilingKind, FilingStatus, LetterStatus, MeetingPurpose, ResolutionPurpose, ResolutionResult


def _latest(items, key):
    return max(items, key=key, default=None)


@dataclass
class CaseFacts:
    case: Case
    letters: list[ApplicationLetter] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    resolutions: list[BranchResolution] = field(default_factory=list)
    filings: list[Filing] = field(default_factory=list)
    contacts: list[ContactAssignment] = field(default_factory=list)
    reports: list[ThoughtReport] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)
    # Steps 7–25
    all_resolutions: list[BranchResolution] = field(default_factory=list)
    notices: list[PublicNotice] = field(default_factory=list)
    introducers: list[Introducer] = field(default_factory=list)
    reviews: list[PoliticalReview] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    volunteer_forms: list[VolunteerForm] = field(default_factory=list)
    meetings: list[BranchMeeting] = field(default_factory=list)
    committee_talks: list[CommitteeTalk] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    oaths: list[Oath] = field(default_factory=list)
    conversion_applications: list[ConversionApplication] = field(default_factory=list)
    archives: list[Archive] = field(default_factory=list)

    @property
    def approved_letter(self) -> ApplicationLetter | None:
        return next((x for x in self.letters if x.status == LetterStatus.APPROVED), None)

    @property
    def pending_letter(self) -> ApplicationLetter | None:
        return next((x for x in self.letters if x.status == LetterStatus.SUBMITTED), None)

    @property
    def received_date(self) -> date | None:
        """When the branch received the application: the approved letter, else one awaiting review."""
        letter = self.approved_letter or self.pending_letter
        return letter.received_date if letter else None

    @property
    def first_talk(self) -> Talk | None:
        return min(self.talks, key=lambda t: t.talk_date, default=None)

    @property
    def passed_resolution(self) -> BranchResolution | None:
        passed = [r for r in self.resolutions if r.result == ResolutionResult.PASSED]
        return max(passed, key=lambda r: r.meeting_date, default=None)

    def filing(self, kind: str, status: str) -> Filing | None:
        return next((f for f in self.filings if f.kind == kind and f.status == status), None)

    @property
    def pending_activist_filing(self) -> Filing | None:
        return self.filing(FilingKind.ACTIVIST, FilingStatus.PENDING)

    @property
    def accepted_activist_filing(self) -> Filing | None:
        return self.filing(FilingKind.ACTIVIST, FilingStatus.ACCEPTED)

    @property
    def active_contacts(self) -> list[ContactAssignment]:
        return [c for c in self.contacts if c.ended_on is None]

    @property
    def last_report(self) -> ThoughtReport | None:
        return max(self.reports, key=lambda r: r.written_on, default=None)

    def opinions_of(self, kind: str) -> list[Opinion]:
        return [o for o in self.opinions if o.kind == kind]

    # --- steps 7–25 -----------------------------------------------------------------------------
    def resolution(self, purpose: str) -> BranchResolution | None:
        """The latest passed 支委会决议 for `purpose`."""
        passed = [r for r in self.all_resolutions if r.purpose == purpose and r.result == ResolutionResult.PASSED]
        return _latest(passed, lambda r: r.meeting_date)

    def latest_filing(self, kind: str, *statuses: str) -> Filing | None:
        found = [f for f in self.filings if f.kind == kind and (not statuses or f.status in statuses)]
        return found[0] if found else None  # filings are newest first

    def pending(self, kind: str) -> Filing | None:
        return self.latest_filing(kind, FilingStatus.PENDING)

    def decided(self, kind: str) -> Filing | None:
        """The committee's latest accepted (agreed, passed, approved) decision of this kind."""
        return self.latest_filing(kind, FilingStatus.ACCEPTED)

    @property
    def notice(self) -> PublicNotice | None:
        return _latest(self.notices, lambda n: n.start_date)

    @property
    def active_introducers(self) -> list[Introducer]:
        return [i for i in self.introducers if i.ended_on is None]

    @property
    def review(self) -> PoliticalReview | None:
        return _latest(self.reviews, lambda r: r.review_date)

    @property
    def training(self) -> Training | None:
        return _latest(self.trainings, lambda t: t.end_date)

    @property
    def volunteer_form(self) -> VolunteerForm | None:
        return self.volunteer_forms[0] if self.volunteer_forms else None

    def meeting(self, purpose: str) -> BranchMeeting | None:
        """The latest valid meeting of `purpose` (an invalid one is never saved)."""
        return _latest([m for m in self.meetings if m.purpose == purpose], lambda m: m.meeting_date)

    @property
    def admission_meeting(self) -> BranchMeeting | None:
        return self.meeting(MeetingPurpose.ADMISSION)

    @property
    def conversion_meeting(self) -> BranchMeeting | None:
        return self.meeting(MeetingPurpose.CONVERSION)

    @property
    def committee_talk(self) -> CommitteeTalk | None:
        return _latest(self.committee_talks, lambda t: t.talk_date)

    @property
    def placement(self) -> Placement | None:
        return _latest(self.placements, lambda p: p.placed_on)

    @property
    def oath(self) -> Oath | None:
        return _latest(self.oaths, lambda o: o.oath_date)

    @property
    def conversion_application(self) -> ConversionApplication | None:
        return _latest(self.conversion_applications, lambda a: a.applied_on)

    @property
    def archive(self) -> Archive | None:
        return _latest(self.archives, lambda a: a.archived_on)


def load_facts(case: Case) -> CaseFacts:
    resolutions = list(case.branchresolutions.all())
    return CaseFacts(
        case=case,
        letters=list(case.applicationletters.all().order_by("-created_at", "-id")),
        talks=list(case.talks.all()),
        recommendations=list(case.recommendations.all()),
        resolutions=[r for r in resolutions if r.purpose == ResolutionPurpose.ACTIVIST],
        all_resolutions=resolutions,
        filings=list(case.filings.all().order_by("-created_at", "-id")),
        contacts=list(case.contact_assignments.select_related("member", "member__branch")),
        reports=list(case.thoughtreports.all()),
        opinions=list(case.opinions.select_related("contact")),
        notices=list(case.publicnotices.all()),
        introducers=list(case.introducers.select_related("member", "member__branch")),
        reviews=list(case.politicalreviews.all()),
        trainings=list(case.trainings.all()),
        volunteer_forms=list(case.volunteerforms.order_by("-filled_on", "-id")),
        meetings=list(case.branchmeetings.all()),
        committee_talks=list(case.committeetalks.all()),
        placements=list(case.placements.select_related("group")),
        oaths=list(case.oaths.all()),
        conversion_applications=list(case.conversionapplications.all()),
        archives=list(case.archives.all()),
    )
