"""The sheet 组织: a committee administrator imports its subtree through structure.services.org_create;
a parent created by an earlier row is found by the later rows in the preview as on confirmation;
per-cell errors, unknown or late parents, cycles, duplicates, scope; re-import; undo."""

from datetime import date
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partydev.audit.models import AuditEvent
from partydev.imports.models import BatchStatus, ImportBatch, ImportMark
from partydev.imports.services import batch_undo, confirm_batch, confirm_start, rows_of, undo_blockers
from partydev.imports.tree import TREE
from partydev.imports.workbook import build_template
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind
from partydev.structure.services import member_create, org_rename

from .conftest import errors_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TODAY = date(2026, 12, 7)


def node(parent, kind, name) -> dict:
    return {"parent": parent, "kind": kind, "name": name}


ROWS = [
    node("示范党委", "党总支", "机关党总支"),
    node("机关党总支", "党支部", "机关第一党支部"),
    node("示范党委/机关党总支/机关第一党支部", "党小组", "第一党小组"),
    node("示范党委", "党支部", "学生党支部"),
]


def tree_file(user, rows: list[dict]) -> bytes:
    data = build_template(TREE, TREE.context(user, TODAY))
    wb = load_workbook(BytesIO(data))
    ws = wb[str(TREE.title)]
    ws.delete_rows(2, ws.max_row)
    for r in rows:
        ws.append([r.get(c.key) for c in TREE.columns])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def check(user, data, name="tree.xlsx"):
    from partydev.imports.services import batch_upload, check_batch

    return check_batch(batch_upload(importer=user, file_name=name, data=data, sheet="tree"))


def run(user, data, name="tree.xlsx"):
    return confirm_batch(confirm_start(batch=check(user, data, name), actor=user))


def test_template_has_the_tree_sheet_with_its_kinds_and_examples(iw, client):
    client.force_login(iw.users["committee"])
    wb = load_workbook(BytesIO(client.get(reverse("pc:import_template")).content))
    ws = wb["组织"]
    assert [c.value for c in ws[1]] == ["上级组织", "类别", "名称"]
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(formulas) == {"B2"}  # the kind; the parent may be a row above, so no list
    col = formulas["B2"].split("$")[1]
    assert [wb["lists"][f"{col}{r}"].value for r in (1, 2, 3, 4)] == ["党总支", "党支部", "党小组", None]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == ["示范党委", "机关党总支（示例）", "机关第一党支部（示例）"]
    guide = "\n".join(str(c.value) for c in wb["说明"]["A"] if c.value)
    assert "上级组织" in guide and "组织管理" in guide


def test_parents_from_earlier_rows_are_found_in_the_preview_and_created_on_confirmation(iw):
    user = iw.users["committee"]
    before = Organisation.objects.count()
    batch = check(user, tree_file(user, ROWS))
    assert errors_of(batch) == {}
    assert batch.created_count == 4 and Organisation.objects.count() == before  # the preview wrote nothing
    assert AuditEvent.objects.filter(action="org.create").count() == 0
    batch = confirm_batch(confirm_start(batch=batch, actor=user))
    assert batch.status == BatchStatus.DONE and batch.created_count == 4 and batch.failed_count == 0
    general = Organisation.objects.get(name="机关党总支")
    branch = Organisation.objects.get(name="机关第一党支部")
    group = Organisation.objects.get(path__under=branch.path, name="第一党小组")
    assert general.kind == OrgKind.GENERAL_BRANCH and general.get_parent() == iw.orgs["示范党委"]
    assert branch.kind == OrgKind.BRANCH and branch.get_parent() == general
    assert group.kind == OrgKind.GROUP and group.get_parent() == branch
    assert Organisation.objects.get(name="学生党支部").get_parent() == iw.orgs["示范党委"]
    created = AuditEvent.objects.filter(action="org.create", actor=user)
    assert created.count() == 4 and all(e.request_id.startswith(f"imp{batch.pk}-") for e in created)
    assert {(m.model, m.row) for m in ImportMark.objects.filter(batch=batch)} == {
        ("orgs.Organisation", r) for r in (2, 3, 4, 5)}


