"""Every write to a case goes through a function here: keyword-only, in one transaction, with its
audit event and a refresh of the case's deadlines. Views never assign fields of a case themselves."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.common.crypto import blind_index
from partydev.common.idcard import birth_date_from_id, gender_from_id
from partydev.process.checks import FILE_ACTIVIST, blocking, problems
from partydev.process.deadlines import due_items
from partydev.process.enums import (
    CaseSource,
    FilingKind,
    FilingStatus,
    LetterStatus,
    ReturnPoint,
    Stage,
)
from partydev.process.facts import load_facts

from .attachments import attachments_add, attachments_remove
from .models import ApplicationLetter, Case, Deadline, Filing, StageChange

CONSENT_VERSION = "2026-11"


class StaleState(Exception):
    """Someone else changed this case first; the page the user acted on is out of date."""

    def __str__(self):
        return _("This has already been handled by someone else. The page has been refreshed.")


class BlockedByProblems(Exception):
    def __init__(self, found):
        super().__init__("blocked")
        self.problems = found


# --- derived state ---------------------------------------------------------------------------

def deadlines_refresh(*, case: Case) -> None:
    """Replace the case's stored deadlines with what the rules say now (same transaction as the write).
    The case is read again: a caller's instance may predate a transition made in the same request."""
    case = Case.objects.get(pk=case.pk)
    items = due_items(load_facts(case))
    Deadline.objects.filter(case=case).delete()
    Deadline.objects.bulk_create([
        Deadline(case=case, org_path=case.org_path, kind=i.kind, due_date=i.due_date,
                 rule=i.rule, rule_version=i.rule_version)
        for i in items
    ])


# --- the one service that changes a stage -----------------------------------------------------

def case_transition(*, case: Case, action: str, actor, from_stage: str, to_stage: str,
                    effective_date: date, reason: str = "", set_fields: dict | None = None) -> Case:
    """Move a case from `from_stage` to `to_stage`, with the dates that belong to the move
    (`set_fields`, e.g. activist_since). The conditional UPDATE makes a second admin on a stale page
    fail (StaleState) instead of moving the case twice."""
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, stage=from_stage).update(
            stage=to_stage, updated_at=timezone.now(), **(set_fields or {}))
        if updated != 1:
            raise StaleState()
        case.refresh_from_db()
        StageChange.objects.create(case=case, action=action, from_stage=from_stage, to_stage=to_stage,
                                   effective_date=effective_date, reason=reason, actor=actor)
        audit_record(actor=actor, action=f"case.{action}", obj=case, case=case,
                     before={"stage": from_stage}, after={"stage": to_stage, "reason": reason})
        deadlines_refresh(case=case)
    return case


def _history(*, case, action, actor, effective_date, reason=""):
    StageChange.objects.create(case=case, action=action, from_stage=case.stage, to_stage=case.stage,
                               effective_date=effective_date, reason=reason, actor=actor)


# --- creating cases --------------------------------------------------------------------------

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
        _history(case=case, action="registered", actor=user, effective_date=timezone.localdate())
        audit_record(actor=user, action="case.register", obj=case, case=case,
                     after={"branch": code.branch.name, "code": code.pk})
        deadlines_refresh(case=case)
    return case


def case_create_paper(*, actor, branch, data: dict, letter: dict, files=()) -> Case:
    """The branch enters an applicant who handed in a paper application, with its receipt date."""
    with transaction.atomic():
        case = _new_case(branch=branch, data=data, source=CaseSource.PAPER)
        record = ApplicationLetter(case=case, created_by=actor, status=LetterStatus.SUBMITTED, **letter)
        record.full_clean()
        record.save()
        attachments_add(record=record, files=files, actor=actor)
        _history(case=case, action="entered", actor=actor, effective_date=record.received_date)
        audit_record(actor=actor, action="case.create_paper", obj=case, case=case,
                     after={"branch": branch.name, "received_date": str(record.received_date)})
        deadlines_refresh(case=case)
    return case


# --- the application letter ------------------------------------------------------------------

