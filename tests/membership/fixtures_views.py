"""The test world of the steps 7–25 PC views (lists, introducers, requests, 确定发展对象 and the
committee's decisions). Test modules import the fixtures explicitly:

    from tests.membership.fixtures_views import views_world_fixture, vw_fixture  # noqa: F401

(registered under the names `_views_world` and `vw`, so a test's `vw` argument does not shadow an import).

Everything is built through the services (with history, audit events and deadlines), once per
session inside a transaction rolled back at its end (tests/worlds.py); each module runs in a savepoint
on top of it, each test in a savepoint on top of that. The builders are also used by the tests to
move a case one step further.
"""

import copy
import itertools
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    Archive,
    BranchMeeting,
    BranchResolution,
    Case,
    CommitteeTalk,
    ConversionApplication,
    Deadline,
    Filing,
    Introducer,
    Oath,
    Opinion,
    Placement,
    PoliticalReview,
    PublicNotice,
    StageChange,
    Training,
    VolunteerForm,
)
from partydev.cases.services import (
    contacts_set,
    filing_accept,
    filing_submit,
    introducers_set,
    meeting_record,
    request_send,
    target_confirm,
)
from partydev.common.dates import add_years
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role
from partydev.process.enums import (
    Attendance,
    Discipline,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
    ResolutionResult,
)
from tests import worlds
from tests.factories import admin, branch_admin, committee_vote, paper_case

_serials = itertools.count(1)


# --- builders (all writes through the services) ------------------------------------------------

def make_activist(branch, actor, committee_admin, name, *, since: date) -> Case:
    """An applicant filed and accepted as an activist from `since`, with a cultivation contact."""
    received = since - timedelta(days=60)
    case = paper_case(branch, actor, received=received, name=name)
    entries.prepare_for_filing(case, actor, talk_on=received + timedelta(days=7))
    filing = filing_submit(case=case, actor=actor, sent_on=since)
    filing_accept(filing=filing, actor=committee_admin, effective_date=since)
    contact = branch.members.filter(member_type=MemberType.FULL, discipline="").order_by("name").first()
    contacts_set(case=case, members=[contact], assigned_on=since, actor=actor)
    case.refresh_from_db()
    return case


def opinion(case, actor, kind, on):
    contact = case.contact_assignments.filter(ended_on__isnull=True).first()
    return entries.opinion(case, actor, kind, on, author="王建国", content="表现良好，同意。",
                           contact=contact.member_id if kind == OpinionKind.CONTACT_CONFIRMATION else None)


def resolution(case, actor, purpose, on, result=ResolutionResult.PASSED):
    return entries.resolution(case, actor, on, purpose=purpose, result=result, note="一致同意")


def propose_target(case, actor, on: date) -> Case:
    """The three opinions and the 支委会决议 of §13: the branch may then send the request."""
    for kind in (OpinionKind.PARTY_GROUP, OpinionKind.CONTACT_CONFIRMATION, OpinionKind.MEMBERS_MASSES):
        opinion(case, actor, kind, on)
    resolution(case, actor, ResolutionPurpose.TARGET, on)
    return case


def notice(case, actor, start: date, end: date, result="no_objection"):
    return entries.notice(case, actor, start, end, place="公示栏", result=result)


def make_target(w, branch, actor, name, on: date | None = None) -> Case:
    """A development target from `on` (today). The committee decided 30 days before: under the 2026 rules
    (its decision from 2026-05-11) it agreed, 公示 ran from 28 to 14 days before and the branch listed
    the target `on`; under the 2014 rules its acceptance of the filing made the target."""
    on = on or w.today
    case = propose_target(make_activist(branch, actor, w.c_admin, name, since=on - timedelta(days=400)),
                          actor, on - timedelta(days=32))
    filing = request_send(case=case, actor=actor, kind=FilingKind.TARGET, sent_on=on - timedelta(days=31))
    filing_accept(filing=filing, actor=w.c_admin, effective_date=on - timedelta(days=30))
    case.refresh_from_db()
    if case.stage == "activist":
        notice(case, actor, on - timedelta(days=28), on - timedelta(days=14))
        target_confirm(case=case, actor=actor, on=on)
    case.refresh_from_db()
    return case


def complete_target(case, actor, introducers, on: date) -> Case:
    """Introducers, political review, training and the 支委会 examination: ready for 预审."""
    introducers_set(case=case, members=introducers, assigned_on=on, actor=actor)
    entries.review(case, actor, on, methods="谈话、函调", summary="政治审查合格")
    entries.training(case, actor, on - timedelta(days=4), on - timedelta(days=2), hours="24", organiser="党校")
    resolution(case, actor, ResolutionPurpose.ADMISSION, on)
    return case


