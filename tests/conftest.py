"""Shared fixtures: the test world (two committees, three branches, an admin for every role and
relation, applicants at several points of part 一) and small helpers.

Logins use `client.force_login`, which does not go through the authentication backends, so
django-axes stays enabled for the tests that exercise lockout and never counts these logins.

The worlds (this file's `world`, the demo's `demo_world`, and those of tests/activists, dossier and
membership) are built once per session and rolled back per test: see tests/worlds.py. The hooks
below order the modules by world and choose the part of the suite (`--part unit|e2e`, as
`make test-unit` and `make test-e2e` do); docs/testing.md describes both.
"""

import copy
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone, translation

from partydev.cases.attachments import attachment_path
from partydev.cases.models import Attachment
from partydev.cases.services import filing_accept, letter_approve, letter_submit
from partydev.demo import steps
from partydev.orgs.models import Role
from tests import worlds
from tests.factories import (
    MemberFactory,
    add_recommendation,
    add_resolution,
    add_talk,
    admin,
    branch_admin,
    child,
    committee,
    filed_case,
    paper_case,
    png,
    prepare_for_filing,
    registered_case,
    registration_code,
)


def pytest_addoption(parser):
    parser.addoption(
        "--part", choices=("all", "unit", "e2e"), default="all",
        help="unit: every test not marked e2e; e2e: only the browser journeys (marked e2e); all (the "
             "default): both. Combines with -m, -k and paths (make test-unit, make test-e2e).")


