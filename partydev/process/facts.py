"""What the rules need to know about one case, loaded in a fixed number of queries.

Checks, deadlines and the timeline all read a CaseFacts, so they agree with each other and a page
that shows all three loads the records once.
"""

from dataclasses import dataclass, field
from datetime import date

from partydev.cases.models import (
    ApplicationLetter,
    BranchResolution,
    Case,
    ContactAssignment,
    Filing,
    Opinion,
    Recommendation,
    Talk,
    ThoughtReport,
)

from .enums import FilingKind, FilingStatus, LetterStatus, ResolutionResult


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


def load_facts(case: Case) -> CaseFacts:
    return CaseFacts(
        case=case,
        letters=list(case.applicationletters.all().order_by("-created_at", "-id")),
        talks=list(case.talks.all()),
        recommendations=list(case.recommendations.all()),
        resolutions=list(case.branchresolutions.all()),
        filings=list(case.filings.all().order_by("-created_at", "-id")),
        contacts=list(case.contact_assignments.select_related("member", "member__branch")),
        reports=list(case.thoughtreports.all()),
        opinions=list(case.opinions.select_related("contact")),
    )