def pass_pre_review(case, actor, committee_admin, on: date) -> Filing:
    filing = request_send(case=case, actor=actor, kind=FilingKind.PRE_REVIEW, sent_on=on)
    return filing_accept(filing=filing, actor=committee_admin, effective_date=on, opinion="预审通过")


def volunteer_form(case, actor, on: date):
    return entries.volunteer_form(case, actor, on, f"ZY{next(_serials):06d}")


def hold_meeting(case, actor, purpose, on: date, *, outcome="", extension_months=None):
    """A valid meeting: every full member of the branch present and voting for."""
    members = list(case.branch.members.filter(active=True, member_type=MemberType.FULL))
    return meeting_record(case=case, actor=actor, purpose=purpose, meeting_date=on,
                          attendance={m: (Attendance.PRESENT, "") for m in members},
                          votes={"votes_for": len(members), "votes_against": 0, "votes_abstain": 0},
                          resolution="同意", outcome=outcome, extension_months=extension_months)


def committee_talk(case, actor, on: date):
    return entries.committee_talk(case, actor, on, talker="党委组织委员", opinion="同意接收")


def send_for_approval(case, actor, committee_admin, introducers, on: date) -> Filing:
    """From a fresh development target to a pending 审批 request, everything dated `on`."""
    complete_target(case, actor, introducers, on)
    pass_pre_review(case, actor, committee_admin, on)
    volunteer_form(case, actor, on)
    hold_meeting(case, actor, MeetingPurpose.ADMISSION, on)
    committee_talk(case, actor, on)
    return request_send(case=case, actor=actor, kind=FilingKind.APPROVAL, sent_on=on)


def conversion_application(case, actor, on: date):
    return entries.conversion_application(case, actor, on, content="申请按期转正")


def send_for_conversion(case, actor, on: date, *, outcome="on_time", extension_months=None) -> Filing:
    conversion_application(case, actor, on)
    hold_meeting(case, actor, MeetingPurpose.CONVERSION, on, outcome=outcome, extension_months=extension_months)
    return request_send(case=case, actor=actor, kind=FilingKind.CONVERSION, sent_on=on)


def make_probationary(w, name, on: date | None = None) -> Case:
    """A probationary member admitted and approved on `on` (today)."""
    on = on or w.today
    case = make_target(w, w.b1, w.b1_admin, name, on)
    filing_accept(filing=send_for_approval(case, w.b1_admin, w.c_admin, [w.wang, w.li], on),
                  actor=w.c_admin, effective_date=on, committee_vote=committee_vote(on))
    case.refresh_from_db()
    return case


# --- observing outcomes ------------------------------------------------------------------------

def state() -> dict:
    """Everything a steps 7–25 write could touch; equal before and after = nothing written."""
    return {
        "cases": sorted(Case.objects.values_list("pk", "stage", "target_since", "probation_start", "probation_end",
                                                 "probation_extended", "full_member_since")),
        "filings": sorted(Filing.objects.values_list("pk", "kind", "status", "opinion", "effective_date")),
        "introducers": sorted(Introducer.objects.values_list("pk", "member_id", "assigned_on", "ended_on")),
        "records": [m.objects.count() for m in (PublicNotice, PoliticalReview, Training, VolunteerForm, BranchMeeting,
                                                CommitteeTalk, Placement, Oath, ConversionApplication, Archive,
                                                BranchResolution, Opinion)],
        "history": StageChange.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("case_id", "kind", "due_date")),
        "audit": AuditEvent.objects.exclude(action__startswith="auth.").count(),  # logins are not writes
    }


# --- the world ---------------------------------------------------------------------------------

def _org(parent, name, kind=OrgKind.BRANCH):
    if parent is None:
        return Organisation.objects.add_root({"name": name, "kind": OrgKind.COMMITTEE})
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), {"name": name, "kind": kind})


