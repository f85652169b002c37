"""The world of the 支部党员大会 tests (steps 15 and 23), imported explicitly by
test_meetings_views.py and test_meetings_rules.py.

People are built through the services, step by step, with dates before 2026-05-11 so the 2014
rules apply (the committee's acceptance of the target filing makes the target). The world is
built once per test module inside a transaction rolled back when the module ends; each test runs
in a savepoint on top of it.
"""

import copy
import itertools
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    Attachment,
    BranchMeeting,
    Case,
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
from partydev.common.idcard import make_id_number
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant
from partydev.process.enums import (
    Attendance,
    Education,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)
from tests import worlds
from tests.factories import committee_vote

__all__ = ["meeting_world", "mw", "snapshot", "attendance_of", "record_meeting", "post_data"]

PASSWORD = "Meeting@2026pw"
_numbers = itertools.count(1)

# One timeline for every person (all before 2026-05-11: judged by the 2014 rules).
ACTIVIST_SINCE = date(2023, 9, 15)
TARGET_ON = date(2024, 10, 20)
PRE_REVIEW_ON = date(2024, 11, 15)
ADMISSION_ON = date(2024, 12, 1)
APPROVED_ON = date(2024, 12, 20)
CONVERSION_ON = date(2025, 12, 5)

B1_FULL = ["王建国", "李红梅", "张志强", "刘芳", "陈晓东", "杨丽"]


# --- builders (every write through the services) -----------------------------------------------

def org(parent, name, kind=OrgKind.BRANCH):
    if parent is None:
        return Organisation.objects.add_root({"name": name, "kind": OrgKind.COMMITTEE})
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), {"name": name, "kind": kind})


def grant(username, role, on):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    RoleGrant.objects.create(user=user, role=role, org=on)
    return user


def member(branch, name, member_type=MemberType.FULL, active=True):
    return Member.objects.create(branch=branch, name=name, member_type=member_type, active=active)


def _opinion(case, actor, kind, on, contact=None):
    return entries.opinion(case, actor, kind, on, contact=contact)


def _resolution(case, actor, purpose, on):
    return entries.resolution(case, actor, on, purpose=purpose)


def activist(w, name):
    n = next(_numbers)
    received = ACTIVIST_SINCE - timedelta(days=30)
    case = entries.paper(w.admin, w.b1, {
        "name": name, "ethnicity": "汉族",
        "id_number": make_id_number("110105", date(1990, 1, 1) + timedelta(days=n), n % 100, "M"),
        "phone": f"135{n:08d}", "education": Education.BACHELOR, "work_unit": "示范大学"}, received,
        content="我志愿加入中国共产党。")
    entries.prepare_for_filing(case, w.admin, talk_on=received + timedelta(days=7))
    day = received + timedelta(days=7)
    filing = filing_submit(case=case, actor=w.admin, sent_on=day)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=ACTIVIST_SINCE)
    case.refresh_from_db()
    return case


def target(w, name):
    """An activist of more than a year proposed, filed and accepted as development target (2014)."""
    case = activist(w, name)
    contact = w.full[0]
    contacts_set(case=case, members=[contact], assigned_on=ACTIVIST_SINCE + timedelta(days=5), actor=w.admin)
    on = TARGET_ON - timedelta(days=20)
    _opinion(case, w.admin, OpinionKind.PARTY_GROUP, on)
    _opinion(case, w.admin, OpinionKind.CONTACT_CONFIRMATION, on, contact=contact)
    _opinion(case, w.admin, OpinionKind.MEMBERS_MASSES, on)
    _resolution(case, w.admin, ResolutionPurpose.TARGET, TARGET_ON - timedelta(days=10))
    filing = request_send(case=case, actor=w.admin, kind=FilingKind.TARGET, sent_on=TARGET_ON - timedelta(days=9))
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=TARGET_ON)
    case.refresh_from_db()
    assert case.stage == "target", case.stage
    return case


def ready_for_admission(w, name):
    """A target with introducers, review, training, the branch committee's examination, a passed
    预审 and the 入党志愿书: nothing blocks the admission meeting."""
    case = target(w, name)
    introducers_set(case=case, members=w.full[:2], assigned_on=TARGET_ON + timedelta(days=5), actor=w.admin)
    entries.review(case, w.admin, TARGET_ON + timedelta(days=10), methods="谈话、函调")
    entries.training(case, w.admin, TARGET_ON + timedelta(days=12), TARGET_ON + timedelta(days=14), hours="24")
    _resolution(case, w.admin, ResolutionPurpose.ADMISSION, PRE_REVIEW_ON - timedelta(days=5))
    filing = request_send(case=case, actor=w.admin, kind=FilingKind.PRE_REVIEW, sent_on=PRE_REVIEW_ON - timedelta(days=4))
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=PRE_REVIEW_ON, opinion="预审通过")
    entries.volunteer_form(case, w.admin, PRE_REVIEW_ON + timedelta(days=3), f"ZY{next(_numbers)}")
    case.refresh_from_db()
    return case