def letter_submit(*, case: Case, actor, data: dict, files=()) -> ApplicationLetter:
    """The applicant submits (or, after 退回, resubmits) the 入党申请书."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.stage != Stage.APPLICANT or case.applicationletters.filter(
                status__in=[LetterStatus.SUBMITTED, LetterStatus.APPROVED]).exists():
            raise StaleState()
        letter = ApplicationLetter(case=case, created_by=actor, received_date=timezone.localdate(),
                                   status=LetterStatus.SUBMITTED, **data)
        letter.full_clean()
        letter.save()
        attachments_add(record=letter, files=files, actor=actor)
        audit_record(actor=actor, action="letter.submit", obj=letter, case=case,
                     after={"title": letter.title})
        deadlines_refresh(case=case)
    return letter


def _review_letter(*, letter, actor, status: str, reason: str = "") -> ApplicationLetter:
    with transaction.atomic():
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


# --- simple step records (talk, recommendation, resolution) ----------------------------------

def _snapshot(record) -> dict:
    data = {}
    for f in record._meta.concrete_fields:
        if f.name in {"id", "case", "created_by", "created_at", "updated_at"}:
            continue
        value = f.value_from_object(record)
        data[f.name] = value if isinstance(value, int | str | bool | type(None)) else str(value)
    return data


def record_save(*, form, case: Case, actor, files=(), remove_attachments=()) -> object:
    """Create or update a step record from a validated ModelForm, with its attachments."""
    with transaction.atomic():
        record = form.instance
        is_new = record.pk is None
        before = None if is_new else _snapshot(type(record).objects.get(pk=record.pk))
        record.case = case
        if is_new:
            record.created_by = actor
        record = form.save()
        removed = attachments_remove(attachments=record.attachments.filter(pk__in=remove_attachments))
        added = attachments_add(record=record, files=files, actor=actor)
        after = _snapshot(record) | {"attachments_added": [a.original_name for a in added],
                                     "attachments_removed": removed}
        audit_record(actor=actor, action=f"{record._meta.model_name}.{'create' if is_new else 'update'}",
                     obj=record, case=case, before=before, after=after)
        deadlines_refresh(case=case)
    return record


def record_delete(*, record, actor) -> None:
    with transaction.atomic():
        case = record.case
        before = _snapshot(record)
        attachments_remove(attachments=record.attachments.all())
        audit_record(actor=actor, action=f"{record._meta.model_name}.delete", obj=record, case=case,
                     before=before)
        record.delete()
        deadlines_refresh(case=case)


# --- 确定积极分子并备案 and the committee's decision ------------------------------------------

def filing_submit(*, case: Case, actor, today: date) -> Filing:
    return request_submit(case=case, actor=actor, today=today, kind=FilingKind.ACTIVIST,
                          action=FILE_ACTIVIST, history="activist_filed")


def request_submit(*, case: Case, actor, today: date, kind: str, action: str, history: str) -> Filing:
    """The branch sends a case up to its 党委 (备案, 同意, 预审, 审批): refused while any check blocks;
    the warnings it saw are kept with the request."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
        found = problems(load_facts(case), action, today)
        if blocking(found):
            raise BlockedByProblems(found)
        # The nearest 党委 above the branch: a 党总支 is skipped, since it cannot approve (§22).
        committee = case.branch.owning_committee()
        if committee is None:
            raise ValidationError(_("This branch has no Party committee above it to file with."))
        filing = Filing.objects.create(
            case=case, created_by=actor, kind=kind, committee=committee,
            committee_path=committee.path,
            warnings=[p.as_json() for p in found])
        _history(case=case, action=history, actor=actor, effective_date=today)
        audit_record(actor=actor, action="filing.submit", obj=filing, case=case,
                     after={"committee": committee.name, "warnings": [p.code for p in found]})
        deadlines_refresh(case=case)
    return filing


def _decide_filing(*, filing: Filing, actor, status: str, effective_date=None, reason="", opinion="") -> Filing:
    updated = Filing.objects.filter(pk=filing.pk, status=FilingStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), effective_date=effective_date,
        return_reason=reason, opinion=opinion)
    if updated != 1:
        raise StaleState()
    filing.refresh_from_db()
    return filing


def filing_accept(*, filing: Filing, actor, effective_date: date, opinion: str = "") -> Filing:
    """The committee accepts (agrees, passes, approves) a request from the branch."""
    if filing.kind != FilingKind.ACTIVIST:
        from .membership_services import request_accept

        return request_accept(filing=filing, actor=actor, effective_date=effective_date, opinion=opinion)
    return _activist_accept(filing=filing, actor=actor, effective_date=effective_date)


def _activist_accept(*, filing: Filing, actor, effective_date: date) -> Filing:
    """The person is an activist from `effective_date`, which cannot precede the branch committee's
    resolution it confirms."""
    resolution = load_facts(filing.case).passed_resolution
    if resolution and effective_date < resolution.meeting_date:
        raise ValidationError({"effective_date": _(
            "The date cannot be earlier than the branch committee resolution (%(date)s).")
            % {"date": resolution.meeting_date.isoformat()}})
    with transaction.atomic():
        filing = _decide_filing(filing=filing, actor=actor, status=FilingStatus.ACCEPTED,
                                effective_date=effective_date)
        audit_record(actor=actor, action="filing.accept", obj=filing, case=filing.case,
                     after={"effective_date": str(effective_date)})
        case_transition(case=filing.case, action="activist_accepted", actor=actor,
                        from_stage=Stage.APPLICANT, to_stage=Stage.ACTIVIST, effective_date=effective_date,
                        set_fields={"activist_since": effective_date})
    return filing


def filing_return(*, filing: Filing, actor, reason: str) -> Filing:
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    with transaction.atomic():
        filing = _decide_filing(filing=filing, actor=actor, status=FilingStatus.RETURNED,
                                reason=reason.strip())
        _history(case=filing.case, action="activist_filing_returned" if filing.kind == FilingKind.ACTIVIST
                 else "filing_returned", actor=actor,
                 effective_date=timezone.localdate(), reason=reason.strip())
        audit_record(actor=actor, action="filing.return", obj=filing, case=filing.case,
                     after={"reason": reason.strip()})
        deadlines_refresh(case=filing.case)
    return filing


