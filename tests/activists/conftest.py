"""The activist-stage test world: one committee with two branches and rosters, another committee,
an admin for every role, an activist with a phone account and an applicant with one.

Everything is built through partydev.cases.services (with history, audit events and deadlines), once
per session inside a transaction rolled back at the end (tests/worlds.py); each module runs in a
savepoint on top of it and each test in a savepoint on top of that. Records are entered with the
one builder library, partydev/demo/entries.py (as the demo and the other worlds are).
"""

import copy
import itertools
import sys
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    Case,
    ContactAssignment,
    Deadline,
    Opinion,
    StageChange,
    ThoughtReport,
    Transfer,
)
from partydev.cases.services import (
    deadlines_refresh,
    filing_accept,
    filing_submit,
)
from partydev.common.crypto import blind_index
from partydev.common.idcard import make_id_number
from partydev.demo import entries
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant
from partydev.process.enums import CaseSource, Education, Stage
from tests import worlds

PASSWORD = "Activist@2026pw"
_numbers = itertools.count(1)


# --- builders (all writes through the services) ------------------------------------------------

def org(parent, name, kind=OrgKind.BRANCH):
    if parent is None:
        return Organisation.objects.add_root({"name": name, "kind": OrgKind.COMMITTEE})
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), {"name": name, "kind": kind})


def member(branch, name, member_type=MemberType.FULL, active=True):
    return Member.objects.create(branch=branch, name=name, member_type=member_type, active=active)


def user(username):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def grant(username, role, on):
    u = user(username)
    RoleGrant.objects.create(user=u, role=role, org=on)
    return u


def person(name):
    n = next(_numbers)
    return {"name": name, "ethnicity": "汉族",
            "id_number": make_id_number("110105", date(1998, 1, 1) + timedelta(days=n), n % 100, "M"),
            "phone": f"136{n:08d}", "education": Education.BACHELOR, "work_unit": "示范大学"}


def applicant(branch, actor, name, *, received=None, username=None):
    received = received or timezone.localdate() - timedelta(days=20)
    case = entries.paper(actor, branch, person(name), received, content="我志愿加入中国共产党。")
    if username:
        give_account(case, username)
    return case


def give_account(case, username):
    account = user(username)
    Case.objects.filter(pk=case.pk).update(user=account)
    case.refresh_from_db()
    return account


def prepared(branch, actor, name, *, received):
    """An applicant with an approved letter, a talk, a recommendation and a passed resolution."""
    return entries.prepare_for_filing(applicant(branch, actor, name, received=received), actor,
                                      talk_on=received + timedelta(days=7))


def activist(branch, actor, committee_admin, name, *, since, username=None):
    """A person the committee accepted as an activist from `since`."""
    case = prepared(branch, actor, name, received=since - timedelta(days=60))
    filing = filing_submit(case=case, actor=actor, sent_on=since)
    filing_accept(filing=filing, actor=committee_admin, effective_date=since)
    if username:
        give_account(case, username)
    case.refresh_from_db()
    return case


def bare_activists(branch, n, *, since, prefix="批量"):
    """Many activists for volume tests: plain rows, then the deadlines service derives their rows."""
    cases = []
    for i in range(n):
        data = person(f"{prefix}{i:02d}")
        case = Case.objects.create(
            branch=branch, org_path=branch.path, stage=Stage.ACTIVIST, source=CaseSource.PAPER,
            name=data["name"], gender="M", ethnicity="汉族", id_number=data["id_number"],
            id_hash=blind_index(data["id_number"]), birth_date=date(1998, 1, 1), phone=data["phone"],
            education=Education.BACHELOR, work_unit="示范大学", activist_since=since)
        deadlines_refresh(case=case)
        cases.append(case)
    return cases


def add_opinion(case, actor, kind, *, given_on, contact=None, content="认真学习，表现良好。", author="王建国",
                files=()):
    return entries.opinion(case, actor, kind, given_on, author=author, content=content, contact=contact,
                           files=files)


