"""Part 二: cultivation contacts, thought reports and the transfer of a person to another branch
(an activist, §12, or a probationary member, §34), with the postponed conversion discussion of a
probationer transferred in (§35)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.process.enums import Stage
from partydev.process.problems import blocking
from partydev.process.rules.probation import POSTPONEMENT_MONTHS, postponement_problems

from ..attachments import attachments_add
from ..models import Case, ThoughtReport, Transfer
from ..permissions import can_submit_report, can_transfer, is_branch_admin_of
from .derived import deadlines_refresh, history_add
from .errors import Refused, StaleState
from .guards import require, require_branch_admin, require_date


def report_submit(*, case: Case, actor, data: dict, files=()):
    """The activist hands in a 思想汇报 from the phone."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        # The person writes it on the phone; a report handed in on paper is entered by the branch.
        require(can_submit_report(actor, case) or (case.stage in (Stage.ACTIVIST, Stage.PROBATIONARY)
                                                   and is_branch_admin_of(actor, case)), "not_permitted")
        report = ThoughtReport(case=case, created_by=actor, **data)
        require_date(report.written_on, case=case)
        report.full_clean()
        report.save()
        attachments_add(record=report, files=files, actor=actor)
        audit_record(actor=actor, action="thoughtreport.submit", obj=report, case=case,
                     after={"title": report.title, "written_on": str(report.written_on)})
        deadlines_refresh(case=case)
    return report


def report_mark_read(*, report, actor, comment: str = ""):
    with transaction.atomic():
        require_branch_admin(actor, report.case)
        updated = ThoughtReport.objects.filter(pk=report.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor, comment=comment.strip())
        if updated != 1:
            raise StaleState()
        report.refresh_from_db()
        audit_record(actor=actor, action="thoughtreport.read", obj=report, case=report.case,
                     after={"comment": report.comment})
    return report


def case_transfer(*, case: Case, to_branch, actor, transferred_on: date, reason: str = "") -> Case:
    """组织关系转接 of an activist (§12) or a probationary member (§34 / 2014 §35): the person and every
    record move to `to_branch`; the cultivation time (activist_since) and the probation continue; both
    branches keep the Transfer row."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
        require(can_transfer(actor, case), "not_permitted")
        require_date(transferred_on, case=case)
        from_branch = case.branch
        if to_branch.pk == from_branch.pk or not to_branch.is_branch:
            raise ValidationError({"to_branch": _("Choose another Party branch.")})
        Transfer.objects.create(case=case, from_branch=from_branch, to_branch=to_branch,
                                from_path=from_branch.path, to_path=to_branch.path,
                                transferred_on=transferred_on, reason=reason.strip(), created_by=actor)
        Case.objects.filter(pk=case.pk).update(branch=to_branch, org_path=to_branch.path,
                                               updated_at=timezone.now())
        case.refresh_from_db()
        history_add(case=case, action="transferred", actor=actor, effective_date=transferred_on,
                 reason=f"{from_branch.name} → {to_branch.name}" + (f"：{reason.strip()}" if reason.strip() else ""))
        audit_record(actor=actor, action="case.transfer", obj=case, case=case,
                     before={"branch": from_branch.name}, after={"branch": to_branch.name})
        # Audit the move on the old branch's side too, so its auditor sees the person leave.
        audit_record(actor=actor, action="case.transfer_out", obj=case, org_path=from_branch.path,
                     after={"to_branch": to_branch.name})
        deadlines_refresh(case=case)
    return case


def conversion_postpone(*, case: Case, actor, until: date, decided_on: date, reason: str) -> Case:
    """2026 §35 / 2014 §36: for a probationer transferred in during the probation, the new branch may
    put off the conversion discussion to `until`, at most six months after the probation ends. The
    conversion date is unchanged: Party standing still counts from probation_end; only the
    reminder ("conversion") moves."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for postponing.")})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_branch_admin(actor, case)
        require_date(decided_on, case=case)
        require_date(until, case=case, may_be_later=True)
        transfers = list(case.transfers.values_list("transferred_on", flat=True))
        refused = blocking(postponement_problems(case, transfers, until))
        if refused:
            raise Refused(refused)
        before = case.conversion_postponed_until
        Case.objects.filter(pk=case.pk).update(conversion_postponed_until=until, updated_at=timezone.now())
        case.refresh_from_db()
        history_add(case=case, action="conversion_postponed", actor=actor, effective_date=decided_on,
                    reason=f"{until.isoformat()}：{reason.strip()}")
        audit_record(actor=actor, action="case.conversion_postponed", obj=case, case=case,
                     before={"conversion_postponed_until": str(before) if before else None},
                     after={"conversion_postponed_until": str(until), "probation_end": str(case.probation_end),
                            "reason": reason.strip(), "at_most_months": POSTPONEMENT_MONTHS})
        deadlines_refresh(case=case)
    return case
