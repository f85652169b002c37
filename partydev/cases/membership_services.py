"""Writes for steps 7–25. Same contract as services.py: keyword-only, one transaction, an audit
event, deadlines refreshed; stages change only through case_transition."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.common.dates import add_months, add_years
from partydev.orgs.models import OrgKind
from partydev.process import membership_checks as mc
from partydev.process.checks import blocking, problems
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    FilingKind,
    FilingStatus,
    MeetingPurpose,
    Stage,
)
from partydev.process.facts import load_facts
from partydev.process.meetings import count_attendance
from partydev.process.versions import V2026, version_on

from .attachments import attachments_add
from .models import BranchMeeting, Case, Filing, Introducer, MeetingAttendance
from .services import (
    BlockedByProblems,
    StaleState,
    _decide_filing,
    _history,
    case_transition,
    deadlines_refresh,
    request_submit,
)

# kind → (check action before the branch sends it, history action)
REQUESTS = {
    FilingKind.TARGET: (mc.FILE_TARGET, "target_filed"),
    FilingKind.PRE_REVIEW: (mc.FILE_PRE_REVIEW, "pre_review_filed"),
    FilingKind.APPROVAL: (mc.FILE_APPROVAL, "approval_filed"),
    FilingKind.CONVERSION: (mc.FILE_CONVERSION, "conversion_filed"),
}


def request_send(*, case: Case, actor, kind: str, today: date) -> Filing:
    action, history = REQUESTS[kind]
    return request_submit(case=case, actor=actor, today=today, kind=kind, action=action, history=history)


def _blocking_or_raise(facts, action, today):
    found = problems(facts, action, today)
    if blocking(found):
        raise BlockedByProblems(found)
    return found


# --- the committee's decisions ----------------------------------------------------------------

def request_accept(*, filing: Filing, actor, effective_date: date, opinion: str = "") -> Filing:
    handler = {FilingKind.TARGET: _accept_target, FilingKind.PRE_REVIEW: _accept_pre_review,
               FilingKind.APPROVAL: _accept_approval, FilingKind.CONVERSION: _accept_conversion}[filing.kind]
    with transaction.atomic():
        # Read again: the caller's filing (and its case) may predate another change.
        filing = Filing.objects.select_related("case", "committee").get(pk=filing.pk)
        handler(filing=filing, actor=actor, on=effective_date, opinion=opinion)
        filing.refresh_from_db()
        audit_record(actor=actor, action="filing.accept", obj=filing, case=filing.case,
                     after={"kind": filing.kind, "effective_date": str(effective_date), "opinion": opinion})
        deadlines_refresh(case=filing.case)
    return filing


def request_reject(*, filing: Filing, actor, opinion: str) -> Filing:
    """预审 not passed / admission or conversion not approved, with the written opinion (§18, §24)."""
    if not opinion.strip():
        raise ValidationError({"opinion": _("Please write the opinion.")})
    with transaction.atomic():
        filing = _decide_filing(filing=filing, actor=actor, status=FilingStatus.REJECTED,
                                effective_date=timezone.localdate(), opinion=opinion.strip())
        history = {FilingKind.PRE_REVIEW: "pre_review_failed"}.get(filing.kind, "admission_rejected")
        _history(case=filing.case, action=history, actor=actor, effective_date=timezone.localdate(),
                 reason=opinion.strip())
        audit_record(actor=actor, action="filing.reject", obj=filing, case=filing.case,
                     after={"kind": filing.kind, "opinion": opinion.strip()})
        deadlines_refresh(case=filing.case)
    return filing


def _accept_target(*, filing, actor, on, opinion):
    """2014: the committee accepts the filing and the person is a target. 2026: it agrees; the
    branch then posts the 公示 and lists the target itself (target_confirm)."""
    needs_notice = version_on(on) == V2026  # step 8 judged by the date of the decision (C7)
    _decide_filing(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    if needs_notice:
        _history(case=filing.case, action="target_agreed", actor=actor, effective_date=on)
    else:
        case_transition(case=filing.case, action="target_accepted", actor=actor, from_stage=Stage.ACTIVIST,
                        to_stage=Stage.TARGET, effective_date=on, set_fields={"target_since": on})


def target_confirm(*, case: Case, actor, today: date) -> Case:
    """2026 §13: after the committee agreed and 5 working days of 公示 raised nothing, the branch
    lists the development target."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _blocking_or_raise(load_facts(case), mc.CONFIRM_TARGET, today)
        return case_transition(case=case, action="target_accepted", actor=actor, from_stage=Stage.ACTIVIST,
                               to_stage=Stage.TARGET, effective_date=today, set_fields={"target_since": today})