def probationary(w, name):
    """Admitted at a valid meeting on ADMISSION_ON and approved by the Party committee."""
    case = ready_for_admission(w, name)
    record_meeting(w, case, MeetingPurpose.ADMISSION, ADMISSION_ON, present=len(w.full))
    entries.committee_talk(case, w.admin, ADMISSION_ON + timedelta(days=5), talker="组织委员")
    filing = request_send(case=case, actor=w.admin, kind=FilingKind.APPROVAL, sent_on=ADMISSION_ON + timedelta(days=10))
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=APPROVED_ON, committee_vote=committee_vote(APPROVED_ON), opinion="同意")
    case.refresh_from_db()
    assert case.stage == "probationary", case.stage
    return case


def attendance_of(members, *statuses, reasons=None):
    """{Member: (status, reason)}: the i-th member gets the i-th status (the rest are present)."""
    reasons = reasons or {}
    out = {}
    for i, m in enumerate(members):
        status = statuses[i] if i < len(statuses) else Attendance.PRESENT
        out[m] = (status, reasons.get(i, "经上级党组织批准，外出学习" if status == Attendance.EXCLUDED else ""))
    return out


def record_meeting(w, case, purpose, on, *, present, votes_for=None, against=0, abstain=0, **kwargs):
    """A meeting of the whole b1 roster with `present` members present and the rest absent."""
    statuses = [Attendance.PRESENT] * present + [Attendance.ABSENT] * (len(w.full) - present)
    return meeting_record(case=case, actor=w.admin, purpose=purpose, meeting_date=on,
                          attendance=attendance_of(w.full, *statuses),
                          votes={"votes_for": present if votes_for is None else votes_for,
                                 "votes_against": against, "votes_abstain": abstain},
                          resolution="同意。", **kwargs)


def post_data(w, *, statuses=None, reasons=None, **fields):
    """A POST body for pc:meeting_new covering every full member of b1 (present unless told)."""
    statuses = statuses or {}
    reasons = reasons or {}
    data = {"meeting_date": "2025-01-10", "votes_for": len(w.full), "votes_against": 0, "votes_abstain": 0,
            "resolution": "支部大会同意接收该同志为预备党员。", "voting_method": "secret_ballot", "voted_alone": "yes"}
    for m in w.full:
        data[f"status_{m.pk}"] = statuses.get(m.pk, Attendance.PRESENT)
        data[f"reason_{m.pk}"] = reasons.get(m.pk, "")
    return data | fields


def png(name="minutes.png"):
    data = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
            b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00"
            b"\x00IEND\xaeB`\x82")
    return SimpleUploadedFile(name, data, content_type="image/png")


def snapshot() -> dict:
    """What recording a meeting writes; equal before and after means nothing was written."""
    return {
        "meetings": BranchMeeting.objects.count(),
        "attendance": MeetingAttendance.objects.count(),
        "audit": AuditEvent.objects.exclude(action__startswith="auth.").count(),
        "attachments": Attachment.objects.count(),
        "history": StageChange.objects.count(),
        "cases": sorted(Case.objects.values_list("pk", "stage", "probation_end", "probation_extended")),
    }


# --- the world ---------------------------------------------------------------------------------

def build_world():
    w = SimpleNamespace()
    w.committee = org(None, "示范党委")
    w.b1 = org(w.committee, "第一党支部")
    w.b2 = org(w.committee, "第二党支部")
    w.other_committee = org(None, "另一党委")
    w.ob = org(w.other_committee, "另一党支部")
    # Adding a root may renumber paths: read every node again before anything copies a path.
    for name in ("committee", "b1", "b2", "other_committee", "ob"):
        setattr(w, name, Organisation.objects.get(pk=getattr(w, name).pk))
    w.full = [member(w.b1, n) for n in B1_FULL]
    w.full.sort(key=lambda m: m.name)  # the roster's order on the page
    w.probationary_member = member(w.b1, "黄敏", MemberType.PROBATIONARY)
    w.retired = member(w.b1, "退休党员", active=False)
    w.b2_member = member(w.b2, "周杰")
    w.ob_member = member(w.ob, "何平")

    w.admin = grant("branch1", Role.BRANCH_ADMIN, w.b1)
    w.b2_admin = grant("branch2", Role.BRANCH_ADMIN, w.b2)
    w.ob_admin = grant("other", Role.BRANCH_ADMIN, w.ob)
    w.committee_admin = grant("committee", Role.COMMITTEE_ADMIN, w.committee)
    w.oc_admin = grant("committee2", Role.COMMITTEE_ADMIN, w.other_committee)
    w.auditor = grant("auditor", Role.AUDITOR, w.committee)

    w.target = ready_for_admission(w, "孙悦")
    w.bare_target = target(w, "李沐阳")  # no 预审 yet: the admission meeting is blocked
    w.probationary = probationary(w, "刘子涵")
    w.admission_meeting = w.probationary.branchmeetings.get()
    return w


@pytest.fixture(scope="module")
def meeting_world(_worlds_session, django_db_blocker):
    """Built once per session (tests/worlds.py); each module runs in a savepoint on top of it."""
    with worlds.shared_world("membership meetings", build_world, django_db_blocker) as w:
        yield w


@pytest.fixture
def mw(meeting_world, db):
    """A private copy of the world's objects; the test's rows are rolled back after it."""
    return copy.deepcopy(meeting_world)
