"""What a branch sends up to its Party committee (备案, 同意, 预审, 审批, 审批转正), declared once:
the stage it is sent from, the gate checked when it is sent and when the committee decides, the
history entries, and whether the committee may refuse it (not only return it)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import FilingKind, ResolutionPurpose, Stage
from .gates import (
    APPROVE,
    APPROVE_CONVERSION,
    FILE_ACTIVIST,
    FILE_APPROVAL,
    FILE_CONVERSION,
    FILE_PRE_REVIEW,
    FILE_TARGET,
)


@dataclass(frozen=True)
class RequestKind:
    kind: str
    stage: str  # the person's stage while the request is open
    send_gate: str
    decide_gate: str
    sent_history: str
    returned_history: str
    rejected_history: str | None  # None: the committee can only return it
    decision_date_label: str
    after: str | None = None  # the request of the same stage the committee must have accepted first
    # Its acceptance always moves the person on, so an accepted one seen at its stage was undone (退回).
    leaves_stage: bool = False


REQUEST_KINDS: dict[str, RequestKind] = {r.kind: r for r in (
    RequestKind(FilingKind.ACTIVIST, Stage.APPLICANT, FILE_ACTIVIST, FILE_ACTIVIST, "activist_filed",
                "activist_filing_returned", None, _("Activist from"), leaves_stage=True),
    RequestKind(FilingKind.TARGET, Stage.ACTIVIST, FILE_TARGET, FILE_TARGET, "target_filed",
                "filing_returned", None, _("Date of the decision")),
    RequestKind(FilingKind.PRE_REVIEW, Stage.TARGET, FILE_PRE_REVIEW, FILE_PRE_REVIEW, "pre_review_filed",
                "filing_returned", "pre_review_failed", _("Date of the pre-review")),
    RequestKind(FilingKind.APPROVAL, Stage.TARGET, FILE_APPROVAL, APPROVE, "approval_filed",
                "filing_returned", "admission_rejected", _("Date of approval"), after=FilingKind.PRE_REVIEW,
                leaves_stage=True),
    RequestKind(FilingKind.CONVERSION, Stage.PROBATIONARY, FILE_CONVERSION, APPROVE_CONVERSION,
                "conversion_filed", "filing_returned", "conversion_rejected", _("Date of approval")),
)}

# Requests the branch sends from the person page (the activist filing has its own page, 确定积极分子并备案).
BRANCH_REQUESTS = tuple(k for k in REQUEST_KINDS if k != FilingKind.ACTIVIST)


def basis_date(facts, kind: str):
    """The date of the record a request rests on: it cannot be sent before that day."""
    from_kind = {
        FilingKind.ACTIVIST: lambda: facts.passed_resolution and facts.passed_resolution.meeting_date,
        FilingKind.TARGET: lambda: _date(facts.resolution(ResolutionPurpose.TARGET), "meeting_date"),
        FilingKind.PRE_REVIEW: lambda: _date(facts.resolution(ResolutionPurpose.ADMISSION), "meeting_date"),
        FilingKind.APPROVAL: lambda: _date(facts.admission_meeting, "meeting_date"),
        FilingKind.CONVERSION: lambda: _date(facts.conversion_meeting, "meeting_date"),
    }
    return from_kind[kind]() or None


def _date(record, attribute):
    return getattr(record, attribute) if record else None
