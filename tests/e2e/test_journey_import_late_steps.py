"""Journey (issue 12): an account administering a branch and its 党委 (the migrator of docs/import.md)
fills the template with a full member converted under the 2014 rules, a probationary member of the 2026
rules and a row whose dates break §13, reads the preview (the rule's article beside the row), confirms,
and finds the full member's 全程纪实 complete to the conversion, marked 导入."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from partydev.cases.models import Case
from partydev.orgs.models import Role, RoleGrant
from tests.e2e.helpers import contains, expect_chinese, label
from tests.imports.conftest import id_number

pytestmark = pytest.mark.e2e

BASE = {"民族": "汉族", "手机号码": "13912345678", "学历": "大学本科", "工作（学习）单位": "示范大学",
        "党支部": "示范党委/第一党支部", "培养联系人": "刘芳、张志强", "入党介绍人": "刘芳、张志强"}
FULL_2014 = {
    "姓名": "周老党", "身份证号": id_number("19970611", 21), "收到入党申请书日期": date(2023, 9, 12),
    "谈话日期": date(2023, 9, 24), "确定为入党积极分子日期": date(2024, 3, 1), "支委会研究发展对象日期": date(2025, 3, 10),
    "确定为发展对象日期": date(2025, 3, 20), "政治审查日期": date(2025, 4, 15), "集中培训开始日期": date(2025, 4, 20),
    "集中培训结束日期": date(2025, 4, 23), "集中培训学时": 30, "支委会审查日期": date(2025, 5, 5),
    "预审通过": date(2025, 5, 15), "填写入党志愿书日期": date(2025, 5, 18), "支部大会讨论接收日期": date(2025, 6, 1),
    "上级党委派人谈话日期": date(2025, 6, 10), "党委批准接收日期": date(2025, 6, 20), "编入党小组日期": date(2025, 6, 25),
    "党小组": "第一党小组", "入党宣誓": date(2025, 7, 1), "提出转正申请日期": date(2026, 5, 8),
    "支部大会讨论转正日期": date(2026, 6, 5), "党委批准转正日期": date(2026, 6, 20), "转为正式党员日期": date(2026, 6, 1)}
PROBATIONARY_2026 = {
    "姓名": "吴新员", "身份证号": id_number("20000823", 22, male=False), "收到入党申请书日期": date(2024, 10, 8),
    "谈话日期": date(2024, 10, 20), "确定为入党积极分子日期": date(2025, 6, 1), "支委会研究发展对象日期": date(2026, 6, 10),
    "党委同意（备案）发展对象日期": date(2026, 6, 15), "发展对象公示开始日期": date(2026, 6, 24),
    "发展对象公示结束日期": date(2026, 6, 30), "确定为发展对象日期": date(2026, 7, 1), "政治审查日期": date(2026, 7, 10),
    "集中培训开始日期": date(2026, 7, 13), "集中培训结束日期": date(2026, 7, 16), "集中培训学时": 30,
    "支委会审查日期": date(2026, 7, 20), "预审通过": date(2026, 7, 25), "填写入党志愿书日期": date(2026, 7, 26),
    "支部大会讨论接收日期": date(2026, 8, 10), "上级党委派人谈话日期": date(2026, 8, 15),
    "党委批准接收日期": date(2026, 8, 25)}
TOO_SOON = {"姓名": "郑太急", "身份证号": id_number("19990203", 23), "收到入党申请书日期": date(2023, 9, 12),
            "谈话日期": date(2023, 9, 24), "确定为入党积极分子日期": date(2024, 3, 1),
            "确定为发展对象日期": date(2024, 9, 10)}


def _fill(template: bytes) -> bytes:
    wb = load_workbook(BytesIO(template))
    ws = wb["发展党员"]
    headers = [c.value for c in ws[1]]
    ws.delete_rows(2, ws.max_row)
    for row in (FULL_2014, PROBATIONARY_2026, TOO_SOON):
        ws.append([(BASE | row).get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_people_at_late_steps(journey, demo, tmp_path):
    RoleGrant.objects.create(user=demo["users"]["branch1"], role=Role.COMMITTEE_ADMIN, org=demo["orgs"]["示范党委"])
    admin = journey.pc_page("branch1")
    admin.locator("nav.sidebar").get_by_role("link", name=label("导入", "Excel import")).click()
    with admin.expect_download() as download:
        admin.locator("#download-template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    filled = tmp_path / "党员迁移.xlsx"
    filled.write_bytes(_fill(template.read_bytes()))

    admin.locator("input[name=file]").set_input_files(str(filled))
    admin.locator("#upload").click()
    expect(admin.locator("#count-created")).to_have_text("2")
    expect(admin.locator("#count-errors")).to_have_text("1")
    admin.get_by_role("link", name=label("全部行", "All rows")).click()
    expect(admin.locator("#row-2")).to_contain_text("党委批准转正日期：2026-06-20")
    expect(admin.locator("#row-3")).to_contain_text("确定为发展对象日期：2026-07-01")
    expect(admin.locator("#row-4")).to_contain_text("培养教育考察不满一年")
    expect(admin.locator("#row-4")).to_contain_text("第十三条")
    expect_chinese(admin)
    journey.shot(admin, "preview")
    assert Case.objects.count() == 0

    admin.locator("#confirm-import").click()
    expect(admin.locator("#import-done")).to_contain_text("新增 2 人")
    full = Case.objects.get(name="周老党")
    assert full.stage == "full" and full.full_member_since == date(2026, 6, 1)
    assert Case.objects.get(name="吴新员").stage == "probationary"

    admin.goto(journey.url(f"/pc/cases/{full.public_id}/timeline/"))
    expect(admin.locator("#imported")).to_contain_text("党员迁移.xlsx，第2行")
    expect(admin.locator("main")).to_contain_text("2026-06-20")
    expect(admin.locator("main")).to_contain_text(contains("导入 #", "Import #"))
    journey.shot(admin, "timeline")
