"""The dossier test world: a committee with two branches (and a second committee), their admins,
an applicant with a few records, and a person taken through all 25 steps to full member.

Everything goes through the services (partydev.cases.services and membership_services), with the
dates of a real 2022–2024 case, so the 2014 rules judge every step. Built once per session inside a
transaction rolled back at the end (tests/worlds.py); each module runs in a savepoint on top, each
test in a savepoint on top of that.
"""

import copy
from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from partydev.cases.services import (
    contacts_set,
    filing_accept,
    filing_submit,
    introducers_set,
    meeting_record,
    report_submit,
    request_send,
)
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, OrgKind, Role
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)
from tests import worlds
from tests.factories import (
    admin,
    branch_admin,
    child,
    committee,
    committee_vote,
    paper_case,
    png,
    prepare_for_filing,
)

D = date.fromisoformat


def opinion(case, actor, kind, on, **extra):
    return entries.opinion(case, actor, kind, on, content=f"{kind}：表现良好，同意。", **extra)


def meeting(case, actor, purpose, on, voters, **extra):
    attendance = {m: (Attendance.PRESENT, "") for m in voters[:-1]}
    attendance[voters[-1]] = (Attendance.WRITTEN, "")
    n = len(voters)
    return meeting_record(case=case, actor=actor, purpose=purpose, meeting_date=on, attendance=attendance,
                          votes={"votes_for": n, "votes_against": 0, "votes_abstain": 0},
                          resolution="同意", files=[png("meeting.png")], **extra)


def walk_to_full_member(w, case):
    """Steps 1–25 for `case`, in the order and with the dates a branch would enter them."""
    a, c = w.branch_admin, w.committee_admin
    prepare_for_filing(case, a, on=D("2022-03-10"))
    filing = filing_submit(case=case, actor=a, sent_on=D("2022-03-15"))
    filing_accept(filing=filing, actor=c, effective_date=D("2022-04-01"))
    contacts_set(case=case, members=[w.roster[0]], assigned_on=D("2022-04-10"), actor=a)
    report_submit(case=case, actor=a, data={"title": "思想汇报", "content": "学习体会", "written_on": D("2022-09-01")})
    opinion(case, a, OpinionKind.EDUCATION, D("2022-10-01"))
    # Step 7: one year of cultivation, the three opinions, the branch committee's proposal.
    opinion(case, a, OpinionKind.PARTY_GROUP, D("2023-04-20"))
    opinion(case, a, OpinionKind.CONTACT_CONFIRMATION, D("2023-04-20"), contact=w.roster[0])
    opinion(case, a, OpinionKind.MEMBERS_MASSES, D("2023-04-20"))
    entries.resolution(case, a, D("2023-05-01"), purpose=ResolutionPurpose.TARGET)
    filing_accept(filing=request_send(case=case, actor=a, kind=FilingKind.TARGET, sent_on=D("2023-05-02")),
                  actor=c, effective_date=D("2023-05-10"))
    # Steps 9–12
    introducers_set(case=case, members=w.roster[1:3], assigned_on=D("2023-05-15"), actor=a)
    entries.review(case, a, D("2023-06-01"), methods="本人谈话、函调", summary="政治审查合格，无不良记录。",
                   files=[png("review.png")])
    entries.training(case, a, D("2023-06-05"), D("2023-06-09"), certificate="PX-2023-07")
    entries.resolution(case, a, D("2023-07-01"), purpose=ResolutionPurpose.ADMISSION)
    # Steps 13–18
    filing_accept(filing=request_send(case=case, actor=a, kind=FilingKind.PRE_REVIEW, sent_on=D("2023-07-02")),
                  actor=c, effective_date=D("2023-07-10"), opinion="预审合格，同意发放入党志愿书。")
    entries.volunteer_form(case, a, D("2023-07-15"), "ZY-2023-0001")
    meeting(case, a, MeetingPurpose.ADMISSION, D("2023-07-20"), w.voters)
    entries.committee_talk(case, a, D("2023-07-25"), talker="党委组织委员", place="党委会议室", opinion="入党动机端正。")
    filing_accept(filing=request_send(case=case, actor=a, kind=FilingKind.APPROVAL, sent_on=D("2023-07-26")),
                  actor=c, effective_date=D("2023-08-10"), opinion="同意接收为预备党员。",
                  committee_vote=committee_vote(D("2023-08-10")))
    # Steps 19–25
    case.refresh_from_db()
    entries.placement(case, a, D("2023-08-15"), w.group)
    entries.oath(case, a, D("2023-08-20"))
    opinion(case, a, OpinionKind.PROBATION_INSPECTION, D("2024-01-10"))
    entries.conversion_application(case, a, D("2024-06-20"), content="申请按期转正。")
    meeting(case, a, MeetingPurpose.CONVERSION, D("2024-07-22"), w.voters, outcome=ConversionOutcome.ON_TIME)
    filing_accept(filing=request_send(case=case, actor=a, kind=FilingKind.CONVERSION, sent_on=D("2024-07-23")),
                  actor=c, effective_date=D("2024-08-05"), opinion="同意按期转正。")
    # The 2014 §37 list, in force on that date (five items).
    entries.archive(case, a, D("2024-08-20"), ["volunteer_form", "application", "political_review",
                                               "conversion_application", "cultivation_materials"])
    case.refresh_from_db()
    return case


def build_world():
    w = SimpleNamespace()
    w.committee = committee("示范党委")
    w.other_committee = committee("另一党委")
    w.branch = child(w.committee, "第一党支部")
    w.sibling = child(w.committee, "第二党支部")
    w.other_branch = child(w.other_committee, "另一党支部")
    for org in (w.committee, w.other_committee, w.branch, w.sibling, w.other_branch):
        org.refresh_from_db()
    w.group = child(w.branch, "第一党小组", kind=OrgKind.GROUP)
    w.roster = [Member.objects.create(branch=w.branch, name=n, member_type=MemberType.FULL)
                for n in ("王建国", "李红梅", "张志强", "刘芳", "陈晓东")]
    w.voters = w.roster
    w.branch_admin = branch_admin(w.branch, "branch1")
    w.sibling_admin = branch_admin(w.sibling, "branch2")
    w.committee_admin = admin(Role.COMMITTEE_ADMIN, w.committee, "committee")
    w.other_admin = branch_admin(w.other_branch, "other")
    w.auditor = admin(Role.AUDITOR, w.committee, "auditor")

    w.full = paper_case(w.branch, w.branch_admin, received=D("2022-03-01"), name="周明远")
    # Chinese UI strings in the services (history reasons) should not depend on the test's language.
    with translation.override("zh-hans"):
        walk_to_full_member(w, w.full)
    w.few = paper_case(w.branch, w.branch_admin, name="李沐阳")
    prepare_for_filing(w.few, w.branch_admin)
    w.sibling_case = paper_case(w.sibling, w.sibling_admin, name="赵一鸣")
    w.other_case = paper_case(w.other_branch, w.other_admin, name="何平")
    return w


@pytest.fixture(scope="module")
def _module_world(_worlds_session, django_db_blocker):
    with worlds.shared_world("dossier", build_world, django_db_blocker) as w:
        yield w


@pytest.fixture
def world(_module_world, db):
    return copy.deepcopy(_module_world)
