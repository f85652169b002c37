"""Journeys (issue 11) for the branch's tools around the process: the registration notice before the
QR code, 导出台账 with the list's filters, resetting an applicant's password with a one-time link,
and 退回重新备案 to an earlier step with its date and reason (seen by the applicant on the phone)."""

import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from partydev.cases.models import Case, StageChange
from partydev.cases.services import case_register
from partydev.common.idcard import make_id_number
from partydev.demo.applicants import build_applicants
from partydev.demo.members import build_members
from partydev.process.enums import Education
from partydev.registration.services import code_create
from tests.e2e.helpers import contains, expect_chinese, label, open_applicant, open_tab

pytestmark = pytest.mark.e2e


def _register(demo, name, username, password, serial):
    code = code_create(branch=demo["orgs"]["第一党支部"], actor=demo["users"]["branch1"])
    return case_register(code=code, password=password, data={
        "name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", date(2003, 2, 3), serial, "M"),
        "phone": f"138001380{serial:02d}", "education": Education.BACHELOR, "work_unit": "示范大学理学院",
        "username": username})


def test_the_registration_notice_is_prepared_before_the_code(journey, demo):
    admin = journey.pc_page("branch1")
    admin.locator("nav.sidebar").get_by_role("link", name=label("新发展用户", "New users")).click()
    expect_chinese(admin)
    admin.get_by_role("link", name=label("编辑通知", "Edit notice")).first.click()
    send_on = timezone.localdate() + timedelta(days=3)
    admin.locator("input[name=send_date]").fill(send_on.isoformat())
    admin.locator("select[name=send_hour]").select_option("20")
    admin.locator("input[name=valid_minutes]").fill("30")
    admin.locator("main form").get_by_role("button", name=label("保存", "Save")).click()
    slot = f"{send_on.month}月{send_on.day}日20点整"
    expect(admin.locator("main")).to_contain_text(slot)
    journey.shot(admin, "notice-saved")

    # At the time slot: 新发展人员注册二维码 creates the code; its page shows the notice beside it,
    # with the code's own expiry filled in.
    admin.locator("main form").get_by_role("button", name=label("新发展人员注册二维码",
                                                                "Registration QR code for new members")).click()
    expect(admin.locator("main")).to_contain_text("入党申请人集中注册通知")
    expect(admin.locator("main")).to_contain_text(re.compile(r"有效期仅30分钟（至\d+月\d+日 \d\d:\d\d）"))
    expect(admin.locator("main svg, main img").first).to_be_visible()
    expect_chinese(admin)
    journey.shot(admin, "code-with-notice")


def test_the_ledger_export_follows_the_list_filters(journey, demo):
    admin = journey.pc_page("branch1")
    build_applicants(demo["orgs"], demo["users"], timezone.localdate())  # the demo's applicants
    open_tab(admin, "申请人管理", "Applicants")
    expect(admin.locator("main table tbody tr")).to_have_count(4)
    admin.locator("main form input[name=q]").fill("王")
    admin.locator("main form").get_by_role("button", name=label("查询", "Search")).click()
    expect(admin).to_have_url(re.compile(r"[?&]q="))
    expect(admin.locator("main table tbody tr").first).to_contain_text("王")
    names = admin.locator("main table tbody tr td:first-child a").all_inner_texts()
    assert names and all("王" in n for n in names), names
    with admin.expect_download() as download:
        admin.get_by_role("link", name=label("导出台账", "Export the ledger")).click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    header = [c.value for c in sheet[1]]
    column = next(i for i, h in enumerate(header) if h in ("姓名", "Name"))
    exported = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    assert sorted(exported) == sorted(names)
    journey.shot(admin, "filtered-list-exported")


def test_an_applicant_password_is_reset_with_a_one_time_link(journey, demo):
    _register(demo, "钟晓岚", "zhongxl2026", "Zhong@2026x", 41)
    admin = journey.pc_page("branch1")
    open_applicant(admin, "钟晓岚")
    admin.get_by_role("link", name=label("重置登录密码", "Reset login password")).click()
    admin.locator("main form button[type=submit]").click()
    url = admin.locator("#reset-url").input_value()
    assert "/accounts/password/reset/" in url
    expect_chinese(admin)
    journey.shot(admin, "reset-link-issued")

    phone = journey.phone_page()
    phone.goto(url)
    expect_chinese(phone)
    phone.locator("input[name=new_password1]").fill("Xin#Mima2026")
    phone.locator("input[name=new_password2]").fill("Xin#Mima2026")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    journey.shot(phone, "reset-done-login")
    journey.login(phone, "zhongxl2026", "Xin#Mima2026")
    expect(phone).to_have_url(journey.url("/m/"))
    # The link works once.
    phone.goto(url)
    expect(phone.locator("main")).to_contain_text(contains("已被使用", "already been used"))


