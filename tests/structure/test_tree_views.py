"""组织管理 pages (partydev/pc/views/structure.py): the tree, create, rename, dissolve; scope (404),
bad input (form error, nothing written), constant query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.orgs.models import Organisation, OrgKind
from tests.factories import MemberFactory, child, db_state

pytestmark = pytest.mark.usefixtures("english")


def test_the_tree_shows_the_committees_subtree_only(world, login):
    child(world.branch, "第一党小组", OrgKind.GROUP)
    response = login(world.committee_admin).get(reverse("pc:org_tree"))
    assert response.status_code == 200
    assert [r["node"].name for r in response.context["rows"]] == ["示范党委", "第一党支部", "第一党小组", "第二党支部"]
    assert [r["indent"] for r in response.context["rows"]] == [0, 1, 2, 1]
    # The committee itself can get children but is not renamed or dissolved here.
    assert [r["managed"] for r in response.context["rows"]] == [False, True, True, True]
    assert "另一党支部" not in response.content.decode()


@pytest.mark.parametrize("actor", ["branch_admin", "auditor", "applicant"])
def test_other_roles_get_404(world, login, actor):
    assert login(getattr(world, actor)).get(reverse("pc:org_tree")).status_code == 404


def test_another_committees_nodes_are_404(world, login):
    client = login(world.other_committee_admin)
    for name in ("pc:org_new", "pc:org_rename", "pc:org_dissolve"):
        assert client.get(reverse(name, args=[world.branch.pk])).status_code == 404
        assert client.post(reverse(name, args=[world.branch.pk]), {"name": "x", "kind": "group"}).status_code == 404


def test_create_a_branch(world, login):
    response = login(world.committee_admin).post(reverse("pc:org_new", args=[world.committee.pk]),
                                                 {"kind": "branch", "name": "第三党支部"})
    assert response.status_code == 302 and response["Location"] == reverse("pc:org_tree")
    node = Organisation.objects.get(name="第三党支部")
    assert node.kind == OrgKind.BRANCH and node.path.startswith(world.committee.path)


def test_a_branch_offers_only_a_party_group(world, login):
    form = login(world.committee_admin).get(reverse("pc:org_new", args=[world.branch.pk])).context["form"]
    assert [k for k, _label in form.fields["kind"].choices] == ["group"]


@pytest.mark.parametrize("data, field", [({"kind": "branch", "name": ""}, "name"),
                                         ({"kind": "group", "name": "小组"}, "kind")])
def test_create_bad_input_writes_nothing(world, login, data, field):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:org_new", args=[world.committee.pk]), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert db_state() == before


def test_a_duplicate_name_is_a_form_error(world, login):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:org_new", args=[world.committee.pk]), {"kind": "branch", "name": "第二党支部"})
    assert response.status_code == 400
    assert "There is already an organisation named 第二党支部 here." in response.content.decode()
    assert db_state() == before


def test_rename(world, login):
    response = login(world.committee_admin).post(reverse("pc:org_rename", args=[world.sibling.pk]),
                                                 {"name": "第二党支部（学生）"})
    assert response.status_code == 302
    world.sibling.refresh_from_db()
    assert world.sibling.name == "第二党支部（学生）"


def test_the_committee_itself_is_not_renamed_or_dissolved_here(world, login):
    client = login(world.committee_admin)
    assert client.get(reverse("pc:org_rename", args=[world.committee.pk])).status_code == 404
    assert client.get(reverse("pc:org_dissolve", args=[world.committee.pk])).status_code == 404


def test_dissolve_page_lists_the_reasons(world, login):
    response = login(world.committee_admin).get(reverse("pc:org_dissolve", args=[world.branch.pk]))
    page = response.content.decode()
    assert "It cannot be dissolved yet:" in page
    assert "3 members are still on its roster: transfer them first." in page
    assert "data-confirm" not in page


def test_dissolve_an_empty_branch_after_confirmation(world, login):
    branch = child(world.committee, "临时党支部")
    client = login(world.committee_admin)
    page = client.get(reverse("pc:org_dissolve", args=[branch.pk])).content.decode()
    assert "data-confirm" in page
    response = client.post(reverse("pc:org_dissolve", args=[branch.pk]), {"dissolved_on": date.today().isoformat()})
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.dissolved_on == date.today()
    assert client.get(reverse("pc:org_dissolve", args=[branch.pk])).status_code == 404
    assert client.get(reverse("pc:roster", args=[branch.pk])).status_code == 404


def test_dissolve_refused_on_post_writes_nothing(world, login):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:org_dissolve", args=[world.branch.pk]),
                           {"dissolved_on": date.today().isoformat()})
    assert response.status_code == 400
    assert db_state() == before


def test_tree_keeps_a_constant_query_count(world, login):
    client = login(world.committee_admin)
    url = reverse("pc:org_tree")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = count()
    for i in range(20):
        branch = child(world.committee, f"计数支部{i:02d}")
        MemberFactory(branch=branch)
        child(branch, "党小组", OrgKind.GROUP)
    assert count() == few


def test_move_a_branch_under_a_new_general_branch(world, login):
    general = child(world.committee, "机关党总支", OrgKind.GENERAL_BRANCH)
    client = login(world.committee_admin)
    page = client.get(reverse("pc:org_move", args=[world.branch.pk]))
    # Offered: the new general branch only (the committee is already its parent).
    assert list(page.context["form"].fields["target"].queryset) == [general]
    assert "data-confirm" in page.content.decode()
    response = client.post(reverse("pc:org_move", args=[world.branch.pk]), {"target": general.pk})
    assert response.status_code == 302
    world.branch.refresh_from_db()
    assert world.branch.path.startswith(general.path)


def test_move_to_an_unoffered_parent_writes_nothing(world, login):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:org_move", args=[world.branch.pk]), {"target": world.other_committee.pk})
    assert response.status_code == 400 and "target" in response.context["form"].errors
    assert db_state() == before


def test_merge_page_refuses_while_the_branch_has_administrators(world, login):
    page = login(world.committee_admin).get(reverse("pc:org_merge", args=[world.sibling.pk])).content.decode()
    assert "It cannot be merged yet:" in page and "data-confirm" not in page


def test_merge_a_branch_after_confirmation(world, login):
    from partydev.orgs.models import RoleGrant

    RoleGrant.objects.filter(org=world.sibling).delete()
    client = login(world.committee_admin)
    page = client.get(reverse("pc:org_merge", args=[world.sibling.pk]))
    assert list(page.context["form"].fields["target"].queryset) == [world.branch]
    assert "data-confirm" in page.content.decode()
    response = client.post(reverse("pc:org_merge", args=[world.sibling.pk]),
                           {"target": world.branch.pk, "merged_on": date.today().isoformat()})
    assert response.status_code == 302
    world.sibling.refresh_from_db()
    assert world.sibling.dissolved_on == date.today()


def test_merge_bad_input_writes_nothing(world, login):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:org_merge", args=[world.sibling.pk]),
                           {"target": world.other_branch.pk, "merged_on": date.today().isoformat()})
    assert response.status_code == 400 and "target" in response.context["form"].errors
    assert db_state() == before
    # A group is not merged (only branches): 404.
    group = child(world.branch, "党小组", OrgKind.GROUP)
    assert client.get(reverse("pc:org_merge", args=[group.pk])).status_code == 404
