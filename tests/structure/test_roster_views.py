"""党员名册 pages (partydev/pc/views/roster.py): happy paths, scope (404), bad input (form error,
nothing written) and constant query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.orgs.models import Member, MemberType, OrgKind
from partydev.structure.models import MemberTransfer
from partydev.structure.services import member_transfer_out
from tests.factories import MemberFactory, child, db_state

pytestmark = pytest.mark.usefixtures("english")


def member_data(**extra) -> dict:
    return {"name": "林海", "member_type": "full", "join_date": "2010-07-01", "conversion_date": "2011-07-01",
            "group": "", "position": "", "discipline": "", "discipline_until": ""} | extra


def names(response) -> list[str]:
    return [m.name for m in response.context["page"]]


def test_branch_admin_sees_its_own_roster_from_the_menu(world, login):
    response = login(world.branch_admin).get(reverse("pc:roster_index"))
    assert response.status_code == 200
    assert response.context["branch"] == world.branch
    assert names(response) == sorted(m.name for m in world.roster)
    assert "Party member roster" in response.content.decode()


def test_committee_admin_chooses_among_its_branches(world, login):
    response = login(world.committee_admin).get(reverse("pc:roster_index"))
    assert [b.name for b in response.context["page"]] == ["第一党支部", "第二党支部"]
    assert [b.on_roster for b in response.context["page"]] == [3, 1]


def test_search_by_name_filter_by_type_and_the_transferred_out_tab(world, login):
    MemberFactory(branch=world.branch, name="王小预", member_type=MemberType.PROBATIONARY)
    member_transfer_out(actor=world.branch_admin, member=world.roster[1], destination="外单位",
                        transferred_on=date.today())
    client = login(world.branch_admin)
    url = reverse("pc:roster", args=[world.branch.pk])
    assert names(client.get(url, {"q": "王"})) == ["王小预", "王建国"]
    assert names(client.get(url, {"type": "probationary"})) == ["王小预"]
    assert names(client.get(url)) == ["张志强", "王小预", "王建国"]
    assert names(client.get(url, {"left": "1"})) == ["李红梅"]


@pytest.mark.parametrize("actor", ["sibling_admin", "other_committee_admin", "other_branch_admin", "auditor",
                                   "applicant"])
def test_other_branches_and_roles_get_404(world, login, actor):
    client = login(getattr(world, actor))
    for url in (reverse("pc:roster", args=[world.branch.pk]), reverse("pc:member_new", args=[world.branch.pk]),
                reverse("pc:member_detail", args=[world.roster[0].pk]),
                reverse("pc:member_edit", args=[world.roster[0].pk]),
                reverse("pc:member_transfer", args=[world.roster[0].pk])):
        assert client.get(url).status_code == 404, url


def test_add_a_member(world, login):
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    response = login(world.branch_admin).post(reverse("pc:member_new", args=[world.branch.pk]),
                                              member_data(group=group.pk, position="宣传委员"))
    member = Member.objects.get(name="林海")
    assert response.status_code == 302 and response["Location"] == reverse("pc:member_detail", args=[member.pk])
    assert (member.branch, member.group, member.position, member.join_date) == (
        world.branch, group, "宣传委员", date(2010, 7, 1))


@pytest.mark.parametrize("data, field, message", [
    (member_data(conversion_date="2009-01-01"), "conversion_date",
     "The date of conversion cannot be earlier than the date of joining the Party."),
    (member_data(member_type="probationary"), "conversion_date", "A probationary member has no date of conversion"),
    (member_data(join_date=""), "join_date", "Enter the date."),
    (member_data(join_date="1900-01-01", conversion_date=""), "join_date", "1 July 1921"),
    (member_data(name=""), "name", "Enter the member's name."),
    (member_data(discipline_until="2030-01-01"), "discipline_until", "Leave the end of the effect period empty"),
])
def test_bad_input_shows_the_error_and_writes_nothing(world, login, data, field, message):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:member_new", args=[world.branch.pk]), data)
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])
    assert db_state() == before


def test_a_group_of_another_branch_is_not_offered(world, login):
    foreign = child(world.sibling, "第二支部党小组", OrgKind.GROUP)
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(reverse("pc:member_new", args=[world.branch.pk]), member_data(group=foreign.pk))
    assert response.status_code == 400 and "group" in response.context["form"].errors
    assert db_state() == before


def test_edit_a_member(world, login):
    member = world.roster[0]
    response = login(world.committee_admin).post(reverse("pc:member_edit", args=[member.pk]), member_data(
        name="王建国", discipline="warning", discipline_until=(date.today() + timedelta(days=300)).isoformat()))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.discipline, member.join_date) == ("warning", date(2010, 7, 1))


def test_edit_form_starts_with_the_members_values(world, login):
    member = world.roster[0]
    member.join_date = date(2001, 7, 1)
    member.save()
    form = login(world.branch_admin).get(reverse("pc:member_edit", args=[member.pk])).context["form"]
    assert form["name"].value() == "王建国" and form["join_date"].value() == date(2001, 7, 1)


def test_transfer_out_of_the_system(world, login):
    member = world.roster[0]
    client = login(world.branch_admin)
    page = client.get(reverse("pc:member_transfer", args=[member.pk])).content.decode()
    assert "data-confirm" in page  # asked before it writes
    response = client.post(reverse("pc:member_transfer", args=[member.pk]), {
        "where": "out", "destination": "某大学党委", "transferred_on": date.today().isoformat(), "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("pc:roster", args=[world.branch.pk])
    member.refresh_from_db()
    assert member.active is False
    # The member's page still opens (its history) without edit or transfer buttons; those pages 404.
    detail = client.get(reverse("pc:member_detail", args=[member.pk]))
    assert "某大学党委" in detail.content.decode()
    assert client.get(reverse("pc:member_edit", args=[member.pk])).status_code == 404


def test_transfer_within_the_committee(world, login):
    member = world.roster[0]
    response = login(world.committee_admin).post(reverse("pc:member_transfer", args=[member.pk]), {
        "where": "within", "to_branch": world.sibling.pk, "transferred_on": date.today().isoformat()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.branch == world.sibling
    detail = login(world.committee_admin).get(reverse("pc:member_detail", args=[member.pk])).content.decode()
    assert "from 第一党支部 to 第二党支部" in detail


def test_a_branch_admin_is_offered_no_other_branch(world, login):
    member = world.roster[0]
    client = login(world.branch_admin)
    form = client.get(reverse("pc:member_transfer", args=[member.pk])).context["form"]
    assert [value for value, _label in form.fields["where"].choices] == ["out"] and "to_branch" not in form.fields
    before = db_state()
    response = client.post(reverse("pc:member_transfer", args=[member.pk]), {
        "where": "within", "to_branch": world.sibling.pk, "transferred_on": date.today().isoformat()})
    assert response.status_code == 400 and db_state() == before


def test_transfer_out_needs_a_destination(world, login):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:member_transfer", args=[world.roster[0].pk]), {
        "where": "out", "destination": "", "transferred_on": date.today().isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["destination"] == ["Write the organisation the member goes to."]
    assert db_state() == before


def test_transfer_in(world, login):
    response = login(world.branch_admin).post(reverse("pc:member_transfer_in", args=[world.branch.pk]), member_data(
        origin="外省某党支部", transferred_on=date.today().isoformat(), note="随工作调入"))
    member = Member.objects.get(name="林海")
    assert response.status_code == 302
    assert MemberTransfer.objects.get(member=member).outside == "外省某党支部"


def test_transfer_in_before_joining_is_refused_by_the_service(world, login):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:member_transfer_in", args=[world.branch.pk]), member_data(
        origin="外省某党支部", transferred_on="2009-01-01"))
    assert response.status_code == 400
    assert "The date of transfer cannot be earlier than the date of joining the Party." in response.content.decode()
    assert db_state() == before


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_roster_pages_keep_a_constant_query_count(world, login):
    client = login(world.committee_admin)
    group = child(world.branch, "第一党小组", OrgKind.GROUP)
    urls = [reverse("pc:roster", args=[world.branch.pk]), reverse("pc:roster_index"),
            reverse("pc:member_detail", args=[world.roster[0].pk])]
    few = [_queries(client, url) for url in urls]
    for i in range(25):
        MemberFactory(branch=world.branch, group=group, name=f"党员{i:02d}")
        child(world.committee, f"计数支部{i:02d}")
    for _i in range(5):
        MemberTransfer.objects.create(member=world.roster[0], direction="within", transferred_on=date.today(),
                                      from_branch=world.branch, to_branch=world.branch, recorded_by=world.branch_admin)
    assert [_queries(client, url) for url in urls] == few
