"""党员名册 services (partydev/structure/services/roster.py): the happy paths, each refusal with
nothing written, the audit events, and a transferred member's history in the cases that chose it."""

from datetime import date, timedelta

import pytest

from partydev.audit.models import AuditEvent
from partydev.cases.models import ContactAssignment
from partydev.cases.services import contacts_set
from partydev.cases.services.errors import Refused
from partydev.orgs.models import Discipline, MemberType, OrgKind
from partydev.structure.models import Direction, MemberTransfer
from partydev.structure.services import (
    member_create,
    member_transfer_in,
    member_transfer_out,
    member_transfer_within,
    member_update,
)
from tests.factories import child, db_state

pytestmark = pytest.mark.usefixtures("english")


def entry(**extra) -> dict:
    return {"name": "林海", "member_type": MemberType.FULL, "join_date": date(2010, 7, 1),
            "conversion_date": date(2011, 7, 1), "group": None, "position": "组织委员", "discipline": "",
            "discipline_until": None} | extra


def codes(exc) -> set[str]:
    return {p.code for p in exc.value.problems}


def refused(call, **kwargs):
    """Call the service, expect Refused and that nothing at all was written; the problem codes."""
    before = db_state()
    with pytest.raises(Refused) as exc:
        call(**kwargs)
    assert db_state() == before
    return codes(exc)


# --- add and edit ------------------------------------------------------------------------------


def test_branch_admin_adds_a_member_with_its_group_and_the_event_is_audited(world):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    member = member_create(actor=world.branch_admin, branch=world.branch, data=entry(group=group))
    member.refresh_from_db()
    assert (member.branch, member.group, member.join_date, member.active) == (
        world.branch, group, date(2010, 7, 1), True)
    event = AuditEvent.objects.get(action="member.create", object_id=str(member.pk))
    assert event.actor == world.branch_admin and event.org_path == world.branch.path
    assert event.after["name"] == "林海" and event.after["group"] == "第一党小组"


def test_committee_admin_manages_every_roster_below_it(world):
    member = member_create(actor=world.committee_admin, branch=world.sibling, data=entry())
    assert member.branch == world.sibling


@pytest.mark.parametrize("actor", ["sibling_admin", "other_committee_admin", "other_branch_admin", "auditor",
                                   "applicant"])
def test_nobody_else_adds_to_the_branch(world, actor):
    assert refused(member_create, actor=getattr(world, actor), branch=world.branch, data=entry()) == {
        "not_permitted"}


@pytest.mark.parametrize("data, code", [
    (entry(conversion_date=date(2009, 1, 1)), "conversion_before_join"),
    (entry(member_type=MemberType.PROBATIONARY), "probationary_converted"),
    (entry(join_date=date(1900, 1, 1), conversion_date=None), "date_too_early"),
    (entry(join_date=date.today() + timedelta(days=3), conversion_date=None), "date_in_future"),
    (entry(discipline_until=date(2030, 1, 1)), "until_without_discipline"),
    (entry(discipline="nonsense"), "not_permitted"),
])
def test_roster_rules_refuse_and_write_nothing(world, data, code):
    assert code in refused(member_create, actor=world.branch_admin, branch=world.branch, data=data)


def test_a_group_of_another_branch_is_refused(world):
    foreign = child(world.sibling, "第二支部党小组", OrgKind.GROUP)
    assert refused(member_create, actor=world.branch_admin, branch=world.branch,
                   data=entry(group=foreign)) == {"group_outside_branch"}


def test_a_discipline_period_may_end_in_the_future(world):
    member = member_update(actor=world.branch_admin, member=world.roster[0], data=entry(
        name="王建国", discipline=Discipline.WARNING, discipline_until=date.today() + timedelta(days=200)))
    assert member.discipline == Discipline.WARNING


def test_edit_keeps_before_and_after_in_the_audit_log(world):
    member = world.roster[0]
    member_update(actor=world.committee_admin, member=member, data=entry(name="王建国", position="支部书记"))
    event = AuditEvent.objects.get(action="member.update", object_id=str(member.pk))
    assert event.before["position"] == "" and event.after["position"] == "支部书记"
    assert event.after["join_date"] == "2010-07-01"


def test_other_branch_cannot_edit(world):
    assert refused(member_update, actor=world.sibling_admin, member=world.roster[0],
                   data=entry(name="王建国")) == {"not_permitted"}


# --- transfers ---------------------------------------------------------------------------------


def test_transfer_within_keeps_the_same_row_and_records_the_history(world):
    member = world.roster[0]
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    member.group = group
    member.save()
    moved = member_transfer_within(actor=world.committee_admin, member=member, to_branch=world.sibling,
                                   transferred_on=date.today(), note="工作调动")
    assert moved.pk == member.pk and (moved.branch, moved.group, moved.active) == (world.sibling, None, True)
    record = MemberTransfer.objects.get(member=member)
    assert (record.direction, record.from_branch, record.to_branch, record.note, record.recorded_by) == (
        Direction.WITHIN, world.branch, world.sibling, "工作调动", world.committee_admin)
    assert AuditEvent.objects.filter(action="member.transfer_within", object_id=str(member.pk)).count() == 1