# --- 退回重新备案 ------------------------------------------------------------------------------

def case_return(*, case: Case, actor, point: str, reason: str, expected_stage: str) -> Case:
    """Send a person back to an earlier point, with a reason kept in the history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for returning.")})
    reason = reason.strip()
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.stage != expected_stage or case.stage not in (Stage.APPLICANT, Stage.ACTIVIST):
            raise StaleState()
        _withdraw_filings(case=case, actor=actor, reason=reason)
        if point == ReturnPoint.LETTER:
            _reopen_letter(case=case, actor=actor, reason=reason)
        if case.stage != Stage.APPLICANT:
            case_transition(case=case, action=f"returned_{point}", actor=actor, from_stage=case.stage,
                            to_stage=Stage.APPLICANT, effective_date=today, reason=reason,
                            set_fields={"activist_since": None})
        else:
            _history(case=case, action=f"returned_{point}", actor=actor, effective_date=today,
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


# --- 积极分子: contacts, thought reports, transfer -------------------------------------------

def contacts_set(*, case: Case, members: list, assigned_on: date, actor) -> list:
    """Appoint the activist's contacts. Contacts no longer chosen end on `assigned_on` (kept with their
    dates); new ones start then."""
    from partydev.process.checks import contact_problems

    from .models import ContactAssignment

    found = contact_problems(branch=case.branch, members=members, on=assigned_on)
    if found:
        raise ValidationError([p.message for p in found])
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.stage != Stage.ACTIVIST:
            raise StaleState()
        active = {a.member_id: a for a in case.contact_assignments.filter(ended_on__isnull=True)}
        chosen = {m.pk for m in members}
        ended = [a for mid, a in active.items() if mid not in chosen]
        for assignment in ended:
            assignment.ended_on = assigned_on
            assignment.save(update_fields=["ended_on"])
        added = [ContactAssignment.objects.create(case=case, member=m, assigned_on=assigned_on, created_by=actor)
                 for m in members if m.pk not in active]
        if not ended and not added:
            return []
        _history(case=case, action="contacts_changed", actor=actor, effective_date=assigned_on,
                 reason="、".join(m.name for m in members))
        audit_record(actor=actor, action="contacts.set", obj=case, case=case,
                     before={"contacts": sorted(a.member.name for a in active.values())},
                     after={"contacts": sorted(m.name for m in members), "on": str(assigned_on)})
        deadlines_refresh(case=case)
    return added


def report_submit(*, case: Case, actor, data: dict, files=()):
    """The activist hands in a 思想汇报 from the phone."""
    from .models import ThoughtReport

    with transaction.atomic():
        report = ThoughtReport(case=case, created_by=actor, **data)
        report.full_clean()
        report.save()
        attachments_add(record=report, files=files, actor=actor)
        audit_record(actor=actor, action="thoughtreport.submit", obj=report, case=case,
                     after={"title": report.title, "written_on": str(report.written_on)})
        deadlines_refresh(case=case)
    return report


def report_mark_read(*, report, actor, comment: str = ""):
    from .models import ThoughtReport

    with transaction.atomic():
        updated = ThoughtReport.objects.filter(pk=report.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor, comment=comment.strip())
        if updated != 1:
            raise StaleState()
        report.refresh_from_db()
        audit_record(actor=actor, action="thoughtreport.read", obj=report, case=report.case,
                     after={"comment": report.comment})
    return report


def case_transfer(*, case: Case, to_branch, actor, transferred_on: date, reason: str = "") -> Case:
    """组织关系转接 (§12): the person and every record move to `to_branch`; the cultivation time
    (activist_since) continues; both branches keep the Transfer row."""
    from .models import Transfer

    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
        from_branch = case.branch
        if to_branch.pk == from_branch.pk or not to_branch.is_branch:
            raise ValidationError({"to_branch": _("Choose another Party branch.")})
        Transfer.objects.create(case=case, from_branch=from_branch, to_branch=to_branch,
                                from_path=from_branch.path, to_path=to_branch.path,
                                transferred_on=transferred_on, reason=reason.strip(), created_by=actor)
        Case.objects.filter(pk=case.pk).update(branch=to_branch, org_path=to_branch.path,
                                               updated_at=timezone.now())
        case.refresh_from_db()
        _history(case=case, action="transferred", actor=actor, effective_date=transferred_on,
                 reason=f"{from_branch.name} → {to_branch.name}" + (f"：{reason.strip()}" if reason.strip() else ""))
        audit_record(actor=actor, action="case.transfer", obj=case, case=case,
                     before={"branch": from_branch.name}, after={"branch": to_branch.name})
        # Audit the move on the old branch's side too, so its auditor sees the person leave.
        audit_record(actor=actor, action="case.transfer_out", obj=case, org_path=from_branch.path,
                     after={"to_branch": to_branch.name})
        deadlines_refresh(case=case)
    return case