def test_the_same_file_again_changes_nothing(iw):
    user = iw.users["committee"]
    run(user, tree_file(user, ROWS))
    count = Organisation.objects.count()
    again = check(user, tree_file(user, ROWS))
    assert again.unchanged_count == 4 and again.created_count == 0 and errors_of(again) == {}
    again = confirm_batch(confirm_start(batch=again, actor=user))
    assert Organisation.objects.count() == count and not ImportMark.objects.filter(batch=again).exists()


def test_bad_rows_are_reported_per_cell_and_nothing_is_written(iw):
    user = iw.users["committee"]
    before = Organisation.objects.count()
    batch = run(user, tree_file(user, [
        node("不存在的组织", "党支部", "甲支部"),                 # 2 unknown parent
        node("乙总支", "党支部", "乙支部"),                       # 3 parent below
        node("示范党委", "党总支", "乙总支"),                     # 4 (fine)
        node("丙支部", "党支部", "丁支部"),                       # 5 cycle 5 ↔ 6
        node("丁支部", "党支部", "丙支部"),                       # 6
        node("第一党支部", "党总支", "戊总支"),                   # 7 kind not allowed there
        node("另一党委", "党支部", "己支部"),                     # 8 outside the subtree
        node("示范党委", "党部", "庚支部"),                       # 9 not a kind
        node("示范党委", "党总支", "乙总支"),                     # 10 same as row 4
        node("第一党小组", "党小组", "辛小组"),                   # 11 names repeat: the path is needed
        node("示范党委", "党总支", "第一党支部"),                 # 12 exists as another kind
        node("", "党支部", ""),                                   # 13 required
    ]))
    errors = errors_of(batch)
    assert errors[2] == ["上级组织：“不存在的组织”不是组织树中的组织（名称重复时须写路径，如 示范党委/机关党总支）"]
    assert errors[3] == ["上级组织：“乙总支”由下方的第4行建立：上级组织的行须写在下级之前"]
    assert errors[5] == errors[6] == ["上级组织：第5、6行互为上级（循环）：组织不能在自己之下"]
    assert errors[7] == ["类别：党支部下不能新建党总支。"]
    assert errors[8] == ["上级组织：“另一党委”不在您管理的组织范围内"]
    assert errors[9] == ["类别：“党部”不是下拉列表中的值"]
    assert errors[10] == ["名称：与第4行是同一组织"]
    assert errors[11][0].startswith("上级组织：有多个组织名为“第一党小组”：请写路径，如 示范党委/第一党支部/第一党小组")
    assert errors[12] == ["“第一党支部”在“示范党委”下已是党支部，导入不改变组织的类别。"]
    assert errors[13] == ["名称：必须填写", "上级组织：必须填写"]
    assert 4 not in errors and batch.created_count == 1
    assert Organisation.objects.count() == before + 1  # only 乙总支


def test_a_branch_administrator_imports_no_tree(iw):
    user = iw.users["branch1"]
    batch = run(user, tree_file(user, [node("第一党支部", "党小组", "第三党小组")]))
    assert errors_of(batch) == {2: ["上级组织：“第一党支部”不在您管理的组织范围内"]}
    assert not Organisation.objects.filter(name="第三党小组").exists()


def test_a_renamed_node_is_a_new_node_with_a_warning(iw):
    """Decision: an import only creates. A 党支部 whose name is used elsewhere in the subtree (moved or
    renamed in the file) is created anew, and the preview warns."""
    user = iw.users["committee"]
    run(user, tree_file(user, ROWS))
    batch = check(user, tree_file(user, [*ROWS, node("机关党总支", "党支部", "学生党支部")]))
    row = next(r for r in rows_of(batch) if r["row"] == 6)
    assert row["action"] == "create"
    assert [w["message"] for w in row["warnings"]] == [
        "其他位置已有“示范党委/学生党支部”：导入将另建一个党支部。如需重命名或移动组织，请使用“组织管理”。"]
    assert batch.warning_rows == 1 and batch.created_count == 1
    # Repeated names under parents the file itself creates (a whole tree coming in): no warning.
    batch = check(user, tree_file(user, [node("示范党委", "党总支", "教学党总支"),
                                         node("教学党总支", "党支部", "学生党支部")]))
    assert batch.warning_rows == 0 and batch.created_count == 2