PNG_BYTES = (  # a real 1×1 pixel: the upload check reads the content
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(name="scan.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


# --- observing outcomes ------------------------------------------------------------------------

def snapshot() -> dict:
    """Everything an activist-stage write could touch; equal before and after = nothing written."""
    return {
        "cases": sorted(Case.objects.values_list("pk", "stage", "branch_id", "org_path", "activist_since")),
        "contacts": sorted(ContactAssignment.objects.values_list("pk", "member_id", "assigned_on", "ended_on")),
        "reports": sorted(ThoughtReport.objects.values_list("pk", "title", "read_at", "comment")),
        "opinions": sorted(Opinion.objects.values_list("pk", "kind", "given_on", "content", "contact_id")),
        "transfers": Transfer.objects.count(),
        "history": StageChange.objects.count(),
        "deadlines": sorted(Deadline.objects.values_list("case_id", "kind", "due_date", "org_path")),
        "audit": AuditEvent.objects.count(),
    }


def new_audit(since_id: int) -> list[str]:
    """Actions of the audit events written after event `since_id` (auth events excluded)."""
    return list(AuditEvent.objects.filter(pk__gt=since_id).exclude(action__startswith="auth.")
                .order_by("id").values_list("action", flat=True))


def last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- the world ---------------------------------------------------------------------------------

def build_world():
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.committee = org(None, "示范党委")
    w.b1 = org(w.committee, "第一党支部")
    w.b2 = org(w.committee, "第二党支部")
    w.other_committee = org(None, "另一党委")
    w.ob = org(w.other_committee, "另一党支部")
    # Organisation sorts siblings by name, so adding 另一党委 renumbered 示范党委's subtree: read
    # every node again before anything copies a path.
    for name in ("committee", "b1", "b2", "other_committee", "ob"):
        setattr(w, name, Organisation.objects.get(pk=getattr(w, name).pk))

    w.wang = member(w.b1, "王建国")
    w.li = member(w.b1, "李红梅")
    w.zhang = member(w.b1, "张志强")
    w.probationary = member(w.b1, "黄敏", MemberType.PROBATIONARY)
    w.retired = member(w.b1, "退休党员", active=False)
    w.zhou = member(w.b2, "周杰")
    w.wu = member(w.b2, "吴静")
    w.b2_probationary = member(w.b2, "朱琳", MemberType.PROBATIONARY)
    w.b2_retired = member(w.b2, "周退休", active=False)
    w.he = member(w.ob, "何平")
    w.ob_zhou = member(w.ob, "周远方")  # shares 周 with 周杰: a search must still not return it

    w.b1_admin = grant("branch1", Role.BRANCH_ADMIN, w.b1)
    w.b2_admin = grant("branch2", Role.BRANCH_ADMIN, w.b2)
    w.ob_admin = grant("other", Role.BRANCH_ADMIN, w.ob)
    w.c_admin = grant("committee", Role.COMMITTEE_ADMIN, w.committee)
    w.oc_admin = grant("committee2", Role.COMMITTEE_ADMIN, w.other_committee)
    w.auditor = grant("auditor", Role.AUDITOR, w.committee)

    w.activist = activist(w.b1, w.b1_admin, w.c_admin, "刘子涵", since=today - timedelta(days=40),
                          username="activist1")
    w.activist_user = w.activist.user
    w.applicant = applicant(w.b1, w.b1_admin, "陈思远", username="applicant1")
    w.applicant_user = w.applicant.user
    return w


@pytest.fixture(scope="module")
def _activist_world(request, _worlds_session, django_db_blocker):
    """Built once per session (tests/worlds.py). A test module may define `extend_world(w, kit)` to
    add what all its tests share: that runs in the module's savepoint, rolled back when it ends."""
    with worlds.shared_world("activists", build_world, django_db_blocker) as w:
        extend = getattr(request.module, "extend_world", None)
        if extend is not None:
            with django_db_blocker.unblock():
                extend(w, _THIS)
        yield w


@pytest.fixture
def w(_activist_world, db):
    """A private copy of the world's objects; the test's rows are rolled back after it."""
    return copy.deepcopy(_activist_world)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as `user` (None: logged out)."""

    def _login(u):
        client.logout()
        if u is not None:
            client.force_login(u)
        return client

    return _login


@pytest.fixture
def kit():
    """This module's builders and observers (snapshot, new_audit, activist, …) for the tests: the
    test folder has no package, so they are handed out as a fixture instead of imported."""
    return _THIS


# Taken while this file runs: other folders' conftest.py files share the module name "conftest".
_THIS = sys.modules[__name__]
