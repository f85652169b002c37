"""退回重新备案: the branch sends a person back to an earlier point, with a reason kept in the history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.process import transitions as tr
from partydev.process.enums import RETURN_POINTS, FilingKind, FilingStatus, LetterStatus, ReturnPoint, Stage

from ..models import Case, Filing
from .derived import deadlines_refresh, history_add
from .errors import StaleState
from .guards import require, require_branch_admin, require_date, require_stage
from .transitions import case_transition

# The transition each return point takes from a later stage (an applicant stays an applicant).
RETURN_TRANSITIONS = {ReturnPoint.LETTER: tr.RETURN_TO_LETTER, ReturnPoint.FILING: tr.RETURN_TO_FILING,
                      ReturnPoint.ACTIVIST: tr.RETURN_TO_ACTIVIST}
# The requests a return to the activist stage withdraws: those of the development-target stage. A
# return to the applicant stage withdraws every open request, the activist filing included.
TARGET_STAGE_FILINGS = (FilingKind.TARGET, FilingKind.PRE_REVIEW, FilingKind.APPROVAL)


def case_return(*, case: Case, actor, point: str, reason: str, expected_stage: str,
                effective_date: date) -> Case:
    """Send a person back to an earlier point of their stage history (RETURN_POINTS), on the date the
    branch entered (not before the person's latest history entry), with a reason that the history
    keeps and the applicant's phone shows."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    reason = reason.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_branch_admin(actor, case)
        require_stage(case, *RETURN_POINTS)
        if case.stage != expected_stage:
            raise StaleState()
        require(point in RETURN_POINTS[case.stage], "return_point_closed")
        latest = case.history.order_by("-effective_date").values_list("effective_date", flat=True).first()
        require_date(effective_date, case=case, not_before=latest, what=_("the latest entry of the history"))
        _withdraw_filings(case=case, actor=actor, reason=reason,
                          kinds=TARGET_STAGE_FILINGS if point == ReturnPoint.ACTIVIST else None)
        if point == ReturnPoint.LETTER:
            _reopen_letter(case=case, actor=actor, reason=reason)
        if case.stage != Stage.APPLICANT:
            case_transition(case=case, code=RETURN_TRANSITIONS[point], actor=actor,
                            effective_date=effective_date, reason=reason)
        else:
            history_add(case=case, action=f"returned_{point}", actor=actor, effective_date=effective_date,
                        reason=reason)
            audit_record(actor=actor, action=f"case.returned_{point}", obj=case, case=case,
                         after={"reason": reason, "effective_date": effective_date.isoformat()})
            deadlines_refresh(case=case)
    return case


def _withdraw_filings(*, case, actor, reason, kinds=None):
    open_filings = Filing.objects.filter(case=case, status__in=[FilingStatus.PENDING, FilingStatus.ACCEPTED])
    if kinds is not None:
        open_filings = open_filings.filter(kind__in=kinds)
    open_filings.update(status=FilingStatus.WITHDRAWN, return_reason=reason, decided_by=actor,
                        decided_at=timezone.now())


def _reopen_letter(*, case, actor, reason):
    case.applicationletters.filter(status__in=[LetterStatus.APPROVED, LetterStatus.SUBMITTED]).update(
        status=LetterStatus.RETURNED, return_reason=reason, reviewed_by=actor, reviewed_at=timezone.now())
