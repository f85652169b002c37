"""Steps 7–25 through the services, each with its own date, as a branch would have entered them:
activist filing accepted, development target (2014: filing; 2026: agreement, 公示, confirmation),
introducers to 志愿书, the general meeting to the approval, placement and oath, conversion. Used by
members.py for the demo's people and by tests for their own."""

from datetime import date

from partydev.cases.services import (
    contacts_set,
    filing_accept,
    filing_submit,
    introducers_set,
    meeting_record,
    request_send,
    target_confirm,
)
from partydev.orgs.models import MemberType
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)

from . import entries


def _accept(case, kind, committee, on, opinion=""):
    filing = case.filings.get(kind=kind, status="pending")
    # An approval is the Party committee's collective decision (§24): its meeting, the same day.
    vote = {"committee_vote": {"meeting_on": on, "votes_for": 7, "votes_against": 0, "votes_abstain": 0}} \
        if kind == FilingKind.APPROVAL else {}
    filing_accept(filing=filing, actor=committee, effective_date=on, opinion=opinion, **vote)


def make_activist(case, admin, committee, filed_on: date, accepted_on: date):
    filing = filing_submit(case=case, actor=admin, sent_on=filed_on)
    filing_accept(filing=filing, actor=committee, effective_date=accepted_on)
    case.refresh_from_db()


def _full_members(case):
    return list(case.branch.members.filter(member_type=MemberType.FULL, active=True).order_by("name"))


def target_basis(case, admin, meeting_on: date):
    """Contacts, the three opinions §13 asks for, and the 支委会 proposing the target."""
    members = _full_members(case)
    contacts_set(case=case, members=members[:2], assigned_on=case.activist_since, actor=admin)
    for kind, author in ((OpinionKind.PARTY_GROUP, "第一党小组"), (OpinionKind.MEMBERS_MASSES, "党员和群众座谈会"),
                         (OpinionKind.CONTACT_CONFIRMATION, members[0].name)):
        entries.opinion(case, admin, kind, meeting_on, author=author, content="同意确定为发展对象。", contact=members[0])
    entries.resolution(case, admin, meeting_on, purpose=ResolutionPurpose.TARGET, note="支委会研究，同意列为发展对象")


def make_target(case, admin, committee, meeting_on, agreed_on, notice=None, confirm_on=None):
    """2014: the filing accepted makes the target. 2026: agreement, 公示 (start, end), then confirm."""
    target_basis(case, admin, meeting_on)
    request_send(case=case, actor=admin, kind=FilingKind.TARGET, sent_on=meeting_on)
    _accept(case, FilingKind.TARGET, committee, agreed_on)
    case.refresh_from_db()
    if notice:
        entries.notice(case, admin, notice[0], notice[1], place="学院公示栏")
        target_confirm(case=case, actor=admin, on=confirm_on)


def prepare_admission(case, admin, committee, d: dict, serial: str):
    """Steps 9–14: introducers, political review, training, 支委会 examination, 预审, 志愿书."""
    introducers_set(case=case, members=_full_members(case)[:2], assigned_on=d["introducers"], actor=admin)
    entries.review(case, admin, d["review"], methods="本人谈话、查阅档案、函调",
                   summary="政治立场坚定，历史清白，遵纪守法，综合表现良好，政审合格。")
    entries.training(case, admin, *d["training"], certificate=f"PX-{serial}")
    entries.resolution(case, admin, d["examination"], purpose=ResolutionPurpose.ADMISSION, note="支委会审查，同意报党委预审")
    request_send(case=case, actor=admin, kind=FilingKind.PRE_REVIEW, sent_on=d["examination"])
    _accept(case, FilingKind.PRE_REVIEW, committee, d["pre_review"], "经预审，同意发放入党志愿书。")
    entries.volunteer_form(case, admin, d["volunteer"], serial)


def _attendance(case, absent_written=1):
    members = _full_members(case)
    return {m: ((Attendance.WRITTEN, "") if i < absent_written else (Attendance.PRESENT, ""))
            for i, m in enumerate(members)}


def admit(case, admin, committee, d: dict):
    """Steps 15–17: the branch general meeting, the committee's talk, the approval."""
    attendance = _attendance(case)
    meeting_record(case=case, actor=admin, purpose=MeetingPurpose.ADMISSION, meeting_date=d["meeting"],
                   attendance=attendance, votes={"votes_for": len(attendance), "votes_against": 0, "votes_abstain": 0},
                   resolution="经支部党员大会无记名投票，同意接收为中共预备党员。")
    entries.committee_talk(case, admin, d["talk"], talker="党委组织员 李明", opinion="入党动机端正，同意入党。")
    request_send(case=case, actor=admin, kind=FilingKind.APPROVAL, sent_on=d["talk"])
    _accept(case, FilingKind.APPROVAL, committee, d["approval"], "经党委会讨论，同意接收为中共预备党员。")


def after_admission(case, admin, d: dict):
    """Steps 19–20."""
    group = case.branch.get_children().first()
    entries.placement(case, admin, d["placement"], group)
    entries.oath(case, admin, d["oath"], place="学院报告厅")


def convert(case, admin, committee, d: dict):
    """Steps 22–24, on time."""
    entries.conversion_application(case, admin, d["application"],
                                   content="敬爱的党组织：\n    我的预备期即将届满，现申请转为正式党员……")
    attendance = _attendance(case, absent_written=0)
    meeting_record(case=case, actor=admin, purpose=MeetingPurpose.CONVERSION, meeting_date=d["meeting"],
                   attendance=attendance, votes={"votes_for": len(attendance), "votes_against": 0, "votes_abstain": 0},
                   resolution="同意按期转为中共正式党员。", outcome=ConversionOutcome.ON_TIME)
    request_send(case=case, actor=admin, kind=FilingKind.CONVERSION, sent_on=d["meeting"])
    _accept(case, FilingKind.CONVERSION, committee, d["approval"], "同意按期转为中共正式党员。")
