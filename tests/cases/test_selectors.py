"""Scope selectors: one per model family; outside scope a lookup is 404."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partydev.audit.selectors import audit_events_visible_to
from partydev.cases.selectors import case_for, cases_visible_to, filing_for, filings_visible_to
from partydev.orgs.models import Organisation, Role
from partydev.registration.selectors import code_for, codes_visible_to
from tests.factories import CaseFactory, admin, branch_admin, child, committee, paper_case


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_cases_visible_to_each_actor(world):
    assert names(cases_visible_to(world.branch_admin)) == {"陈思远", "李沐阳", "王浩然"}
    assert names(cases_visible_to(world.sibling_admin)) == {"赵一鸣", "刘子涵"}
    assert names(cases_visible_to(world.committee_admin)) == {"陈思远", "李沐阳", "王浩然", "赵一鸣", "刘子涵"}
    assert names(cases_visible_to(world.other_committee_admin)) == {"何平"}
    assert names(cases_visible_to(world.applicant)) == {"陈思远"}
    assert names(cases_visible_to(world.auditor)) == set()
    assert names(cases_visible_to(AnonymousUser())) == set()


@pytest.mark.parametrize("public_id", ["not-a-uuid", None, uuid.uuid4()])
def test_case_for_bad_or_unknown_id_is_404(world, public_id):
    with pytest.raises(Http404):
        case_for(world.branch_admin, public_id)


def test_case_for_outside_scope_is_404(world):
    assert case_for(world.committee_admin, world.case.public_id) == world.case
    with pytest.raises(Http404):
        case_for(world.sibling_admin, world.case.public_id)


def test_filings_only_for_the_committee_in_scope(world):
    assert list(filings_visible_to(world.committee_admin).filter(status="pending")) == [world.filing]
    assert not filings_visible_to(world.branch_admin).exists()  # the branch is not the committee
    assert not filings_visible_to(world.other_committee_admin).exists()
    with pytest.raises(Http404):
        filing_for(world.other_committee_admin, world.filing.pk)


def test_codes_only_for_the_branch_admin(world):
    assert list(codes_visible_to(world.branch_admin)) == [world.code]
    assert list(codes_visible_to(world.committee_admin)) == []
    with pytest.raises(Http404):
        code_for(world.sibling_admin, world.code.pk)


def test_audit_events_only_for_auditors(world):
    assert audit_events_visible_to(world.auditor).exists()
    for user in (world.branch_admin, world.committee_admin, world.applicant):
        assert not audit_events_visible_to(user).exists()
    cases = set(audit_events_visible_to(world.auditor).exclude(case=None).values_list("case_id", flat=True))
    assert world.other_case.pk not in cases


# Random trees: a committee with random branches (some under a 党总支), one random admin. Whatever
# the tree, the admin sees exactly the cases of the subtree of the organisation it was granted.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.lists(st.booleans(), min_size=1, max_size=4), pick=st.integers(0, 10),
       role=st.sampled_from([Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN]))
def test_visible_cases_are_exactly_the_subtree(db, shape, pick, role):
    with transaction.atomic():
        top, elsewhere = committee("随机党委"), committee("别处党委")
        orgs = [top]
        for under_general_branch in shape:
            parent = child(top, "党总支", kind="general_branch") if under_general_branch else top
            orgs += [parent, child(parent, "支部")]
        orgs.append(child(elsewhere, "别处支部"))
        # Sorted insertion renumbers siblings' paths: read the final tree before using any path.
        orgs = [Organisation.objects.get(pk=o.pk) for o in orgs]
        branches = [o for o in orgs if o.kind == "branch"]
        for branch in branches:
            CaseFactory(branch=branch)
        granted = orgs[pick % len(orgs)] if role == Role.COMMITTEE_ADMIN else branches[pick % len(branches)]
        user = admin(role, granted)
        expected = {c.pk for c in CaseFactory._meta.model.objects.all() if c.org_path.startswith(granted.path)}
        assert set(cases_visible_to(user).values_list("pk", flat=True)) == expected
        transaction.set_rollback(True)


def test_adding_a_branch_that_sorts_first_keeps_existing_cases_in_their_branch(db):
    """The tree is kept sorted by name, so treebeard renumbers the paths of existing siblings when a
    new organisation sorts before them. The copies of the path on cases (org_path), codes, filings,
    deadlines and audit events must follow, or scope silently moves to the wrong branch."""
    top = committee("Scope committee")
    b_branch = child(top, "B branch")
    b_admin = branch_admin(b_branch)
    case = paper_case(b_branch, b_admin)
    a_branch = child(top, "A branch")  # added later, sorts first
    a_admin = branch_admin(a_branch)
    assert set(cases_visible_to(b_admin)) == {case}
    assert set(cases_visible_to(a_admin)) == set()