def test_a_branch_admin_transfers_within_only_to_branches_it_manages(world):
    assert refused(member_transfer_within, actor=world.branch_admin, member=world.roster[0],
                   to_branch=world.sibling, transferred_on=date.today()) == {"not_permitted"}


def test_the_committee_cannot_transfer_into_another_committee(world):
    assert refused(member_transfer_within, actor=world.committee_admin, member=world.roster[0],
                   to_branch=world.other_branch, transferred_on=date.today()) == {"not_permitted"}


def test_transfer_to_the_same_branch_is_refused(world):
    assert refused(member_transfer_within, actor=world.committee_admin, member=world.roster[0],
                   to_branch=world.branch, transferred_on=date.today()) == {"same_branch"}


def test_transfer_out_takes_the_member_off_the_roster_and_keeps_the_row(world):
    member = world.roster[0]
    member_transfer_out(actor=world.branch_admin, member=member, destination="某大学化学系党支部",
                        transferred_on=date.today())
    member.refresh_from_db()
    assert member.active is False and member.branch == world.branch
    record = MemberTransfer.objects.get(member=member)
    assert (record.direction, record.outside) == (Direction.OUT, "某大学化学系党支部")
    event = AuditEvent.objects.get(action="member.transfer_out", object_id=str(member.pk))
    assert event.after["to"] == "某大学化学系党支部" and event.after["active"] is False


def test_transfer_out_needs_a_destination_and_a_date_after_joining(world):
    member = world.roster[0]
    assert refused(member_transfer_out, actor=world.branch_admin, member=member, destination="  ",
                   transferred_on=date.today()) == {"outside_required"}
    member.join_date = date(2020, 1, 1)
    member.save()
    assert refused(member_transfer_out, actor=world.branch_admin, member=member, destination="外单位",
                   transferred_on=date(2019, 1, 1)) == {"transfer_before_join"}


def test_a_member_who_left_cannot_be_transferred_or_edited_again(world):
    member = world.roster[0]
    member_transfer_out(actor=world.branch_admin, member=member, destination="外单位", transferred_on=date.today())
    assert refused(member_transfer_out, actor=world.branch_admin, member=member, destination="外单位",
                   transferred_on=date.today()) == {"member_inactive"}
    assert refused(member_update, actor=world.branch_admin, member=member, data=entry()) == {"member_inactive"}


def test_transfer_in_creates_the_member_with_origin_and_date(world):
    member = member_transfer_in(actor=world.branch_admin, branch=world.branch,
                                data=entry(member_type=MemberType.PROBATIONARY, conversion_date=None,
                                           join_date=date.today() - timedelta(days=100)),
                                origin="外省某党支部", transferred_on=date.today(), note="随工作调入")
    record = MemberTransfer.objects.get(member=member)
    assert (record.direction, record.outside, record.to_branch, record.from_branch) == (
        Direction.IN, "外省某党支部", world.branch, None)
    assert AuditEvent.objects.get(action="member.transfer_in", object_id=str(member.pk)).after["from"] == "外省某党支部"


def test_transfer_in_lists_every_problem_at_once(world):
    found = refused(member_transfer_in, actor=world.branch_admin, branch=world.branch,
                    data=entry(conversion_date=date(2000, 1, 1)), origin="", transferred_on=date(2009, 1, 1))
    assert found == {"conversion_before_join", "outside_required", "transfer_before_join"}


def test_a_dissolved_branch_takes_no_new_members(world):
    branch = child(world.committee, "已撤销支部")
    branch.dissolved_on = date.today()
    branch.save()
    assert refused(member_create, actor=world.committee_admin, branch=branch, data=entry()) == {"dissolved"}


# --- contacts and introducers keep their history -------------------------------------------------


def test_a_contact_who_moves_keeps_the_cases_history_and_is_no_longer_offered(world_with_activist, login):
    from django.urls import reverse

    world = world_with_activist
    contact = world.roster[0]
    contacts_set(case=world.activist_case, members=[contact], assigned_on=world.today, actor=world.branch_admin)
    member_transfer_out(actor=world.branch_admin, member=contact, destination="外单位", transferred_on=world.today)
    # The assignment stays on the case, still naming the same member.
    assignment = ContactAssignment.objects.get(case=world.activist_case, member=contact)
    assert assignment.member.name == contact.name
    # The contacts page shows the old contact but no longer offers it for a new choice.
    page = login(world.branch_admin).get(reverse("pc:contacts_edit", args=[world.activist_case.public_id]))
    assert contact.pk not in [m.pk for m in page.context["own"]]
    assert contact.pk in [a.member.pk for a in page.context["current"]]
