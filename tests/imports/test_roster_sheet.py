"""The sheet 党员名册: members created and updated through the structure services (scope, audit,
marks), per-cell errors, re-import, undo and what refuses it."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partydev.audit.models import AuditEvent
from partydev.cases.services import case_create_paper
from partydev.demo import entries
from partydev.imports.models import BatchStatus, ImportBatch, ImportMark
from partydev.imports.roster import ROSTER
from partydev.imports.services import batch_undo, confirm_batch, confirm_start, rows_of, undo_blockers
from partydev.imports.workbook import build_template
from partydev.orgs.models import Member, MemberType
from partydev.structure.services import member_transfer_within

from .conftest import errors_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TODAY = date(2026, 12, 7)


def member(name, **values) -> dict:
    row = {"name": name, "branch": "第一党支部", "member_type": "正式党员", "join_date": date(2015, 7, 1),
           "conversion_date": date(2016, 7, 1)}
    row.update(values)
    return row


def roster_file(user, rows: list[dict]) -> bytes:
    data = build_template(ROSTER, ROSTER.context(user, TODAY))
    wb = load_workbook(BytesIO(data))
    ws = wb[str(ROSTER.title)]
    ws.delete_rows(2, ws.max_row)
    keys = [c.key for c in ROSTER.columns]
    for r in rows:
        ws.append([r.get(k) for k in keys])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def check(user, data, name="roster.xlsx"):
    from partydev.imports.services import batch_upload, check_batch

    return check_batch(batch_upload(importer=user, file_name=name, data=data, sheet="roster"))


def run(user, data, name="roster.xlsx"):
    batch = check(user, data, name)
    return confirm_batch(confirm_start(batch=batch, actor=user))


ROWS = [member("新党员甲", group="第一党小组", position="宣传委员"),
        member("新党员乙", member_type="预备党员", join_date=date(2026, 7, 1), conversion_date=None),
        member("新党员丙", join_date="2001/7/1", conversion_date="2002年7月1日")]


def test_template_has_the_roster_sheet_with_drop_downs_and_examples(iw, client):
    client.force_login(iw.users["branch1"])
    response = client.get(reverse("pc:import_template"))
    wb = load_workbook(BytesIO(response.content))
    assert "党员名册" in wb.sheetnames and "发展党员" in wb.sheetnames
    ws = wb["党员名册"]
    assert [c.value for c in ws[1]] == ["姓名", "党支部", "党员类别", "入党日期", "转正日期", "党小组", "党内职务"]
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(formulas) == {"B2", "C2"}  # branch, member type
    lists = wb["lists"]
    branch_col = formulas["B2"].split("$")[1]
    type_col = formulas["C2"].split("$")[1]
    assert lists[f"{branch_col}1"].value == "示范党委/第一党支部" and lists[f"{branch_col}2"].value is None
    assert [lists[f"{type_col}{r}"].value for r in (1, 2)] == ["正式党员", "预备党员"]
    assert ws["A2"].value.endswith("（示例）") and ws["A3"].value and ws["A4"].value is None
    guide = "\n".join(str(c.value) for c in wb["说明"]["A"] if c.value)
    assert "党员名册" in guide and "入党日期" in guide
    # The examples of the people sheet keep their drop-down lists in their own columns.
    people_lists = {dv.formula1 for dv in wb["发展党员"].data_validations.dataValidation}
    assert not people_lists & set(formulas.values())


def test_a_file_of_members_is_imported_through_the_service(iw):
    user = iw.users["branch1"]
    before = Member.objects.count()
    batch = check(user, roster_file(user, ROWS))
    assert batch.status == BatchStatus.PREVIEWED and errors_of(batch) == {}
    assert batch.created_count == 3 and Member.objects.count() == before  # the preview wrote nothing
    batch = confirm_batch(confirm_start(batch=batch, actor=user))
    assert batch.status == BatchStatus.DONE and batch.created_count == 3 and batch.failed_count == 0
    jia = Member.objects.get(name="新党员甲")
    assert jia.branch == iw.orgs["第一党支部"] and jia.group == iw.orgs["第一党支部/第一党小组"]
    assert jia.member_type == MemberType.FULL and jia.position == "宣传委员"
    assert jia.join_date == date(2015, 7, 1) and jia.conversion_date == date(2016, 7, 1)
    bing = Member.objects.get(name="新党员丙")
    assert bing.join_date == date(2001, 7, 1) and bing.conversion_date == date(2002, 7, 1)
    yi = Member.objects.get(name="新党员乙")
    assert yi.member_type == MemberType.PROBATIONARY and yi.conversion_date is None
    created = AuditEvent.objects.filter(action="member.create", actor=user)
    assert created.count() == 3
    assert all(e.request_id.startswith(f"imp{batch.pk}-") for e in created)
    assert AuditEvent.objects.filter(action="import.row", object_type="member").count() == 3
    marks = ImportMark.objects.filter(batch=batch)
    assert {(m.model, m.object_id, m.created, m.case_id) for m in marks} == {
        ("orgs.Member", m.pk, True, None) for m in (jia, yi, bing)}
    assert {m.row for m in marks} == {2, 3, 4}


def test_bad_cells_are_reported_per_cell_and_nothing_is_written(iw):
    user = iw.users["branch1"]
    before = Member.objects.count()
    batch = run(user, roster_file(user, [
        member("坏甲", member_type="党员"),
        member("坏乙", join_date="2015-02-30"),
        member("坏丙", join_date=date(2016, 1, 1), conversion_date=date(2015, 1, 1)),
        member("坏丁", member_type="预备党员"),
        member("坏戊", group="第九党小组"),
        member("坏己", group="第一党小组/x", join_date=date(2027, 1, 1), conversion_date=None),
        member("坏庚", branch="不存在的支部"),
        member("", position="委员"),
        member("坏甲", member_type="正式党员"),
    ]))
    errors = errors_of(batch)
    assert errors == {
        2: ["党员类别：“党员”不是下拉列表中的值"],
        3: ["入党日期：2015-02-30 不是有效日期"],
        4: ["转正日期：早于“入党日期”（2016-01-01）"],
        5: ["转正日期：预备党员尚无转正日期"],
        6: ["党小组：“第九党小组”不是“第一党支部”的党小组"],
        7: ["入党日期：不能晚于今天", "党小组：“第一党小组/x”不是“第一党支部”的党小组"],
        8: ["党支部：“不存在的支部”不是组织树中的党支部（名称重复时须写路径，如 示范党委/第一党支部）"],
        9: ["姓名：必须填写"],
        10: ["姓名：与第2行是同一名党员"],
    }
    assert batch.created_count == 0 and Member.objects.count() == before
    assert not AuditEvent.objects.filter(action="member.create").exists()


def test_a_branch_outside_the_importers_scope_is_refused(iw):
    user = iw.users["branch1"]
    batch = run(user, roster_file(user, [member("越界甲", branch="第二党支部"),
                                         member("越界乙", branch="另一党委/另一党支部")]))
    errors = errors_of(batch)
    assert errors[2][0].startswith("党支部：") and errors[3][0].startswith("党支部：")
    assert not Member.objects.filter(name__startswith="越界").exists()
    # The committee administrator manages every roster of its subtree, not another committee's.
    committee = iw.users["committee"]
    batch = run(committee, roster_file(committee, [member("越界甲", branch="第二党支部"),
                                                   member("越界乙", branch="另一党支部")]))
    assert list(errors_of(batch)) == [3]
    assert Member.objects.get(name="越界甲").branch == iw.orgs["第二党支部"]
    assert not Member.objects.filter(name="越界乙").exists()


def test_the_services_refusal_is_a_row_problem(iw):
    """A rule only the structure service checks (no date before 1921) reaches the preview as the
    row's problem, in the service's words; nothing is written."""
    user = iw.users["branch1"]
    batch = run(user, roster_file(user, [member("早到甲", join_date=date(1900, 7, 1), conversion_date=None),
                                         member("早到乙")]))
    row = rows_of(batch)[0]
    assert row["errors"] == [] and row["problems"] == [{"message": "日期不能早于1921年7月1日。", "article": ""}]
    assert batch.created_count == 1 and batch.error_rows == 1
    assert not Member.objects.filter(name="早到甲").exists() and Member.objects.filter(name="早到乙").exists()


def test_the_same_file_again_changes_nothing_and_a_changed_row_updates(iw):
    user = iw.users["branch1"]
    data = roster_file(user, ROWS)
    run(user, data)
    events = AuditEvent.objects.exclude(action__startswith="import.").count()
    again = run(user, data)
    assert again.created_count == 0 and again.updated_count == 0 and again.unchanged_count == 3
    assert AuditEvent.objects.exclude(action__startswith="import.").count() == events
    assert not ImportMark.objects.filter(batch=again).exists()
    # An existing member of the demo roster, unchanged: matched by branch and name.
    wang = Member.objects.get(name="王建国")
    same = check(user, roster_file(user, [member("王建国", join_date=wang.join_date,
                                                 conversion_date=wang.conversion_date, group="第一党小组")]))
    assert rows_of(same)[0]["action"] == "unchanged"
    # Changed rows: the preview says what changes; the confirmation updates through member_update.
    changed = [member("新党员甲", group="第二党小组", position="组织委员"),
               member("新党员乙", member_type="正式党员", join_date=date(2026, 7, 1),
                      conversion_date=date(2026, 11, 1))]
    batch = check(user, roster_file(user, changed))
    rows = {r["name"]: r for r in rows_of(batch)}
    assert rows["新党员甲"]["action"] == "update"
    assert rows["新党员甲"]["changes"] == [["党小组", "第一党小组", "第二党小组"], ["党内职务", "宣传委员", "组织委员"]]
    assert rows["新党员乙"]["changes"] == [["党员类别", "预备党员", "正式党员"], ["转正日期", "", "2026-11-01"]]
    assert Member.objects.get(name="新党员甲").position == "宣传委员"  # nothing written by the preview
    batch = confirm_batch(confirm_start(batch=batch, actor=user))
    assert batch.updated_count == 2
    jia = Member.objects.get(name="新党员甲")
    assert jia.group == iw.orgs["第一党支部/第二党小组"] and jia.position == "组织委员"
    assert Member.objects.get(name="新党员乙").member_type == MemberType.FULL
    assert AuditEvent.objects.filter(action="member.update", request_id__startswith=f"imp{batch.pk}-").count() == 2
    assert not ImportMark.objects.filter(batch=batch, created=True).exists()
    # A batch that updated members cannot be undone.
    assert {b["name"] for b in undo_blockers(batch)} == {"新党员甲", "新党员乙"}


def test_undo_removes_the_members_it_created(iw):
    user = iw.users["branch1"]
    data = roster_file(user, ROWS)
    batch = run(user, data)
    assert undo_blockers(batch) == []
    batch = batch_undo(batch=batch, actor=user)
    assert batch.status == BatchStatus.UNDONE
    assert not Member.objects.filter(name__startswith="新党员").exists()
    assert AuditEvent.objects.filter(action="member.remove", actor=user).count() == 3
    assert AuditEvent.objects.filter(action="import.undo", object_id=str(batch.pk)).exists()
    assert run(user, data).created_count == 3  # and they can be imported again


@pytest.mark.parametrize("use", ["talker", "transfer", "edit"])
def test_undo_refused_when_a_member_was_used(iw, use):
    user = iw.users["migrator"]
    batch = run(user, roster_file(user, ROWS))
    jia = Member.objects.get(name="新党员甲")
    if use == "talker":
        case = case_create_paper(actor=user, branch=iw.orgs["第一党支部"], data={
            "name": "谈话对象", "ethnicity": "汉族", "id_number": "11010119980101101X", "phone": "13800000001",
            "education": "bachelor", "work_unit": "示范大学"}, letter={
            "title": "入党申请书", "content": "申请", "written_date": date(2026, 11, 1),
            "received_date": date(2026, 11, 1)})
        entries.talk(case, user, date(2026, 11, 10), talkers=[jia])
    elif use == "transfer":
        member_transfer_within(actor=user, member=jia, to_branch=iw.orgs["第二党支部"],
                               transferred_on=date(2026, 11, 1))
    else:
        from partydev.structure.services import member_update

        member_update(actor=iw.users["branch1"], member=jia, data={
            "name": jia.name, "member_type": jia.member_type, "join_date": jia.join_date,
            "conversion_date": jia.conversion_date, "group": jia.group, "position": "书记", "discipline": ""})
    blockers = undo_blockers(batch)
    assert blockers and {b["name"] for b in blockers} == {"新党员甲"}
    with pytest.raises(ValidationError):
        batch_undo(batch=batch, actor=user)
    assert Member.objects.filter(name__startswith="新党员").count() == 3


def test_upload_page_takes_the_roster_sheet(iw, client):
    user = iw.users["branch1"]
    client.force_login(user)
    response = client.post(reverse("pc:import_list"), {
        "sheet": "roster", "file": SimpleUploadedFile("r.xlsx", roster_file(user, ROWS[:1]), content_type=XLSX)})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.sheet == "roster"
    page = client.get(reverse("pc:import_detail", args=[batch.pk])).content.decode()
    assert "党员名册" in page and "新党员甲" in page
    # Worded for members: no 身份证号 column, "新增党员", the roster's confirmation sentence.
    assert "新增党员" in page and "新增人员" not in page and "身份证号" not in page
    assert "确认后将在党员名册中新增 1 名党员" in page
    client.post(reverse("pc:import_confirm", args=[batch.pk]))
    assert Member.objects.filter(name="新党员甲").exists()
    page = client.get(reverse("pc:import_undo", args=[batch.pk])).content.decode()
    assert "撤销将删除本次导入新增到党员名册的 1 名党员" in page
    client.post(reverse("pc:import_undo", args=[batch.pk]))
    assert not Member.objects.filter(name="新党员甲").exists()
