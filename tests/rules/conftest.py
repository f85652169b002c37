"""The rules of steps 7–25: a small tree and roster, and builders that take one person through the
steps with exact dates, every write through partydev.cases.services / membership_services (so history,
audit events and deadlines come about as they do on the site).

The tree has a 党总支 between the 党委 and the branch on purpose: requests must go past it to the
nearest 党委 (§22: a 党总支 cannot approve).

Dates are chosen by each test and written out by hand there. Record forms refuse dates after the real
today, so builders that use a form must be given past dates; service calls take their date as an
argument and accept any.

The test folders are not packages, so the builders are handed out through the `rk` fixture (as
tests/activists does with `kit`).
"""

import sys
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import translation

from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    BranchMeeting,
    Case,
    Deadline,
    Filing,
    MeetingAttendance,
    StageChange,
)
from partydev.cases.services import (
    contacts_set,
    filing_accept,
    filing_submit,
    introducers_set,
    meeting_record,
    request_send,
)
from partydev.common.dates import add_years
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role
from partydev.process.enums import (
    Attendance,
    FilingKind,
    MeetingPurpose,
    NoticeResult,
    OpinionKind,
    ResolutionPurpose,
    ResolutionResult,
    ReviewConclusion,
)
from tests.factories import (
    admin,
    branch_admin,
    child,
    committee,
    committee_vote,
    paper_case,
    prepare_for_filing,
)

# --- the world ---------------------------------------------------------------------------------


def _org(pk):
    return Organisation.objects.get(pk=pk)


def build_world():
    w = SimpleNamespace()
    # 党委 → 党总支 → 党支部 → 党小组, and a second branch under the same 党总支.
    w.committee = committee("示范党委")
    w.general = child(w.committee, "第一党总支", OrgKind.GENERAL_BRANCH)
    w.branch = child(_org(w.general.pk), "第一党支部")
    w.group = child(_org(w.branch.pk), "第一党小组", OrgKind.GROUP)
    w.sibling = child(_org(w.general.pk), "第二党支部")
    for name in ("committee", "general", "branch", "group", "sibling"):
        setattr(w, name, _org(getattr(w, name).pk))

    # The branch's roster: five full members and one probationary member (who never votes).
    w.full = [Member.objects.create(branch=w.branch, name=n, member_type=MemberType.FULL)
              for n in ("王建国", "李红梅", "张志强", "赵敏", "钱程")]
    w.probationary = Member.objects.create(branch=w.branch, name="黄敏", member_type=MemberType.PROBATIONARY)
    # Disciplined members sit in the sibling branch, so the first branch's voters stay the five above.
    w.warned = Member.objects.create(branch=w.sibling, name="孙警告", member_type=MemberType.FULL,
                                     discipline="warning", discipline_until=date(2026, 12, 31))
    w.on_probation = Member.objects.create(branch=w.sibling, name="周察看", member_type=MemberType.FULL,
                                           discipline="probation", discipline_until=None)

    w.branch_admin = branch_admin(w.branch, "rules_branch")
    w.committee_admin = admin(Role.COMMITTEE_ADMIN, w.committee, "rules_committee")
    return w


@pytest.fixture(autouse=True)
def _clock_after_the_scenarios(monkeypatch):
    """These scenarios run on fixed dates, some after the real today (approval six months after a
    meeting in 2026-08): the services' "not later than today" check reads the moved clock."""
    monkeypatch.setattr("partydev.common.clock.today", lambda: date(2030, 1, 1))


@pytest.fixture
def w(db):
    return build_world()


@pytest.fixture
def rk():
    """This module's builders and observers."""
    return _THIS


@pytest.fixture
def zh():
    with translation.override("zh-hans"):
        yield


# --- records, entered as the site does (partydev/demo/entries.py, the one builder library) ---------


def resolution(w, case, purpose, on, result=ResolutionResult.PASSED):
    return entries.resolution(case, w.branch_admin, on, purpose=purpose, result=result, note="支委会研究同意")