def test_return_to_an_earlier_step_with_its_date_and_reason(journey, demo):
    case = _register(demo, "孔令仪", "kongly2026", "Kong@2026x", 42)
    build_members(demo["orgs"], demo["users"])  # the demo's 郑浩, 吴佳怡 and the target 周明轩
    admin = journey.pc_page("branch1")

    # An applicant back to be filed again: the phone shows why.
    open_applicant(admin, "孔令仪")
    admin.get_by_role("link", name=label("退回重新备案", "Return for re-filing")).click()
    radios = admin.locator("main input[name=point]")
    expect(radios).to_have_count(2)
    assert not any(r.is_checked() for r in radios.all())
    expect(admin.locator("input[name=effective_date]")).to_have_value(timezone.localdate().isoformat())
    admin.locator("main input[name=point][value=filing]").check()
    admin.locator("main textarea[name=reason]").fill("培养考察材料需补充完整。")
    admin.locator("main form").get_by_role("button", name=label("退回", "Return")).click()
    expect(admin.locator(".alert-success[role=alert]")).to_be_visible()
    phone = journey.phone_page()
    journey.login(phone, "kongly2026", "Kong@2026x")
    expect(phone.locator("#returned")).to_contain_text("培养考察材料需补充完整。")
    expect_chinese(phone)
    journey.shot(phone, "phone-return-reason")

    # A development target (周明轩, demo) back to the activist stage, dated the day the branch decided.
    open_tab(admin, "发展对象管理", "Development targets")
    admin.locator("main table").get_by_role("link", name="周明轩", exact=True).click()
    admin.get_by_role("link", name=label("退回重新备案", "Return for re-filing")).click()
    expect(admin.locator("main input[name=point]")).to_have_count(3)
    on = timezone.localdate() - timedelta(days=1)
    admin.locator("main input[name=point][value=activist]").check()
    admin.locator("input[name=effective_date]").fill(on.isoformat())
    admin.locator("main textarea[name=reason]").fill("政审材料不全，重新考察。")
    journey.shot(admin, "return-target-form")
    admin.locator("main form").get_by_role("button", name=label("退回", "Return")).click()
    expect(admin.locator("main h1 .badge")).to_contain_text(contains("积极分子", "Activist"))
    target = Case.objects.get(name="周明轩")
    assert (target.stage, target.target_since) == ("activist", None)
    change = StageChange.objects.get(case=target, action="returned_activist")
    assert (change.effective_date, change.reason) == (on, "政审材料不全，重新考察。")
    assert case.pk != target.pk
    expect_chinese(admin)
    journey.shot(admin, "target-returned")


def test_introducers_are_found_by_browsing_another_branch(journey, demo):
    build_members(demo["orgs"], demo["users"])  # the target 周明轩 of 第一党支部
    admin = journey.pc_page("branch1")
    open_tab(admin, "发展对象管理", "Development targets")
    admin.locator("main table").get_by_role("link", name="周明轩", exact=True).click()
    admin.locator("main a[href$='/introducers/']").first.click()
    expect_chinese(admin)
    # 第二党支部 is browsed from the list of the 党委's other branches; another 党委's are not offered.
    branches = admin.locator("select#introducer-branch option").all_inner_texts()
    assert "第二党支部" in branches and "另一党支部" not in branches
    admin.locator("select#introducer-branch").select_option(label="第二党支部")
    results = admin.locator("#introducer-results")
    expect(results).to_contain_text("周杰（第二党支部）")
    results.get_by_label(re.compile("^周杰")).check()
    admin.locator("main form").get_by_label("王建国", exact=True).check()
    journey.shot(admin, "introducers-browsed")
    admin.locator("main form").get_by_role("button", name=label("保存", "Save")).click()
    expect(admin.locator("#introducers")).to_contain_text("周杰")
    expect(admin.locator("#introducers")).to_contain_text("王建国")
    journey.shot(admin, "introducers-saved")
