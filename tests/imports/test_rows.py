"""Per-row, per-cell checks in the preview, and the rule engine's problems for each valid row. The
check writes nothing."""

from datetime import date

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, StageChange
from partydev.imports.models import BatchStatus
from partydev.imports.services import rows_of

from .conftest import errors_of, id_number, person, run_check, workbook


def test_valid_rows_are_previewed_and_nothing_is_written(iw):
    events = AuditEvent.objects.count()
    batch = run_check(iw.users["migrator"], workbook(iw.users["migrator"], [
        person(1), person(2, talk=date(2026, 1, 20)),
        person(3, received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 3, 10),
               contacts="王建国、李红梅")]))
    assert batch.status == BatchStatus.PREVIEWED
    assert (batch.total_rows, batch.error_rows, batch.created_count) == (3, 0, 3)
    rows = {r["row"]: r for r in rows_of(batch)}
    # The recommendation, the 支委会 and the filing on the activist date (the optional columns left empty).
    assert rows[4]["changes"] == [["谈话日期", "", "2025-01-20"], ["推荐日期", "", "2025-03-10"],
                                  ["支委会研究确定积极分子日期", "", "2025-03-10"], ["报党委备案日期", "", "2025-03-10"],
                                  ["确定为入党积极分子日期", "", "2025-03-10"], ["培养联系人", "", "李红梅、王建国（2025-03-10）"]]
    assert rows[2]["id_masked"] != person(1)["id_number"]  # masked on the page
    assert Case.objects.count() == 0 and StageChange.objects.count() == 0
    assert AuditEvent.objects.count() == events + 1  # the upload itself


def test_dates_in_text_and_excel_serials_are_read(iw):
    user = iw.users["migrator"]
    batch = run_check(user, workbook(user, [
        person(1, received="2025-03-01", talk="2025/3/5"),
        person(2, received="2025年3月1日", talk=45721),  # 45721 = 2025-03-05
        person(3, received="2025.3.1", talk="20250305")]))
    assert errors_of(batch) == {}
    assert {r["changes"][0][2] for r in rows_of(batch)} == {"2025-03-05"}


def test_cell_errors_name_the_row_and_the_column(iw):
    user = iw.users["branch1"]
    bad_check = id_number("19980101", 7)[:-1] + ("0" if id_number("19980101", 7)[-1] != "0" else "1")
    batch = run_check(user, workbook(user, [
        person(1),
        person(2, id_number=bad_check),
        person(3, id_number=person(1)["id_number"]),
        person(4, branch="不存在的支部"),
        person(5, branch="第二党支部"),
        person(6, received="2024-02-30"),
        person(7, received=date(2026, 3, 1), talk=date(2026, 2, 1)),
        person(8, gender="女"),
        person(9, ethnicity="火星族"),
        person(10, activist_since=date(2026, 2, 1)),
        person(11, received="明天"),
    ]))
    errors = errors_of(batch)
    assert 2 not in errors
    assert errors[3] == ["身份证号：身份证号码校验位不正确。"] or "校验" in errors[3][0]
    assert errors[4] == ["身份证号：与第2行是同一人"]
    assert "不是组织树中的党支部" in errors[5][0]
    assert errors[6] == ["党支部：“第二党支部”不在您管理的党支部范围内"]
    assert errors[7] == ["收到入党申请书日期：2024-02-30 不是有效日期"]
    assert errors[8] == ["谈话日期：早于“收到入党申请书日期”（2026-03-01）"]
    assert errors[9] == ["性别：与身份证号不一致"]
    assert errors[10][0].startswith("民族：")
    assert errors[11] == ["确定为入党积极分子日期：须先填写“谈话日期”"]
    assert errors[12][0].startswith("收到入党申请书日期：不是日期")
    assert batch.error_rows == 10 and batch.created_count == 1
    assert Case.objects.count() == 0


def test_the_rules_check_each_person_as_if_entered_by_hand(iw):
    user = iw.users["migrator"]
    batch = run_check(user, workbook(user, [
        # Under 18 when the application was received: the activist filing is refused (blocking, with its article).
        person(1, id_number=id_number("20100101", 1), received=date(2026, 1, 5), talk=date(2026, 1, 10),
               activist_since=date(2026, 2, 1)),
        # The talk two months after the application: a warning, still imported.
        person(2, received=date(2025, 1, 5), talk=date(2025, 3, 20), activist_since=date(2025, 4, 1)),
        # A probationary member as cultivation contact: refused by the contacts rule.
        person(3, received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 4, 1),
               contacts="黄敏"),
    ]))
    rows = {r["row"]: r for r in rows_of(batch)}
    assert rows[2]["problems"] and "18" in rows[2]["problems"][0]["message"]
    assert rows[2]["problems"][0]["article"]
    assert not rows[3]["problems"]
    assert any("一个月" in w["message"] for w in rows[3]["warnings"])
    assert "预备党员" in rows[4]["problems"][0]["message"]
    assert batch.error_rows == 2 and batch.warning_rows == 1
    assert Case.objects.count() == 0


def test_a_branch_admin_leaves_the_committee_decision_pending(iw):
    user = iw.users["branch1"]
    batch = run_check(user, workbook(user, [
        person(1, received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 3, 10)),
        person(2, received=date(2025, 1, 5), talk=date(2025, 1, 20), activist_since=date(2025, 3, 10),
               contacts="王建国")]))
    rows = {r["row"]: r for r in rows_of(batch)}
    assert rows[2]["pending"] and not rows[2]["problems"]
    assert "须待党委处理备案" in rows[3]["problems"][0]["message"]