def opinion(w, case, kind, on):
    # 培养联系人确定意见 names the activist's current contact.
    contact = case.contact_assignments.filter(ended_on__isnull=True).values_list("member", flat=True).first() \
        if kind == OpinionKind.CONTACT_CONFIRMATION else None
    return entries.opinion(case, w.branch_admin, kind, on, author="王建国", content="同意", contact=contact)


def notice(w, case, start, end, result=NoticeResult.NO_OBJECTION):
    return entries.notice(case, w.branch_admin, start, end, result=result)


def review(w, case, on, conclusion=ReviewConclusion.QUALIFIED):
    return entries.review(case, w.branch_admin, on, conclusion=conclusion, summary="政治审查合格")


def training(w, case, start, end, hours):
    return entries.training(case, w.branch_admin, start, end, hours=hours, organiser="党委组织部", certificate="JX-001")


_serials = iter(range(1, 10_000))


def volunteer_form(w, case, on):
    return entries.volunteer_form(case, w.branch_admin, on, f"ZY{next(_serials):05d}")


def committee_talk(w, case, on):
    return entries.committee_talk(case, w.branch_admin, on, talker="组织员刘洋", opinion="同意接收")


def placement(w, case, on):
    return entries.placement(case, w.branch_admin, on, w.group)


def oath(w, case, on):
    return entries.oath(case, w.branch_admin, on)


def conversion_application(w, case, on):
    return entries.conversion_application(case, w.branch_admin, on)


# --- the branch general meeting ------------------------------------------------------------------


def attendance(w, present, written=0, excluded=0, extra=None):
    """The five full members: the first `present` present, then `written` absent with a written
    opinion, then `excluded` not counted (with a reason); the rest absent."""
    statuses = ([Attendance.PRESENT] * present + [Attendance.WRITTEN] * written
                + [Attendance.EXCLUDED] * excluded)
    statuses += [Attendance.ABSENT] * (len(w.full) - len(statuses))
    result = {m: (s, "出国六个月以上" if s == Attendance.EXCLUDED else "") for m, s in zip(w.full, statuses, strict=True)}
    return result | (extra or {})


def votes(for_, against=0, abstain=0):
    return {"votes_for": for_, "votes_against": against, "votes_abstain": abstain}


def meeting(w, case, purpose, on, *, present=4, for_=4, outcome="", months=None):
    return meeting_record(case=case, actor=w.branch_admin, purpose=purpose, meeting_date=on,
                          attendance=attendance(w, present), votes=votes(for_), resolution="同意",
                          outcome=outcome, extension_months=months)


# --- walking a person through the steps ---------------------------------------------------------


def activist(w, since, name="陈思远"):
    """An activist accepted by the committee on `since` (letter, talk, recommendation and resolution
    60 days earlier)."""
    received = since - timedelta(days=60)
    case = prepare_for_filing(paper_case(w.branch, w.branch_admin, received=received, name=name), w.branch_admin)
    filing = filing_submit(case=case, actor=w.branch_admin, sent_on=since)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=since)
    contacts_set(case=case, members=[w.full[0]], assigned_on=since, actor=w.branch_admin)
    return fresh(case)


def proposed_target(w, case, on):
    """The opinions and the 支委会 resolution proposing the target on `on`, sent to the committee."""
    for kind in (OpinionKind.PARTY_GROUP, OpinionKind.CONTACT_CONFIRMATION, OpinionKind.MEMBERS_MASSES):
        opinion(w, case, kind, on)
    resolution(w, case, ResolutionPurpose.TARGET, on)
    return request_send(case=case, actor=w.branch_admin, kind=FilingKind.TARGET, sent_on=on)


def target_2014(w, since, on):
    """Activist since `since`, target on `on` (before 2026-05-11: the accepted filing makes the target)."""
    case = activist(w, since)
    filing = proposed_target(w, case, on)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=on)
    return fresh(case)


