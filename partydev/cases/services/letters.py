"""The 入党申请书: submitted by the applicant, approved or returned by the branch."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.process.enums import FilingStatus, LetterStatus, Stage

from ..attachments import attachments_add
from ..models import ApplicationLetter, Case
from .derived import deadlines_refresh
from .errors import StaleState
from .guards import require, require_branch_admin, require_date, require_stage


def letter_submit(*, case: Case, actor, data: dict, files=()) -> ApplicationLetter:
    """The applicant submits (or, after 退回, resubmits) the 入党申请书: only the person's own account."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require(actor is not None and case.user_id is not None and case.user_id == actor.pk, "not_permitted")
        if case.stage != Stage.APPLICANT or case.applicationletters.filter(
                status__in=[LetterStatus.SUBMITTED, LetterStatus.APPROVED]).exists():
            raise StaleState()
        letter = ApplicationLetter(case=case, created_by=actor, received_date=timezone.localdate(),
                                   status=LetterStatus.SUBMITTED, **data)
        require_date(letter.written_date, case=case)
        letter.full_clean()
        letter.save()
        attachments_add(record=letter, files=files, actor=actor)
        audit_record(actor=actor, action="letter.submit", obj=letter, case=case,
                     after={"title": letter.title})
        deadlines_refresh(case=case)
    return letter


def _review_letter(*, letter, actor, status: str, reason: str = "") -> ApplicationLetter:
    """The branch of the person reviews, while the person is an applicant not yet filed (the part 一
    records freeze once filed: can_edit_applicant_records); a letter reviewed meanwhile is StaleState."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=letter.case_id)
        require_branch_admin(actor, case)
        require_stage(case, Stage.APPLICANT)
        require(not case.filings.filter(status=FilingStatus.PENDING).exists(), "already_filed")
        updated = ApplicationLetter.objects.filter(pk=letter.pk, status=LetterStatus.SUBMITTED).update(
            status=status, return_reason=reason, reviewed_by=actor, reviewed_at=timezone.now())
        if updated != 1:
            raise StaleState()
        letter.refresh_from_db()
        audit_record(actor=actor, action=f"letter.{status}", obj=letter, case=letter.case,
                     before={"status": LetterStatus.SUBMITTED}, after={"status": status, "reason": reason})
        deadlines_refresh(case=letter.case)
    return letter


def letter_approve(*, letter: ApplicationLetter, actor) -> ApplicationLetter:
    return _review_letter(letter=letter, actor=actor, status=LetterStatus.APPROVED)


def letter_return(*, letter: ApplicationLetter, actor, reason: str) -> ApplicationLetter:
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    return _review_letter(letter=letter, actor=actor, status=LetterStatus.RETURNED, reason=reason.strip())