def _accept_pre_review(*, filing, actor, on, opinion):
    _decide_filing(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    _history(case=filing.case, action="pre_review_passed", actor=actor, effective_date=on, reason=opinion)


def _accept_approval(*, filing, actor, on, opinion):
    """§22–25: only a 党委 approves, within 3 (at most 6) months of the meeting; the probation runs
    one year from the meeting (C8)."""
    if filing.committee.kind != OrgKind.COMMITTEE:
        raise ValidationError(str(mc.MESSAGES["approver_not_committee"]))
    facts = load_facts(filing.case)
    _blocking_or_raise(facts, mc.APPROVE, on)
    start = facts.admission_meeting.meeting_date
    _decide_filing(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    case_transition(case=filing.case, action="admitted", actor=actor, from_stage=Stage.TARGET,
                    to_stage=Stage.PROBATIONARY, effective_date=on,
                    set_fields={"probation_start": start, "probation_end": add_years(start, 1)})


def _accept_conversion(*, filing, actor, on, opinion):
    """§31–33: the committee approves what the branch meeting decided: on time (党龄 from the end of
    the probation), an extension of 6–12 months (once), or cancellation."""
    facts = load_facts(filing.case)
    _blocking_or_raise(facts, mc.APPROVE_CONVERSION, on)
    meeting = facts.conversion_meeting
    case = filing.case
    _decide_filing(filing=filing, actor=actor, status=FilingStatus.ACCEPTED, effective_date=on, opinion=opinion)
    if meeting.outcome == ConversionOutcome.ON_TIME:
        case_transition(case=case, action="converted", actor=actor, from_stage=Stage.PROBATIONARY,
                        to_stage=Stage.FULL, effective_date=on,
                        set_fields={"full_member_since": case.probation_end})
    elif meeting.outcome == ConversionOutcome.EXTEND:
        new_end = add_months(case.probation_end, meeting.extension_months)
        updated = Case.objects.filter(pk=case.pk, stage=Stage.PROBATIONARY, probation_extended=False).update(
            probation_end=new_end, probation_extended=True)
        if updated != 1:
            raise StaleState()
        # The end of the probation decides Party standing: record the change of that date itself.
        audit_record(actor=actor, action="case.probation_extended", obj=case, case=case,
                     before={"probation_end": str(case.probation_end)}, after={"probation_end": str(new_end)})
        _history(case=case, action="probation_extended", actor=actor, effective_date=on,
                 reason=_("%(n)s months") % {"n": meeting.extension_months})
    else:
        case_transition(case=case, action="probation_cancelled", actor=actor, from_stage=Stage.PROBATIONARY,
                        to_stage=Stage.CANCELLED, effective_date=on)


# --- introducers and the branch general meeting -------------------------------------------------

def introducers_set(*, case: Case, members: list, assigned_on: date, actor) -> list:
    found = mc.introducer_problems(members, assigned_on)
    if blocking(found):
        raise ValidationError([p.message for p in blocking(found)])
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.stage != Stage.TARGET:
            raise StaleState()
        active = {i.member_id: i for i in case.introducers.filter(ended_on__isnull=True)}
        chosen = {m.pk for m in members}
        for mid, introducer in active.items():
            if mid not in chosen:
                introducer.ended_on = assigned_on
                introducer.save(update_fields=["ended_on"])
        added = [Introducer.objects.create(case=case, member=m, assigned_on=assigned_on, created_by=actor)
                 for m in members if m.pk not in active]
        _history(case=case, action="introducers_set", actor=actor, effective_date=assigned_on,
                 reason="、".join(m.name for m in members))
        audit_record(actor=actor, action="introducers.set", obj=case, case=case,
                     after={"introducers": sorted(m.name for m in members), "on": str(assigned_on)})
        deadlines_refresh(case=case)
    return added


def meeting_record(*, case: Case, actor, purpose: str, meeting_date: date, attendance: dict,
                   votes: dict, resolution: str, outcome: str = "", extension_months=None, files=()) -> BranchMeeting:
    """Record a 支部党员大会 (§19–20, §32). `attendance` maps each full member on the roster to
    (status, reason). A meeting without a quorum, or with more ballots than voters, is refused:
    nothing is written and the reasons are raised."""
    case = Case.objects.get(pk=case.pk)  # the stage as committed, not as the caller last saw it
    _refuse_non_voters(case, attendance)
    statuses = [status for status, _reason in attendance.values()]
    count = count_attendance(statuses, **votes)
    _refuse_invalid(count, attendance)
    facts = load_facts(case)
    action = mc.ADMISSION_MEETING if purpose == MeetingPurpose.ADMISSION else None
    if action:
        _blocking_or_raise(facts, action, meeting_date)
    elif case.stage != Stage.PROBATIONARY:
        raise StaleState()
    if purpose == MeetingPurpose.CONVERSION:
        ext = mc.extension_problems(case, outcome, extension_months, meeting_date)
        if ext:
            raise ValidationError([p.message for p in ext])
    with transaction.atomic():
        meeting = BranchMeeting.objects.create(
            case=case, created_by=actor, purpose=purpose, meeting_date=meeting_date, resolution=resolution,
            outcome=outcome if purpose == MeetingPurpose.CONVERSION else "",
            extension_months=extension_months if outcome == ConversionOutcome.EXTEND else None,
            entitled=count.entitled, present=count.present, written=count.written, passed=count.passed,
            **votes)
        MeetingAttendance.objects.bulk_create([
            MeetingAttendance(meeting=meeting, member=member, status=status, reason=reason)
            for member, (status, reason) in attendance.items()])
        attachments_add(record=meeting, files=files, actor=actor)
        _history(case=case, action=f"{purpose}_meeting", actor=actor, effective_date=meeting_date,
                 reason=str(_("passed") if count.passed else _("not passed")))
        audit_record(actor=actor, action="branchmeeting.create", obj=meeting, case=case, after={
            "purpose": purpose, "date": str(meeting_date), "entitled": count.entitled, "present": count.present,
            "written": count.written, **votes, "passed": count.passed, "outcome": outcome})
        deadlines_refresh(case=case)
    return meeting


def _refuse_non_voters(case, attendance):
    """C6: only the full members on the branch's roster are entitled; nobody else may be counted."""
    voters = dict(case.branch.members.filter(active=True, member_type="full").values_list("pk", "name"))
    strangers = [m.name for m in attendance if m.pk not in voters]
    if strangers:
        raise ValidationError(_("Only full members on this branch's roster vote and count: %(names)s cannot.")
                              % {"names": "、".join(strangers)})
    # Every full member is listed: leaving one out would shrink 应到会 with no reason given.
    missing = [name for pk, name in voters.items() if pk not in {m.pk for m in attendance}]
    if missing:
        raise ValidationError(_("Give the attendance of every full member: %(names)s missing.")
                              % {"names": "、".join(missing)})


def _refuse_invalid(count, attendance):
    errors = []
    if any(status == Attendance.EXCLUDED and not reason.strip() for status, reason in attendance.values()):
        errors.append(_("Give the reason for every member not counted as entitled."))
    if not count.quorum:
        errors.append(_("No quorum: %(present)s of %(entitled)s members entitled to vote are present; more than "
                        "half must be.") % {"present": count.present, "entitled": count.entitled})
    if not count.tally_possible:
        errors.append(_("%(ballots)s votes counted but only %(voters)s members could vote (present or written "
                        "opinion): one person, one vote.") % {"ballots": count.ballots,
                                                              "voters": count.present + count.written})
    if errors:
        raise ValidationError(errors)
