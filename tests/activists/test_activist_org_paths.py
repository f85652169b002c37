"""Cases, deadlines and transfers copy their branch's tree path (one indexed prefix query per
committee). Those copies must stay true when the system administrator adds an organisation:
Organisation sorts siblings by name, so a new node can renumber the paths of existing ones."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import Case, Deadline
from partydev.orgs.models import Organisation, Role

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def new_branch(w, kit):
    """A branch whose name sorts before 第一党支部 and 第二党支部 (三 < 第), with its own admin."""
    branch = kit.org(w.committee, "三号党支部")
    return branch, kit.grant("branch3", Role.BRANCH_ADMIN, branch)


def test_a_new_branch_does_not_move_existing_cases_out_of_their_branch(w, new_branch):
    case = Case.objects.get(pk=w.activist.pk)
    branch = Organisation.objects.get(pk=case.branch_id)
    assert case.org_path == branch.path
    assert set(Deadline.objects.filter(case=case).values_list("org_path", flat=True)) == {branch.path}


def test_a_new_branch_changes_nobody_s_scope(w, login, new_branch):
    _, new_admin = new_branch
    detail = reverse("pc:case_detail", args=[w.activist.public_id])
    # The new branch's admin must not inherit the renumbered branch's people …
    assert login(new_admin).get(detail).status_code == 404
    reminders = login(new_admin).get(reverse("pc:reminders"), {"window": "all"}).context["rows"]
    assert [r["d"].case.name for r in reminders] == []
    # … and the branch admin keeps them.
    assert login(w.b1_admin).get(detail).status_code == 200


def test_an_activist_added_after_the_new_branch_is_in_scope(w, login, kit, new_branch):
    b2 = Organisation.objects.get(pk=w.b2.pk)
    later = kit.activist(b2, w.b2_admin, w.c_admin, "吴同学", since=w.today - timedelta(days=10))
    assert login(w.b2_admin).get(reverse("pc:case_detail", args=[later.public_id])).status_code == 200
