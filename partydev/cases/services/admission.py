"""Steps 9–23 kept by the branch: the introducers and the 支部党员大会 (admission and conversion)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.process.enums import Attendance, ConversionOutcome, MeetingPurpose, Stage, VotingMethod
from partydev.process.gates import ADMISSION_MEETING, problems
from partydev.process.meetings import count_attendance
from partydev.process.problems import blocking, problem
from partydev.process.rules.probation import conversion_meeting_problems

from ..attachments import attachments_add
from ..models import BranchMeeting, Case, MeetingAttendance
from ..selectors.facts import load_facts
from .derived import deadlines_refresh, history_add
from .errors import BlockedByProblems, Refused, StaleState
from .guards import require_branch_admin, require_date


def meeting_record(*, case: Case, actor, purpose: str, meeting_date: date, attendance: dict,
                   votes: dict, resolution: str, outcome: str = "", extension_months=None, files=(),
                   voting_method: str = VotingMethod.SECRET_BALLOT, voted_alone: bool = True) -> BranchMeeting:
    """Record a 支部党员大会 (§19–20, §32). `attendance` maps each full member on the roster to
    (status, reason). A meeting without a quorum, or with more ballots than voters, is refused:
    nothing is written and the reasons are raised. So is a vote that covered more than this person
    (`voted_alone` False): §20 (2014 §21) "必须逐个讨论和表决". `voting_method` is recorded as held; a
    show of hands is judged by the rules before the approval (§20: secret ballot)."""
    case = Case.objects.get(pk=case.pk)  # the stage as committed, not as the caller last saw it
    require_branch_admin(actor, case)
    require_date(meeting_date, case=case)
    if voting_method not in VotingMethod.values:
        raise ValidationError(_("Choose how the meeting voted."))
    if not voted_alone:
        # The conversion meeting has the admission meeting's requirements (§32, 2014 §33).
        rule = "admission_vote" if purpose == MeetingPurpose.ADMISSION else "conversion"
        raise Refused([problem("vote_not_individual", True, rule, meeting_date)])
    _refuse_non_voters(case, attendance)
    statuses = [status for status, _reason in attendance.values()]
    count = count_attendance(statuses, **votes)
    _refuse_invalid(count, attendance)
    facts = load_facts(case)
    if purpose == MeetingPurpose.ADMISSION:
        found = problems(facts, ADMISSION_MEETING, meeting_date)
        if blocking(found):
            raise BlockedByProblems(found)
    elif case.stage != Stage.PROBATIONARY:
        raise StaleState()
    if purpose == MeetingPurpose.CONVERSION:
        # 按期转正 before the probation ends, a second or wrong-length extension (§31–32).
        refused = blocking(conversion_meeting_problems(case, outcome, extension_months, meeting_date))
        if refused:
            raise Refused(refused)
    with transaction.atomic():
        meeting = BranchMeeting.objects.create(
            case=case, created_by=actor, purpose=purpose, meeting_date=meeting_date, resolution=resolution,
            outcome=outcome if purpose == MeetingPurpose.CONVERSION else "",
            extension_months=extension_months if outcome == ConversionOutcome.EXTEND else None,
            entitled=count.entitled, present=count.present, written=count.written, passed=count.passed,
            voting_method=voting_method, **votes)
        MeetingAttendance.objects.bulk_create([
            MeetingAttendance(meeting=meeting, member=member, status=status, reason=reason)
            for member, (status, reason) in attendance.items()])
        attachments_add(record=meeting, files=files, actor=actor)
        history_add(case=case, action=f"{purpose}_meeting", actor=actor, effective_date=meeting_date,
                 reason=str(_("passed") if count.passed else _("not passed")))
        audit_record(actor=actor, action="branchmeeting.create", obj=meeting, case=case, after={
            "purpose": purpose, "date": str(meeting_date), "entitled": count.entitled, "present": count.present,
            "written": count.written, **votes, "passed": count.passed, "outcome": outcome,
            "voting_method": voting_method})
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