def build_views_world():
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.committee = _org(None, "示范党委")
    w.other_committee = _org(None, "另一党委")
    w.b1 = _org(w.committee, "第一党支部")
    w.b2 = _org(w.committee, "第二党支部")
    w.general = _org(w.committee, "机关党总支", OrgKind.GENERAL_BRANCH)
    w.b3 = _org(w.general, "机关第一党支部")
    w.ob = _org(w.other_committee, "另一党支部")
    for name in ("committee", "other_committee", "b1", "b2", "general", "b3", "ob"):
        setattr(w, name, Organisation.objects.get(pk=getattr(w, name).pk))
    w.group = _org(w.b1, "第一党小组", OrgKind.GROUP)

    full = lambda branch, name, **kw: Member.objects.create(branch=branch, name=name,  # noqa: E731
                                                             member_type=MemberType.FULL, **kw)
    w.wang, w.li, w.zhang, w.liu = (full(w.b1, n) for n in ("王建国", "李红梅", "张志强", "刘芳"))
    w.huang = Member.objects.create(branch=w.b1, name="黄敏", member_type=MemberType.PROBATIONARY)
    w.barred = full(w.b1, "留察党员", discipline=Discipline.PROBATION, discipline_until=today + timedelta(days=300))
    w.warned = full(w.b1, "警告党员", discipline=Discipline.WARNING, discipline_until=today + timedelta(days=100))
    w.zhou = full(w.b2, "周杰")
    w.he = full(w.ob, "何平")
    w.b3_members = [full(w.b3, n) for n in ("机关甲", "机关乙", "机关丙")]

    w.b1_admin = branch_admin(w.b1, "branch1")
    w.b2_admin = branch_admin(w.b2, "branch2")
    w.b3_admin = branch_admin(w.b3, "branch3")
    w.ob_admin = branch_admin(w.ob, "other")
    w.c_admin = admin(Role.COMMITTEE_ADMIN, w.committee, "committee")
    w.oc_admin = admin(Role.COMMITTEE_ADMIN, w.other_committee, "committee2")
    w.general_admin = admin(Role.COMMITTEE_ADMIN, w.general, "general")
    w.auditor = admin(Role.AUDITOR, w.committee, "auditor")

    # Activists proposed as development targets: one to be decided under the 2026 rules, one sent up
    # before 2026-05-11 (if the committee decides before that date, 2014 rules: its filing makes the target).
    w.act26 = propose_target(make_activist(w.b1, w.b1_admin, w.c_admin, "新规积极分子", since=today - timedelta(days=400)),
                             w.b1_admin, today - timedelta(days=25))
    w.act14 = propose_target(make_activist(w.b1, w.b1_admin, w.c_admin, "旧规积极分子", since=date(2025, 1, 10)),
                             w.b1_admin, date(2026, 3, 2))
    w.act14_filing = request_send(case=w.act14, actor=w.b1_admin, kind=FilingKind.TARGET, sent_on=date(2026, 3, 3))
    # A development target with nothing recorded yet.
    w.target = make_target(w, w.b1, w.b1_admin, "发展对象甲")
    # A target whose admission waits for the committee's approval.
    w.candidate = make_target(w, w.b1, w.b1_admin, "发展对象乙")
    w.approval = send_for_approval(w.candidate, w.b1_admin, w.c_admin, [w.wang, w.li], today)
    # The same in a branch under a 党总支: the request goes past it to the 党委.
    w.b3_case = make_target(w, w.b3, w.b3_admin, "机关发展对象")
    w.b3_approval = send_for_approval(w.b3_case, w.b3_admin, w.c_admin, w.b3_members[:2], today)
    # Probationary members approved today: one with nothing more, one whose conversion waits for the
    # committee, one converted (a full member).
    w.probationary = make_probationary(w, "预备党员甲")
    # Converted on time only once the probation has ended (§32): admitted a year and ten days ago.
    w.converting, w.full = (make_probationary(w, name, add_years(today - timedelta(days=10), -1))
                            for name in ("预备党员乙", "正式党员甲"))
    w.conversion = send_for_conversion(w.converting, w.b1_admin, today)
    filing_accept(filing=send_for_conversion(w.full, w.b1_admin, today), actor=w.c_admin, effective_date=today)
    w.other_activist = make_activist(w.ob, w.ob_admin, w.oc_admin, "外委积极分子", since=today - timedelta(days=400))
    for name in ("act26", "act14", "target", "candidate", "b3_case", "probationary", "converting", "full"):
        getattr(w, name).refresh_from_db()
    return w


@pytest.fixture(scope="module", name="_views_world")
def views_world_fixture(_worlds_session, django_db_blocker):
    with worlds.shared_world("membership views", build_views_world, django_db_blocker) as w:
        yield w


@pytest.fixture(name="vw")
def vw_fixture(_views_world, db):
    """A private copy of the world's objects; the test's rows are rolled back after it."""
    return copy.deepcopy(_views_world)