def ready_for_pre_review(w, case, on):
    """Introducers, political review, a 3-day training and the 支委会 examination, all by `on`."""
    introducers_set(case=case, members=w.full[:2], assigned_on=on - timedelta(days=20), actor=w.branch_admin)
    review(w, case, on - timedelta(days=10))
    training(w, case, on - timedelta(days=9), on - timedelta(days=7), "24")
    resolution(w, case, ResolutionPurpose.ADMISSION, on)


def pre_review(w, case, send_on, accept_on):
    filing = request_send(case=case, actor=w.branch_admin, kind=FilingKind.PRE_REVIEW, sent_on=send_on)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=accept_on, opinion="预审通过")
    return filing


def ready_for_meeting(w, pre_on):
    """A target (since a year before) whose pre-review passed on `pre_on`, with the volunteer form
    filled two days later."""
    case = target_2014(w, since=add_years(pre_on, -2), on=add_years(pre_on, -1))
    ready_for_pre_review(w, case, pre_on - timedelta(days=5))
    pre_review(w, case, pre_on - timedelta(days=4), pre_on)
    volunteer_form(w, case, pre_on + timedelta(days=2))
    return fresh(case)


def approval_sent(w, meeting_on, send_on=None):
    """A target admitted by the branch general meeting on `meeting_on` (4 of 5 present, 4 for), with
    the committee talk, and the approval sent up on `send_on` (default: 5 days later). The target was
    determined under the 2014 text (a year before the pre-review, 20 days before the meeting)."""
    case = ready_for_meeting(w, meeting_on - timedelta(days=20))
    meeting(w, case, MeetingPurpose.ADMISSION, meeting_on)
    committee_talk(w, case, meeting_on + timedelta(days=2))
    filing = request_send(case=fresh(case), actor=w.branch_admin, kind=FilingKind.APPROVAL,
                          sent_on=send_on or meeting_on + timedelta(days=5))
    return fresh(case), filing


def probationary(w, meeting_on, approve_on):
    case, filing = approval_sent(w, meeting_on)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=approve_on, committee_vote=committee_vote(approve_on), opinion="同意接收")
    return fresh(case)


def conversion_sent(w, case, meeting_on, outcome, months=None, send_on=None):
    meeting(w, case, MeetingPurpose.CONVERSION, meeting_on, outcome=outcome, months=months)
    return request_send(case=fresh(case), actor=w.branch_admin, kind=FilingKind.CONVERSION,
                        sent_on=send_on or meeting_on + timedelta(days=1))


# --- observing outcomes --------------------------------------------------------------------------


def fresh(case):
    return Case.objects.get(pk=case.pk)


def deadlines(case) -> dict:
    """kind → due date of the case's stored deadlines."""
    return dict(Deadline.objects.filter(case=case).values_list("kind", "due_date"))


def history(case) -> list[tuple]:
    return list(StageChange.objects.filter(case=case).order_by("id")
                .values_list("action", "from_stage", "to_stage", "effective_date"))


def last_history(case):
    return StageChange.objects.filter(case=case).order_by("-id").first()


def audit_mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_since(mark) -> list[str]:
    return list(AuditEvent.objects.filter(pk__gt=mark).order_by("id").values_list("action", flat=True))


def snapshot(case) -> dict:
    """Everything a step 7–25 write could touch; equal before and after = nothing written."""
    return {
        "case": Case.objects.filter(pk=case.pk).values().get(),
        "filings": sorted(Filing.objects.filter(case=case).values_list("pk", "status", "effective_date")),
        "meetings": BranchMeeting.objects.count(),
        "attendance": MeetingAttendance.objects.count(),
        "history": StageChange.objects.count(),
        "audit": AuditEvent.objects.count(),
        "deadlines": sorted(Deadline.objects.filter(case=case).values_list("kind", "due_date")),
    }


def codes(found) -> dict:
    """problem code → blocking."""
    return {p.code: p.blocking for p in found}


_THIS = sys.modules[__name__]
