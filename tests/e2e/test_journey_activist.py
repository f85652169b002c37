"""Journey (a): from a branch's registration QR code to an activist accepted by the committee."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import ApplicationLetter, Case, Filing
from partydev.common.idcard import make_id_number
from partydev.process.enums import FilingStatus, LetterStatus, Stage
from tests.e2e.helpers import contains, enter_records, expect_chinese, label, open_applicant, open_tab

pytestmark = pytest.mark.e2e

NAME = "林晓彤"


def test_qr_registration_through_activist_filing(journey, demo):
    today = timezone.localdate().isoformat()

    # branch1: 新发展用户 → 新发展人员注册二维码.
    admin = journey.pc_page("branch1")
    expect_chinese(admin)
    journey.shot(admin, "pc-home")
    admin.locator("nav.sidebar").get_by_role("link", name=label("新发展用户", "New users")).click()
    expect(admin.locator("main")).to_contain_text(contains("新发展人员注册二维码", "Registration QR code for new members"))
    admin.locator("input[name=title]").fill("秋季入党申请人集中注册")
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator("#qr svg")).to_be_visible()
    expect(admin.locator("#time-left")).to_have_text(re.compile(r"\d"))
    expect(admin.locator("[data-copy-target='#notice']")).to_be_visible()
    notice = admin.locator("#notice").input_value()
    assert "第一党支部" in notice and "30" in notice
    link = admin.locator("#reg-url").input_value()
    assert re.search(r"/m/register/[\w-]{16,}/$", link), link
    expect_chinese(admin)
    journey.shot(admin, "code-detail")

    # The applicant scans the code on a phone (a separate browser: no admin session).
    phone = journey.phone_page()
    phone.goto(link)
    expect_chinese(phone)
    journey.shot(phone, "register-form")
    for name, value in {"name": NAME, "id_number": make_id_number("110108", date(2004, 6, 1), 21, "F"),
                        "phone": "13800138021", "work_unit": "示范大学文学院", "username": "linxt2026",
                        "password1": "Chun@2026x", "password2": "Chun@2026x"}.items():
        phone.locator(f"input[name={name}]").fill(value)
    phone.locator("select[name=ethnicity]").select_option("汉族")
    phone.locator("select[name=education]").select_option("bachelor")
    phone.locator("input[name=consent]").check()
    phone.locator("input[name=sensitive_consent]").check()
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(journey.url("/m/"))
    expect(phone.locator("main")).to_contain_text(NAME)
    case = Case.objects.get(name=NAME)
    assert (case.branch.name, case.user.username, case.gender, case.stage) == ("第一党支部", "linxt2026", "F",
                                                                              Stage.APPLICANT)
    journey.shot(phone, "mobile-home-registered")

    # 入党申请书 from the phone.
    phone.get_by_role("link", name=label("提交入党申请书", "Submit application letter")).click()
    phone.locator("textarea[name=content]").fill("敬爱的党组织：我志愿加入中国共产党。")
    phone.locator("input[name=written_date]").fill(today)
    expect_chinese(phone)
    journey.shot(phone, "letter-form")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(journey.url("/m/"))
    letter = ApplicationLetter.objects.get(case=case)
    assert letter.status == LetterStatus.SUBMITTED
    expect(phone.get_by_role("link", name=letter.title)).to_be_visible()
    journey.shot(phone, "mobile-home-letter-submitted")

    # branch1: 申请人管理 → name → the letter's title → 审批通过.
    open_applicant(admin, NAME)
    expect_chinese(admin)
    admin.locator("#letters").get_by_role("link", name=letter.title).click()
    expect(admin.locator(".letter-content")).to_contain_text("我志愿加入中国共产党")
    journey.shot(admin, "letter-detail")
    admin.get_by_role("button", name=label("审批通过", "Approve")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED

    enter_records(admin, journey, today)
    journey.shot(admin, "case-detail-records")

    # 确定积极分子并备案 → nothing blocks → 确定.
    admin.get_by_role("link", name=label("确定积极分子并备案", "Determine as activist and file")).click()
    expect(admin.locator("main")).to_contain_text(contains("当前备案存在问题", "Problems with the current filing"))
    expect(admin.locator(".problem-blocking")).to_have_count(0)
    expect_chinese(admin)
    journey.shot(admin, "filing-submit")
    admin.get_by_role("button", name=label("确定", "Confirm")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    filing = Filing.objects.get(case=case)
    assert filing.status == FilingStatus.PENDING

    # The committee accepts the filing from its inbox.
    committee = journey.pc_page("committee")
    committee.locator("nav.sidebar a[href$='/pc/filings/']").click()
    expect_chinese(committee)
    journey.shot(committee, "filing-inbox")
    committee.locator("main table").get_by_role("link", name=NAME).click()
    expect_chinese(committee)
    journey.shot(committee, "filing-detail")
    committee.locator("form[action$='/accept/'] button[type=submit]").click()
    expect(committee).to_have_url(journey.url("/pc/filings/"))
    case.refresh_from_db()
    filing.refresh_from_db()
    assert (case.stage, filing.status, case.activist_since) == (Stage.ACTIVIST, FilingStatus.ACCEPTED,
                                                                 timezone.localdate())

    open_tab(committee, "积极分子管理", "Activists")
    expect(committee.locator("main table").get_by_role("link", name=NAME)).to_be_visible()
    journey.shot(committee, "activist-list")

    # The applicant's phone now shows the activist stage.
    phone.reload()
    expect(phone.locator("main .card").first.locator(".badge")).to_have_text(contains("积极分子", "Activist"))
    journey.shot(phone, "mobile-home-activist")