def pytest_collection_modifyitems(config, items):
    part = config.getoption("part")
    if part != "all":
        keep, drop = [], []
        for item in items:
            (keep if (item.get_closest_marker("e2e") is not None) == (part == "e2e") else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
    worlds.group_modules_by_world(items)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    worlds.before_test(item)


@pytest.fixture(scope="session")
def _worlds_session(django_db_setup, django_db_blocker):
    """Requested by every shared world: rolls the last live world back before the test database
    goes away."""
    yield
    worlds.drop_world()


@pytest.fixture(scope="session", autouse=True)
def _fast_hashing_and_private_media(tmp_path_factory):
    # A fast hasher first (PBKDF2 kept so hashes made elsewhere still verify), and attachment files
    # in a temporary folder instead of the project's var/media. Session-wide, because the world is
    # built once per module, before function-scoped settings overrides exist.
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher",
                          "django.contrib.auth.hashers.PBKDF2PasswordHasher"],
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # The home page keeps slow summaries in the cache (pc/home_summary.py): on a loaded machine a
    # count can exceed the threshold, and a later test must not read an earlier test's numbers.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(settings):
    """Render pages and messages in English, whatever the state of the zh-Hans catalogue.

    Text assertions then read the English source strings; Chinese is checked separately where
    the code itself writes Chinese (article labels)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as `user` (None: logged out)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


def build_world():
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    # "own / sibling branch / other committee"
    w.committee = committee("示范党委")
    w.other_committee = committee("另一党委")
    w.branch = child(w.committee, "第一党支部")
    w.sibling = child(w.committee, "第二党支部")
    w.other_branch = child(w.other_committee, "另一党支部")
    # The tree is sorted by name, so adding 另一党委 renumbered 示范党委's path: read the final paths.
    for org in (w.committee, w.other_committee, w.branch, w.sibling, w.other_branch):
        org.refresh_from_db()
    w.roster = [MemberFactory(branch=w.branch, name=n) for n in ("王建国", "李红梅", "张志强")]
    MemberFactory(branch=w.sibling, name="周杰")

    w.branch_admin = branch_admin(w.branch, "branch1")
    w.sibling_admin = branch_admin(w.sibling, "branch2")
    w.other_branch_admin = branch_admin(w.other_branch, "other")
    w.committee_admin = admin(Role.COMMITTEE_ADMIN, w.committee, "committee")
    w.other_committee_admin = admin(Role.COMMITTEE_ADMIN, w.other_committee, "committee2")
    w.auditor = admin(Role.AUDITOR, w.committee, "auditor")
    w.security_admin = admin(Role.SECURITY_ADMIN, w.committee, "security")

    # Own branch, the applicant with an account: letter approved, talk (with a file),
    # recommendation and a passed resolution, so nothing blocks its filing.
    w.code = registration_code(w.branch, w.branch_admin)
    w.case = registered_case(w.code, username="applicant1", name="陈思远")
    w.applicant = w.case.user
    w.letter = letter_submit(case=w.case, actor=w.applicant, data={
        "title": "入党申请书", "content": "我志愿加入中国共产党。", "written_date": today})
    letter_approve(letter=w.letter, actor=w.branch_admin)
    w.talk = add_talk(w.case, w.branch_admin, today, talkers=w.roster[:2], files=[png("talk.png")])
    w.attachment = w.talk.attachments.get()
    w.recommendation = add_recommendation(w.case, w.branch_admin, today)
    w.resolution = add_resolution(w.case, w.branch_admin, today)

    # Own branch, other points: a paper letter awaiting approval; a case filed with the committee.
    w.pending_case = paper_case(w.branch, w.branch_admin, name="李沐阳")
    w.pending_letter = w.pending_case.applicationletters.get()
    w.filed_case, w.filing = filed_case(w.branch, w.branch_admin, name="王浩然")

    # Sibling branch: an applicant with an account and no letter yet; an activist.
    w.sibling_code = registration_code(w.sibling, w.sibling_admin)
    w.sibling_case = registered_case(w.sibling_code, username="applicant2", name="赵一鸣")
    w.stranger = w.sibling_case.user
    w.sibling_activist, filing = filed_case(w.sibling, w.sibling_admin, name="刘子涵")
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=today)
    w.sibling_activist.refresh_from_db()

    # The other committee's branch.
    w.other_case = paper_case(w.other_branch, w.other_branch_admin, name="何平")

    w.actors = {
        "anon": None,
        "applicant": w.applicant,
        "stranger": w.stranger,
        "branch": w.branch_admin,
        "sibling": w.sibling_admin,
        "committee": w.committee_admin,
        "other_committee": w.other_committee_admin,
        "other_branch": w.other_branch_admin,
        "auditor": w.auditor,
        "security": w.security_admin,
    }
    return w


def _build_world_and_files():
    world = build_world()
    world.files = {a.stored_name: attachment_path(a).read_bytes() for a in Attachment.objects.all()}
    return world


@pytest.fixture(scope="module")
def _module_world(_worlds_session, django_db_blocker):
    """The world is built once per session (tests/worlds.py): each module runs in a savepoint on
    top of it, each test in a savepoint on top of that (what Django's setUpTestData does)."""
    with worlds.shared_world("tests", _build_world_and_files, django_db_blocker) as world:
        yield world


@pytest.fixture
def world(_module_world, db):
    """A private copy of the world's objects for one test; its database rows are rolled back after
    the test, and files a test deleted are put back."""
    w = copy.deepcopy(_module_world)
    for stored_name, data in w.files.items():
        path = attachment_path(Attachment(stored_name=stored_name))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return w


def _build_demo():
    from django.contrib.auth import get_user_model

    from partydev.demo.load import load_demo

    load_demo()
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture(scope="module")
def _demo_world(_worlds_session, django_db_blocker):
    """The demo of partydev/demo (`load_demo`, what `make run` shows), built once per session."""
    with worlds.shared_world("demo", _build_demo, django_db_blocker) as users:
        yield users


@pytest.fixture
def demo_world(_demo_world, db):
    """The demo world for one test: its accounts by username (a private copy); the test's rows are
    rolled back after it."""
    return copy.deepcopy(_demo_world)


@pytest.fixture
def world_with_activist(world):
    """The world plus an activist of the own branch (孙悦), with a phone account and a thought report.
    Kept apart from the shared world: part 二 is still growing, and only the tests that walk every
    page need it."""
    return _add_activist(world)


def _add_activist(world):
    from partydev.cases.services import filing_submit, report_submit

    case = registered_case(world.code, username="activist1", name="孙悦")
    letter_submit(case=case, actor=case.user, data={"title": "入党申请书", "content": "申请",
                                                    "written_date": world.today})
    prepare_for_filing(case, world.branch_admin)
    filing = filing_submit(case=case, actor=world.branch_admin, sent_on=world.today)
    filing_accept(filing=filing, actor=world.committee_admin, effective_date=world.today)
    case.refresh_from_db()
    world.activist_case = case
    world.report = report_submit(case=case, actor=case.user, data={
        "title": "思想汇报", "content": "学习体会", "written_on": world.today})
    world.actors = world.actors | {"activist": case.user}
    world.member = _probationary_member(world)
    world.meeting = world.member.branchmeetings.get()
    world.target = _development_target(world)
    return world


def _build_stages_world():
    """The world with an activist (world_with_activist) and `people`: a person of the own branch at
    every stage that keeps records, a full member included (tests/security/record_pages.py)."""
    from tests.security.record_pages import people_at_every_stage

    world = _add_activist(build_world())
    world.people = people_at_every_stage(world)
    world.files = {a.stored_name: attachment_path(a).read_bytes() for a in Attachment.objects.all()}
    return world


@pytest.fixture(scope="module")
def _stages_world(_worlds_session, django_db_blocker):
    with worlds.shared_world("stages", _build_stages_world, django_db_blocker) as world:
        yield world


@pytest.fixture
def stages_world(_stages_world, db):
    """world_with_activist plus `people` (stage → person), built once per session and rolled back
    per test like `world`: for the tests that walk every record kind."""
    w = copy.deepcopy(_stages_world)
    for stored_name, data in w.files.items():
        path = attachment_path(Attachment(stored_name=stored_name))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return w


def _development_target(world):
    """A development target of the own branch (steps 7–8 under the 2014 rules, no 公示): the pages of
    steps 9–18 (introducers, reviews, …) take one."""
    admin_, committee = world.branch_admin, world.committee_admin
    case = paper_case(world.branch, admin_, received=date(2024, 9, 3), name="周目标")
    prepare_for_filing(case, admin_)
    steps.make_activist(case, admin_, committee, date(2025, 1, 6), date(2025, 1, 11))
    steps.make_target(case, admin_, committee, date(2026, 2, 3), date(2026, 2, 6))
    case.refresh_from_db()
    return case


def _probationary_member(world):
    """A probationary member of the own branch whose steps 7–17 fell in early 2026 (2014 rules for
    the target, so no 公示), for the pages of steps 7–25."""
    admin_, committee = world.branch_admin, world.committee_admin
    case = paper_case(world.branch, admin_, received=date(2024, 9, 2), name="钱多多")
    prepare_for_filing(case, admin_)
    steps.make_activist(case, admin_, committee, date(2025, 1, 5), date(2025, 1, 10))
    steps.make_target(case, admin_, committee, date(2026, 2, 2), date(2026, 2, 5))
    steps.prepare_admission(case, admin_, committee, {
        "introducers": date(2026, 2, 9), "review": date(2026, 2, 20), "training": (date(2026, 3, 2), date(2026, 3, 5)),
        "examination": date(2026, 3, 9), "pre_review": date(2026, 3, 12), "volunteer": date(2026, 3, 13)},
        "MATRIX-0001")
    steps.admit(case, admin_, committee, {"meeting": date(2026, 3, 20), "talk": date(2026, 3, 25),
                                          "approval": date(2026, 4, 1)})
    case.refresh_from_db()
    return case
