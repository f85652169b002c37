"""Demo data (`manage.py load_demo`): the organisations, accounts and applicants the README and the
issue describe, built through the services; `--if-empty` never loads it twice."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from partydev.cases.models import Case, Deadline, Filing, StageChange
from partydev.cases.selectors.facts import load_facts
from partydev.demo.world import DEMO_PASSWORD
from partydev.orgs.models import Organisation, Role, RoleGrant
from partydev.process.gates import FILE_ACTIVIST, problems
from partydev.process.problems import blocking
from tests.factories import rolled_back


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(_demo_module, db):
    """The demo loaded once for the module; each test's changes are rolled back."""
    return _demo_module


def test_tree_and_rosters(demo):
    demo_committee = Organisation.objects.get(name="示范党委", depth=1)
    other = Organisation.objects.get(name="另一党委", depth=1)
    assert {o.name for o in demo_committee.get_children()} == {"第一党支部", "第二党支部"}
    assert {o.name for o in other.get_children()} == {"另一党支部"}
    for branch in Organisation.objects.filter(kind="branch"):
        assert branch.members.exists(), branch
        assert {g.kind for g in branch.get_children()} == {"group"}


@pytest.mark.parametrize("username, role, org", [
    ("committee", Role.COMMITTEE_ADMIN, "示范党委"),
    ("branch1", Role.BRANCH_ADMIN, "第一党支部"),
    ("branch2", Role.BRANCH_ADMIN, "第二党支部"),
    ("auditor", Role.AUDITOR, "示范党委"),
    ("other", Role.BRANCH_ADMIN, "另一党支部"),
])
def test_admin_accounts(demo, username, role, org):
    user = get_user_model().objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD)
    assert RoleGrant.objects.filter(user=user, role=role, org__name=org).exists()
    assert username in demo  # the command prints the accounts


def test_applicant1_is_an_applicant_in_branch_1_with_a_letter_waiting(demo):
    user = get_user_model().objects.get(username="applicant1")
    assert user.check_password(DEMO_PASSWORD)
    assert not user.grants.exists()
    case = Case.objects.get(user=user)
    assert (case.name, case.branch.name, case.stage, case.source) == ("陈思远", "第一党支部", "applicant", "qr")
    assert list(case.applicationletters.values_list("status", flat=True)) == ["submitted"]


def test_applicants_at_the_documented_points(demo):
    today = timezone.localdate()
    cases = {c.name: c for c in Case.objects.select_related("branch")}

    late = cases["李沐阳"]  # letter approved 40 days ago, no talk: overdue
    assert late.applicationletters.get().status == "approved"
    assert Deadline.objects.get(case=late, kind="talk").due_date < today

    ready = cases["张雨桐"]  # nothing blocks 确定积极分子并备案
    assert blocking(problems(load_facts(ready), FILE_ACTIVIST, today)) == []
    assert not ready.filings.exists()

    assert Filing.objects.get(case=cases["王浩然"]).status == "pending"

    activist = cases["刘子涵"]
    assert (activist.stage, activist.branch.name) == ("activist", "第二党支部")
    assert activist.activist_since == today - timedelta(days=60)
    assert StageChange.objects.filter(case=activist, action="activist_accepted").exists()

    returned = cases["赵一鸣"].applicationletters.get()
    assert returned.status == "returned" and returned.return_reason


def test_every_demo_case_has_history_and_audit(demo):
    for case in Case.objects.all():
        assert case.history.exists(), case
        assert case.audit_events.exists(), case
