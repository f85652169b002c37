"""Exports in the import's format: the tree (组织管理), the rosters (党员名册) and the people (导入):
scoped, audited, text cells safe from formula injection, and read back by the import unchanged."""

from datetime import date, timedelta
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydev.audit.models import AuditEvent
from partydev.cases.services import letter_approve
from partydev.demo import entries
from partydev.demo.records import person
from partydev.imports.services import batch_upload, check_batch
from partydev.orgs.models import Member, Role, RoleGrant


def _sheet(response, title):
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content))[title]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_tree_export_is_the_committees_subtree_in_tree_order(iw, client):
    client.force_login(iw.users["committee"])
    rows = _sheet(client.get(reverse("pc:tree_export")), "组织")
    assert rows == [
        ["上级组织", "类别", "名称"],
        ["示范党委", "党支部", "第一党支部"],
        ["示范党委/第一党支部", "党小组", "第一党小组"],
        ["示范党委/第一党支部", "党小组", "第二党小组"],
        ["示范党委", "党支部", "第二党支部"],
        ["示范党委/第二党支部", "党小组", "第一党小组"],
        ["示范党委/第二党支部", "党小组", "第二党小组"],
    ]
    event = AuditEvent.objects.get(action="import.export")
    assert event.actor == iw.users["committee"] and event.after == {"sheet": "tree", "rows": 6}
    assert event.org_path == iw.orgs["示范党委"].path


def test_tree_export_is_404_for_everyone_but_committee_administrators(iw, client):
    for user in ("branch1", "auditor", "security"):
        client.force_login(iw.users[user])
        assert client.get(reverse("pc:tree_export")).status_code == 404, user
    assert not AuditEvent.objects.filter(action="import.export").exists()


def test_roster_export_is_the_rosters_the_user_manages(iw, client):
    Member.objects.filter(name="王建国").update(name="=HYPERLINK(1)")
    client.force_login(iw.users["branch1"])
    response = client.get(reverse("pc:roster_export"))
    rows = _sheet(response, "党员名册")
    assert rows[0] == ["姓名", "党支部", "党员类别", "入党日期", "转正日期", "党小组", "党内职务"]
    assert {r[1] for r in rows[1:]} == {"示范党委/第一党支部"} and len(rows) == 1 + 8
    ws = load_workbook(BytesIO(response.content))["党员名册"]
    cell = next(c for c in ws["A"] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s" and cell.quotePrefix  # text, not a formula
    probationary = next(r for r in rows if r[0] == "黄敏")
    assert probationary[2:5] == ["预备党员", probationary[3], None]
    client.force_login(iw.users["committee"])
    rows = _sheet(client.get(reverse("pc:roster_export")), "党员名册")
    assert {r[1] for r in rows[1:]} == {"示范党委/第一党支部", "示范党委/第二党支部"} and len(rows) == 1 + 14
    client.force_login(iw.users["auditor"])
    assert client.get(reverse("pc:roster_export")).status_code == 404


def test_people_export_has_full_id_numbers_in_scope_and_reads_back_unchanged(iw, client):
    today = timezone.localdate()
    mine = entries.paper(iw.users["branch1"], iw.orgs["第一党支部"], person("导出人", 31, date(2001, 1, 2), 31),
                         today - timedelta(days=20))
    other = entries.paper(iw.users["branch2"], iw.orgs["第二党支部"], person("别支部", 32, date(2001, 1, 3), 32),
                          today - timedelta(days=20))
    letter_approve(letter=mine.applicationletters.get(), actor=iw.users["branch1"])
    letter_approve(letter=other.applicationletters.get(), actor=iw.users["branch2"])
    client.force_login(iw.users["committee"])
    # GET asks first (the file is the one bulk copy of full ID numbers) and writes nothing.
    page = client.get(reverse("pc:people_export"))
    assert page.status_code == 200 and "完整身份证号" in page.content.decode()
    assert not AuditEvent.objects.filter(action="import.export").exists()
    rows = _sheet(client.post(reverse("pc:people_export")), "发展党员")
    assert rows[0][:3] == ["姓名", "身份证号", "性别"] and "培养联系人" in rows[0]
    assert sorted(r[:2] for r in rows[1:]) == sorted([["导出人", mine.id_number], ["别支部", other.id_number]])
    assert {r[rows[0].index("党支部")] for r in rows[1:]} == {"示范党委/第一党支部", "示范党委/第二党支部"}
    assert AuditEvent.objects.get(action="import.export").after == {"sheet": "people", "rows": 2}
    # The same file into the same site: the people are found by the ID number, nothing changes.
    RoleGrant.objects.create(user=iw.users["migrator"], role=Role.BRANCH_ADMIN, org=iw.orgs["第二党支部"])
    data = client.post(reverse("pc:people_export")).content
    batch = check_batch(batch_upload(importer=iw.users["migrator"], file_name="p.xlsx", data=data))
    assert batch.unchanged_count == 2 and batch.error_rows == 0
    # A branch administrator (and the auditor, the security administrator) cannot export full ID numbers.
    for user in ("branch1", "auditor", "security"):
        client.force_login(iw.users[user])
        assert client.get(reverse("pc:people_export")).status_code == 404
        assert client.post(reverse("pc:people_export")).status_code == 404
    assert AuditEvent.objects.filter(action="import.export").count() == 2


def test_export_buttons_on_the_pages(iw, client):
    client.force_login(iw.users["committee"])
    assert reverse("pc:tree_export") in client.get(reverse("pc:org_tree")).content.decode()
    assert reverse("pc:roster_export") in client.get(reverse("pc:roster_index")).content.decode()
    page = client.get(reverse("pc:import_list")).content.decode()
    assert reverse("pc:people_export") in page and reverse("pc:tree_export") in page
    client.force_login(iw.users["branch1"])
    page = client.get(reverse("pc:import_list")).content.decode()
    assert reverse("pc:people_export") not in page and reverse("pc:tree_export") not in page
    assert reverse("pc:roster_export") in client.get(reverse("pc:roster_index")).content.decode()
