"""退回重新备案: the branch sends a person back to an earlier point, with a reason kept in the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.process import transitions as tr
from partydev.process.enums import FilingStatus, LetterStatus, ReturnPoint, Stage

from ..models import Case, Filing
from .derived import deadlines_refresh, history_add
from .errors import StaleState
from .guards import require_branch_admin, require_stage
from .transitions import case_transition


def case_return(*, case: Case, actor, point: str, reason: str, expected_stage: str) -> Case:
    """Send a person back to an earlier point, with a reason kept in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    reason = reason.strip()
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_branch_admin(actor, case)
        require_stage(case, Stage.APPLICANT, Stage.ACTIVIST)
        if case.stage != expected_stage:
            raise StaleState()
        _withdraw_filings(case=case, actor=actor, reason=reason)
        if point == ReturnPoint.LETTER:
            _reopen_letter(case=case, actor=actor, reason=reason)
        if case.stage != Stage.APPLICANT:
            code = tr.RETURN_TO_LETTER if point == ReturnPoint.LETTER else tr.RETURN_TO_FILING
            case_transition(case=case, code=code, actor=actor, effective_date=today, reason=reason)
        else:
            history_add(case=case, action=f"returned_{point}", actor=actor, effective_date=today,
                     reason=reason)
            audit_record(actor=actor, action=f"case.returned_{point}", obj=case, case=case,
                         after={"reason": reason})
            deadlines_refresh(case=case)
    return case


def _withdraw_filings(*, case, actor, reason):
    Filing.objects.filter(case=case, status__in=[FilingStatus.PENDING, FilingStatus.ACCEPTED]).update(
        status=FilingStatus.WITHDRAWN, return_reason=reason, decided_by=actor, decided_at=timezone.now())


def _reopen_letter(*, case, actor, reason):
    case.applicationletters.filter(status__in=[LetterStatus.APPROVED, LetterStatus.SUBMITTED]).update(
        status=LetterStatus.RETURNED, return_reason=reason, reviewed_by=actor, reviewed_at=timezone.now())
