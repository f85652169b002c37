"""Steps 7–25 one at a time, each as the pages enter it: its record through the page's form and
`record_save` (entries.py), its request and the committee's decision through the request services.

Two callers walk people through these: the demo (partydev/demo/steps.py, with its own texts) and the
Excel import (partydev/imports/people_steps.py, one function per column of the 发展党员 sheet, with
"导入时原始资料未记载" where the 台账 has no value). Neither enters a step any other way."""

from datetime import date

from partydev.cases.services import (
    filing_accept,
    introducers_set,
    meeting_record,
    request_send,
)
from partydev.orgs.models import MemberType
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    FilingKind,
    FilingStatus,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)

from . import entries


def full_members(case):
    """The branch's full members on the roster (the voters of a 支部党员大会), by name."""
    return list(case.branch.members.filter(member_type=MemberType.FULL, active=True).order_by("name"))


def accept(case, kind, committee, on: date, opinion: str = "", *, committee_votes=(7, 0, 0), filing=None):
    """The committee accepts the pending request of `kind` on `on`. An approval is the Party
    committee's collective decision (§24): its meeting the same day, with `committee_votes`
    (for, against, abstain). `filing`: the pending request, when the caller has it."""
    filing = filing or case.filings.get(kind=kind, status=FilingStatus.PENDING)
    vote = {"committee_vote": {"meeting_on": on, "votes_for": committee_votes[0],
                               "votes_against": committee_votes[1], "votes_abstain": committee_votes[2]}} \
        if kind == FilingKind.APPROVAL else {}
    return filing_accept(filing=filing, actor=committee, effective_date=on, opinion=opinion, **vote)


def send(case, admin, kind, on: date):
    return request_send(case=case, actor=admin, kind=kind, sent_on=on)


def target_basis(case, admin, on: date, *, group="第一党小组", masses="党员和群众座谈会",
                 content="同意确定为发展对象。", note="支委会研究，同意列为发展对象"):
    """Step 7: the three opinions §13 asks for (the Party group, members and masses, the first
    current contact's confirmation) and the 支委会 proposing the target, all on `on`."""
    contact = (case.contact_assignments.filter(ended_on__isnull=True).select_related("member")
               .order_by("member__name").first())
    member = contact.member if contact else None
    for kind, author in ((OpinionKind.PARTY_GROUP, group), (OpinionKind.MEMBERS_MASSES, masses),
                         (OpinionKind.CONTACT_CONFIRMATION, member.name if member else masses)):
        entries.opinion(case, admin, kind, on, author=author, content=content, contact=member)
    entries.resolution(case, admin, on, purpose=ResolutionPurpose.TARGET, note=note)


def introducers(case, admin, members, on: date):
    """Step 9: two full members."""
    return introducers_set(case=case, members=list(members), assigned_on=on, actor=admin)


def examination(case, admin, on: date, *, note="支委会审查，同意报党委预审"):
    """Step 12: the 支委会 examines the target (its resolution); the 预审 request goes up the same day."""
    entries.resolution(case, admin, on, purpose=ResolutionPurpose.ADMISSION, note=note)


def _attendance(case, absent_written):
    return {m: ((Attendance.WRITTEN, "") if i < absent_written else (Attendance.PRESENT, ""))
            for i, m in enumerate(full_members(case))}


def branch_meeting(case, admin, purpose, on: date, *, resolution: str, absent_written=0,
                   outcome: str = ""):
    """Steps 15 and 23: the 支部党员大会 with the roster's full members (the first `absent_written`
    sent a written opinion), all voting for."""
    attendance = _attendance(case, absent_written)
    extra = {"outcome": outcome} if purpose == MeetingPurpose.CONVERSION else {}
    return meeting_record(case=case, actor=admin, purpose=purpose, meeting_date=on, attendance=attendance,
                          votes={"votes_for": len(attendance), "votes_against": 0, "votes_abstain": 0},
                          resolution=resolution, **extra)


def admission_meeting(case, admin, on: date, *, resolution="经支部党员大会无记名投票，同意接收为中共预备党员。",
                      absent_written=1):
    return branch_meeting(case, admin, MeetingPurpose.ADMISSION, on, resolution=resolution,
                          absent_written=absent_written)


def conversion_meeting(case, admin, on: date, *, resolution="同意按期转为中共正式党员。"):
    """Step 23, on time (按期转正)."""
    return branch_meeting(case, admin, MeetingPurpose.CONVERSION, on, resolution=resolution,
                          outcome=ConversionOutcome.ON_TIME)
