"""Journey (issue 12): a branch administrator downloads the import template, fills in three people with
openpyxl, uploads it, reads the preview, confirms, finds the people in 申请人管理 and their 全程纪实
marked 导入, then undoes the batch."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from partydev.cases.models import Case
from tests.e2e.helpers import contains, expect_chinese, label, open_tab
from tests.imports.conftest import id_number

pytestmark = pytest.mark.e2e

PEOPLE = [
    ("赵一鸣", id_number("19990203", 11), date(2026, 11, 2), None),
    ("钱二妹", id_number("20000415", 12, male=False), date(2026, 11, 3), date(2026, 11, 20)),
    ("孙三立", id_number("19980808", 13), date(2026, 11, 4), date(2026, 11, 25)),
]


def _fill(template: bytes) -> bytes:
    wb = load_workbook(BytesIO(template))
    ws = wb["发展党员"]
    headers = [c.value for c in ws[1]]
    ws.delete_rows(2, ws.max_row)
    for name, number, received, talk in PEOPLE:
        row = {"姓名": name, "身份证号": number, "民族": "汉族", "手机号码": "13912345678", "学历": "大学本科",
               "工作（学习）单位": "示范大学", "党支部": "示范党委/第一党支部", "收到入党申请书日期": received,
               "谈话日期": talk}
        ws.append([row.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_people_from_excel_and_undo(journey, tmp_path):
    admin = journey.pc_page("branch1")
    admin.locator("nav.sidebar").get_by_role("link", name=label("导入", "Excel import")).click()
    expect(admin.locator("main h1")).to_contain_text(contains("导入", "Excel import"))
    expect_chinese(admin)
    journey.shot(admin, "imports")

    with admin.expect_download() as download:
        admin.locator("#download-template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    filled = tmp_path / "发展党员名单.xlsx"
    filled.write_bytes(_fill(template.read_bytes()))

    admin.locator("input[name=file]").set_input_files(str(filled))
    admin.locator("#upload").click()
    expect(admin.locator("#count-created")).to_have_text("3")
    expect(admin.locator("#count-errors")).to_have_text("0")
    admin.get_by_role("link", name=label("全部行", "All rows")).click()
    expect(admin.locator("#import-rows tbody tr")).to_have_count(3)
    expect(admin.locator("#row-3")).to_contain_text("谈话日期：2026-11-20")
    expect(admin.locator("#import-rows")).not_to_contain_text(PEOPLE[0][1])  # masked
    expect_chinese(admin)
    journey.shot(admin, "preview")
    assert Case.objects.count() == 0

    admin.locator("#confirm-import").click()
    expect(admin.locator("#import-done")).to_contain_text("新增 3 人")
    journey.shot(admin, "imported")

    open_tab(admin, "申请人管理", "Applicants")
    for name, *_rest in PEOPLE:
        expect(admin.locator("main table")).to_contain_text(name)
    journey.shot(admin, "applicants")
    admin.locator("main table").get_by_role("link", name="钱二妹", exact=True).click()
    case = Case.objects.get(name="钱二妹")
    admin.goto(journey.url(f"/pc/cases/{case.public_id}/timeline/"))
    expect(admin.locator("#imported")).to_contain_text("发展党员名单.xlsx，第3行")
    journey.shot(admin, "timeline")

    admin.locator("nav.sidebar").get_by_role("link", name=label("导入", "Excel import")).click()
    admin.locator("#batches").get_by_role("link", name=label("撤销", "Undo")).click()
    expect(admin.locator("main")).to_contain_text("撤销将删除此次导入新增的 3 人")
    journey.shot(admin, "undo-confirm")
    admin.locator("#confirm-undo").click()
    expect(admin.locator("main")).to_contain_text("此导入已撤销")
    open_tab(admin, "申请人管理", "Applicants")
    expect(admin.locator("main table")).not_to_contain_text("钱二妹")
    journey.shot(admin, "undone")
    assert Case.objects.filter(erased_at__isnull=True).count() == 0
