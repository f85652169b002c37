"""New cases: an applicant registering with a QR code, or the branch entering a paper application."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.common.crypto import blind_index
from partydev.common.idcard import birth_date_from_id, gender_from_id
from partydev.orgs.models import Role
from partydev.orgs.selectors import path_within, scope_paths
from partydev.process.enums import CaseSource, LetterStatus
from partydev.process.rules.application import received_before_birth

from ..attachments import attachments_add
from ..models import ApplicationLetter, Case
from .derived import deadlines_refresh, history_add
from .guards import require, require_date

CONSENT_VERSION = "2026-11"


def _new_case(*, branch, data: dict, source: str, user=None, consent: bool = False) -> Case:
    id_number = data["id_number"]
    id_hash = blind_index(id_number)
    if Case.objects.filter(id_hash=id_hash).exists():
        raise ValidationError({"id_number": _("This ID card number is already registered.")})
    now = timezone.now()
    case = Case(
        branch=branch, org_path=branch.path, source=source, user=user,
        name=data["name"], gender=gender_from_id(id_number), ethnicity=data["ethnicity"],
        id_number=id_number, id_hash=id_hash, birth_date=birth_date_from_id(id_number),
        phone=data["phone"], education=data["education"], work_unit=data["work_unit"],
        consent_at=now if consent else None, sensitive_consent_at=now if consent else None,
        consent_version=CONSENT_VERSION if consent else "",
    )
    case.full_clean(exclude=["org_path", "id_hash", "user"])
    case.save()
    return case


def case_register(*, code, data: dict, password: str) -> Case:
    """An applicant registers through a branch's QR code: creates the account and the case.
    Two people racing for the same 身份证号 or login name: the database's unique indexes decide, and
    the loser gets the same clear message as if it had come second."""
    try:
        return _register(code=code, data=data, password=password)
    except IntegrityError as exc:
        if Case.objects.filter(id_hash=blind_index(data["id_number"])).exists():
            raise ValidationError({"id_number": _("This ID card number is already registered.")}) from exc
        raise ValidationError({"username": _("This login name is taken; please choose another.")}) from exc


def _register(*, code, data, password):
    User = get_user_model()
    with transaction.atomic():
        code = type(code).objects.select_for_update().get(pk=code.pk)
        if not code.is_usable():
            raise ValidationError(_("This registration code has expired or been revoked."))
        if User.objects.filter(username__iexact=data["username"]).exists():
            raise ValidationError({"username": _("This login name is taken; please choose another.")})
        user = User.objects.create_user(username=data["username"], password=password)
        case = _new_case(branch=code.branch, data=data, source=CaseSource.QR, user=user, consent=True)
        history_add(case=case, action="registered", actor=user, effective_date=timezone.localdate())
        audit_record(actor=user, action="case.register", obj=case, case=case,
                     after={"branch": code.branch.name, "code": code.pk})
        deadlines_refresh(case=case)
    return case


def case_create_paper(*, actor, branch, data: dict, letter: dict, files=()) -> Case:
    """The branch enters an applicant who handed in a paper application, with its receipt date."""
    require(actor is not None and path_within(branch.path, scope_paths(actor, (Role.BRANCH_ADMIN,))),
            "not_permitted")
    with transaction.atomic():
        case = _new_case(branch=branch, data=data, source=CaseSource.PAPER)
        record = ApplicationLetter(case=case, created_by=actor, status=LetterStatus.SUBMITTED, **letter)
        if received_before_birth(case.birth_date, record.received_date):
            raise ValidationError({"received_date": _(
                "The date received cannot be earlier than the date of birth in the ID card number.")})
        require_date(record.received_date, case=case)
        require_date(record.written_date, case=case)
        record.full_clean()
        record.save()
        attachments_add(record=record, files=files, actor=actor)
        history_add(case=case, action="entered", actor=actor, effective_date=record.received_date)
        audit_record(actor=actor, action="case.create_paper", obj=case, case=case,
                     after={"branch": branch.name, "received_date": str(record.received_date)})
        deadlines_refresh(case=case)
    return case
