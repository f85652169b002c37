"""组织管理 services (partydev/structure/services/tree.py): create, rename, dissolve inside the
committee administrator's subtree; refusals write nothing; events are audited."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.services import case_erase
from partydev.cases.services.errors import Refused
from partydev.orgs.models import Organisation, OrgKind
from partydev.orgs.selectors import branches_visible_to
from partydev.structure.services import member_transfer_out, org_create, org_dissolve, org_move, org_rename
from tests.factories import branch_admin, child, db_state, paper_case

pytestmark = pytest.mark.usefixtures("english")


def refused(call, **kwargs) -> set[str]:
    before = db_state()
    with pytest.raises(Refused) as exc:
        call(**kwargs)
    assert db_state() == before
    return {p.code for p in exc.value.problems}


def test_committee_admin_creates_a_general_branch_a_branch_below_it_and_a_group(world):
    paths = dict(Organisation.objects.values_list("pk", "path"))
    general = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.GENERAL_BRANCH,
                         name="机关党总支")
    branch = org_create(actor=world.committee_admin, parent=general, kind=OrgKind.BRANCH, name="机关第一党支部")
    group = org_create(actor=world.committee_admin, parent=branch, kind=OrgKind.GROUP, name="第一党小组")
    assert branch.path.startswith(general.path) and group.path.startswith(branch.path)
    assert branch.owning_committee() == world.committee
    # Appended: no existing node's path changed.
    assert {pk: p for pk, p in Organisation.objects.values_list("pk", "path") if pk in paths} == paths
    event = AuditEvent.objects.get(action="org.create", object_id=str(branch.pk))
    assert event.after == {"name": "机关第一党支部", "kind": "branch", "parent": "机关党总支"}
    assert event.org_path == branch.path


@pytest.mark.parametrize("parent, kind", [
    ("committee", OrgKind.GROUP), ("committee", OrgKind.COMMITTEE), ("branch", OrgKind.BRANCH),
    ("branch", OrgKind.GENERAL_BRANCH),
])
def test_kinds_only_go_where_they_belong(world, parent, kind):
    assert refused(org_create, actor=world.committee_admin, parent=getattr(world, parent), kind=kind,
                   name="新组织") == {"kind_not_allowed"}


def test_a_group_cannot_hold_anything(world):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    assert refused(org_create, actor=world.committee_admin, parent=group, kind=OrgKind.GROUP,
                   name="x") == {"kind_not_allowed"}


@pytest.mark.parametrize("actor", ["other_committee_admin", "branch_admin", "auditor"])
def test_only_the_committee_admin_of_the_subtree_creates(world, actor):
    assert refused(org_create, actor=getattr(world, actor), parent=world.committee, kind=OrgKind.BRANCH,
                   name="新支部") == {"not_permitted"}


def test_a_duplicate_name_among_siblings_is_refused(world):
    assert refused(org_create, actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH,
                   name="第二党支部") == {"name_taken"}


def test_rename_keeps_the_path_and_is_audited(world):
    path = world.branch.path
    org_rename(actor=world.committee_admin, node=world.branch, name="第一党支部（机关）")
    world.branch.refresh_from_db()
    assert (world.branch.name, world.branch.path) == ("第一党支部（机关）", path)
    event = AuditEvent.objects.get(action="org.rename", object_id=str(world.branch.pk))
    assert (event.before, event.after) == ({"name": "第一党支部"}, {"name": "第一党支部（机关）"})


def test_rename_refusals(world):
    assert refused(org_rename, actor=world.committee_admin, node=world.branch, name="第二党支部") == {"name_taken"}
    assert refused(org_rename, actor=world.committee_admin, node=world.committee, name="新党委") == {
        "not_permitted"}  # the committee itself is not the administrator's to change
    assert refused(org_rename, actor=world.other_committee_admin, node=world.branch, name="x") == {
        "not_permitted"}
    assert refused(org_rename, actor=world.branch_admin, node=world.branch, name="x") == {"not_permitted"}


def test_dissolve_lists_every_reason_and_writes_nothing(world):
    child(world.branch, "第一党小组", OrgKind.GROUP)
    found = refused(org_dissolve, actor=world.committee_admin, node=world.branch, dissolved_on=date.today())
    # The world's branch has a group, a roster, people in the process, a valid QR code and its admin.
    assert found == {"dissolve_children", "dissolve_members", "dissolve_cases", "dissolve_codes",
                     "dissolve_admins"}


def test_an_empty_branch_is_dissolved_kept_and_no_longer_offered(world):
    branch = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH, name="临时党支部")
    org_dissolve(actor=world.committee_admin, node=branch, dissolved_on=date.today())
    branch.refresh_from_db()
    assert branch.dissolved_on == date.today()  # kept: its path is never handed out again
    assert branch not in branches_visible_to(world.committee_admin)
    assert AuditEvent.objects.filter(action="org.dissolve", object_id=str(branch.pk)).count() == 1
    # A new node is appended after it, never at its path.
    new = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH, name="新党支部")
    assert new.path != branch.path
    assert refused(org_dissolve, actor=world.committee_admin, node=branch, dissolved_on=date.today()) == {
        "dissolved"}
    assert refused(org_rename, actor=world.committee_admin, node=branch, name="复活") == {"dissolved"}
    assert refused(org_create, actor=world.committee_admin, parent=branch, kind=OrgKind.GROUP,
                   name="小组") == {"not_permitted"}


def test_a_group_with_members_is_not_dissolved_until_they_move(world):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    member = world.roster[0]
    member.group = group
    member.save()
    assert refused(org_dissolve, actor=world.committee_admin, node=group, dissolved_on=date.today()) == {
        "dissolve_group_members"}
    member_transfer_out(actor=world.branch_admin, member=member, destination="外单位", transferred_on=date.today())
    org_dissolve(actor=world.committee_admin, node=group, dissolved_on=date.today())


def test_an_expired_or_revoked_code_does_not_block(world):
    branch = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH, name="空支部")
    branch.registration_codes.create(created_by=world.committee_admin,
                                     expires_at=timezone.now() - timedelta(minutes=1), org_path=branch.path)
    org_dissolve(actor=world.committee_admin, node=branch, dissolved_on=date.today())


def test_dissolve_date_in_range(world):
    branch = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH, name="空支部")
    assert refused(org_dissolve, actor=world.committee_admin, node=branch,
                   dissolved_on=date.today() + timedelta(days=1)) == {"date_in_future"}


# --- move ----------------------------------------------------------------------------------------


def _copied_paths(branch_pk):
    from partydev.cases.models import Case, Deadline
    from partydev.registration.models import RegistrationCode

    return (sorted(Case.objects.filter(branch_id=branch_pk).values_list("org_path", flat=True)),
            sorted(Deadline.objects.filter(case__branch_id=branch_pk).values_list("org_path", flat=True)),
            sorted(RegistrationCode.objects.filter(branch_id=branch_pk).values_list("org_path", flat=True)))


def test_move_rewrites_every_copied_path_but_the_audit_log(world, login):
    from django.urls import reverse

    from partydev.cases.models import Case

    general = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.GENERAL_BRANCH,
                         name="机关党总支")
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    old = world.branch.path
    others = dict(Organisation.objects.exclude(path__startswith=old).values_list("pk", "path"))
    audit_paths = list(AuditEvent.objects.order_by("pk").values_list("org_path", flat=True))
    cases_before, deadlines_before, codes_before = _copied_paths(world.branch.pk)
    assert cases_before and deadlines_before and codes_before  # the world has something to rewrite

    moved = org_move(actor=world.committee_admin, node=world.branch, target=general)
    new = moved.path
    assert new.startswith(general.path) and new != old
    group.refresh_from_db()
    assert group.path == new + group.path[len(new):] and group.path.startswith(new)
    # Only the moved subtree changed in the tree.
    assert dict(Organisation.objects.filter(pk__in=others).values_list("pk", "path")) == others
    # Every copy now names the new path.
    for before, after in zip((cases_before, deadlines_before, codes_before), _copied_paths(world.branch.pk),
                             strict=True):
        assert after == sorted(new + p[len(old):] for p in before)
    # The audit log keeps the paths of their time (only the move's own event is new).
    assert list(AuditEvent.objects.order_by("pk").values_list("org_path", flat=True))[:len(audit_paths)] == audit_paths
    event = AuditEvent.objects.get(action="org.move")
    assert event.before["path"] == old and event.after["path"] == new
    assert event.after["rewritten"]["cases.Case.org_path"] == len(cases_before)
    # Scope still works: the branch administrator still sees its people, the committee too.
    case = Case.objects.filter(branch=world.branch).first()
    for user in (world.branch_admin, world.committee_admin):
        assert login(user).get(reverse("pc:case_detail", args=[case.public_id])).status_code == 200


@pytest.mark.parametrize("case", ["into_itself", "same_parent", "kind", "other_committee_actor"])
def test_move_refusals_write_nothing(world, case):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    node, target, actor, code = {
        "into_itself": (world.branch, group, world.committee_admin, "kind_not_allowed"),
        "same_parent": (world.branch, world.committee, world.committee_admin, "move_same_parent"),
        "kind": (group, world.committee, world.committee_admin, "kind_not_allowed"),
        "other_committee_actor": (world.branch, world.other_committee, world.committee_admin, "not_permitted"),
    }[case]
    assert code in refused(org_move, actor=actor, node=node, target=target)


def test_a_group_moves_to_another_branch_once_its_members_left_it(world):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    member = world.roster[0]
    member.group = group
    member.save()
    assert refused(org_move, actor=world.committee_admin, node=group, target=world.sibling) == {
        "dissolve_group_members"}
    member.group = None
    member.save()
    moved = org_move(actor=world.committee_admin, node=group, target=world.sibling)
    assert moved.path.startswith(world.sibling.path)


# --- merge ---------------------------------------------------------------------------------------


def test_merge_moves_members_people_and_codes_then_dissolves(world, login):
    from django.urls import reverse

    from partydev.cases.models import Case, Deadline
    from partydev.orgs.models import Member, RoleGrant
    from partydev.structure.models import MemberTransfer
    from partydev.structure.services import branch_merge

    source, target = world.sibling, world.branch
    group = child(source, "第一党小组", OrgKind.GROUP)
    RoleGrant.objects.filter(org=source).delete()  # the roles were withdrawn first (accounts pages)
    members = list(Member.objects.filter(branch=source))
    cases = list(Case.objects.filter(branch=source))
    assert members and cases and source.registration_codes.exists()

    branch_merge(actor=world.committee_admin, source=source, target=target, merged_on=date.today())
    assert all(m.branch_id == target.pk for m in Member.objects.filter(pk__in=[m.pk for m in members]))
    assert MemberTransfer.objects.filter(from_branch=source, to_branch=target).count() == len(members)
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("branch_id", "org_path")) == {
        (target.pk, target.path)}
    assert set(Deadline.objects.filter(case__in=cases).values_list("org_path", flat=True)) <= {target.path}
    assert not source.registration_codes.exists()
    source.refresh_from_db()
    group.refresh_from_db()
    assert source.dissolved_on == date.today() and group.dissolved_on == date.today()
    event = AuditEvent.objects.get(action="org.merge")
    assert event.after["members"] == len(members) and event.after["cases"] == len(cases)
    assert AuditEvent.objects.filter(action="case.branch_merged").count() == len(cases)
    # The target's administrator now sees the merged people.
    assert login(world.branch_admin).get(reverse("pc:case_detail", args=[cases[0].public_id])).status_code == 200


def test_merge_refusals_write_nothing(world):
    from partydev.structure.services import branch_merge

    # The source's administrator still holds a role; merging into itself; another committee's branch.
    assert refused(branch_merge, actor=world.committee_admin, source=world.sibling, target=world.branch,
                   merged_on=date.today()) == {"dissolve_admins"}
    assert "merge_same" in refused(branch_merge, actor=world.committee_admin, source=world.branch,
                                   target=world.branch, merged_on=date.today())
    assert refused(branch_merge, actor=world.committee_admin, source=world.sibling, target=world.other_branch,
                   merged_on=date.today()) == {"not_permitted"}
    assert refused(branch_merge, actor=world.branch_admin, source=world.sibling, target=world.branch,
                   merged_on=date.today()) == {"not_permitted"}


def test_a_person_removed_by_undoing_an_import_does_not_keep_a_branch_alive(world):
    """case_erase (the import's undo) keeps the case row blank and hidden: it is nobody in the branch."""
    branch = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.BRANCH, name="临时党支部")
    admin_ = branch_admin(branch, "tmpadmin")
    case = paper_case(branch, admin_, name="误录人员")
    assert "dissolve_cases" in refused(org_dissolve, actor=world.committee_admin, node=branch,
                                   dissolved_on=date.today())
    case_erase(case=case, actor=admin_, reason="导入有误，撤销")
    admin_.grants.all().delete()  # the branch's administrator leaves with it (tested in tests/accounts)
    org_dissolve(actor=world.committee_admin, node=branch, dissolved_on=date.today())
    branch.refresh_from_db()
    assert branch.dissolved_on == date.today()