def test_undo_dissolves_the_created_nodes_unless_something_lives_in_them(iw):
    user = iw.users["committee"]
    batch = run(user, tree_file(user, ROWS))
    branch = Organisation.objects.get(name="机关第一党支部")
    member = member_create(actor=user, branch=branch, data={
        "name": "新来的", "member_type": MemberType.FULL, "join_date": date(2010, 1, 1),
        "conversion_date": date(2011, 1, 1), "group": None, "position": "", "discipline": "",
        "discipline_until": None})
    blockers = undo_blockers(batch)
    assert [(b["name"], b["what"]) for b in blockers] == [("机关第一党支部", "名册上还有1名党员，请先办理组织关系转接。")]
    try:
        batch_undo(batch=batch, actor=user)
    except ValidationError:
        pass
    else:
        raise AssertionError("undo must be refused")
    Member.objects.filter(pk=member.pk).delete()  # (as if never added)
    org_rename(actor=user, node=Organisation.objects.get(name="学生党支部"), name="学生第一党支部")
    assert [b["what"] for b in undo_blockers(batch)] == ["组织重命名"]


def test_undo_of_an_untouched_batch(iw):
    user = iw.users["committee"]
    batch = run(user, tree_file(user, ROWS))
    batch = batch_undo(batch=batch, actor=user)
    assert batch.status == BatchStatus.UNDONE
    created = Organisation.objects.filter(name__in=["机关党总支", "机关第一党支部", "第一党小组", "学生党支部"],
                                          path__under=iw.orgs["示范党委"].path, depth__gte=2)
    assert {(o.name, o.dissolved_on) for o in created if o.pk in set(
        ImportMark.objects.filter(batch=batch).values_list("object_id", flat=True))} == {
        (n, date.today()) for n in ("机关党总支", "机关第一党支部", "第一党小组", "学生党支部")}
    # The same file again creates them anew (a dissolved node is never reused).
    assert check(user, tree_file(user, ROWS)).created_count == 4


def test_upload_page_recognises_the_sheet_and_shows_the_preview(iw, client):
    user = iw.users["committee"]
    client.force_login(user)
    upload = SimpleUploadedFile("tree.xlsx", tree_file(user, ROWS), content_type=XLSX)
    response = client.post(reverse("pc:import_list"), {"sheet": "", "file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.sheet == "tree"
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert "新建组织" in page and "上级组织" in page and "身份证号" not in page
    # The template with rows in two sheets (the examples left elsewhere do not count): asked to choose.
    wb = load_workbook(BytesIO(client.get(reverse("pc:import_template")).content))
    wb["组织"].append(["示范党委", "党支部", "新支部"])
    wb["党员名册"].append(["新人", "示范党委/第一党支部", "正式党员"])
    out = BytesIO()
    wb.save(out)
    response = client.post(reverse("pc:import_list"), {
        "sheet": "", "file": SimpleUploadedFile("two.xlsx", out.getvalue(), content_type=XLSX)})
    assert response.status_code == 200 and "请选择要导入的工作表" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_tree_batch_pages_undo_and_scope(iw, client):
    user = iw.users["committee"]
    batch = run(user, tree_file(user, ROWS))
    client.force_login(iw.users["branch1"])  # below the uploader's scope: not its batch
    assert client.get(reverse("pc:import_detail", args=[batch.pk])).status_code == 404
    assert client.post(reverse("pc:import_undo", args=[batch.pk])).status_code == 404
    assert Organisation.objects.filter(name="机关党总支", dissolved_on__isnull=True).exists()
    client.force_login(user)
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert "已导入：新建4个组织。" in page
    page = client.get(reverse("pc:import_undo", args=[batch.pk])).content.decode()
    assert "撤销将撤销本次导入新建的4个组织" in page
    response = client.post(reverse("pc:import_undo", args=[batch.pk]), follow=True)
    assert "导入已撤销：其新建的组织已撤销。" in response.content.decode()
    assert not Organisation.objects.filter(name="机关党总支", dissolved_on__isnull=True).exists()
