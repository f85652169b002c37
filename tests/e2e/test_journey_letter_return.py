"""Journey (c): the branch returns an application letter; the applicant revises and resubmits it."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import ApplicationLetter
from partydev.cases.services import case_register
from partydev.common.idcard import make_id_number
from partydev.process.enums import Education, LetterStatus
from partydev.registration.services import code_create
from tests.e2e.helpers import expect_chinese, label, open_applicant

pytestmark = pytest.mark.e2e

NAME = "周雨辰"
REASON = "申请书未写明入党动机，请补充后重新提交。"


def _submit_letter(phone, content, today):
    phone.locator("textarea[name=content]").fill(content)
    phone.locator("input[name=written_date]").fill(today)
    phone.locator("main form button[type=submit]").click()


def test_returned_letter_is_revised_and_approved(journey, demo):
    today = timezone.localdate().isoformat()
    code = code_create(branch=demo["orgs"]["第一党支部"], actor=demo["users"]["branch1"])
    case = case_register(code=code, password="Chun@2026x", data={
        "name": NAME, "ethnicity": "汉族", "id_number": make_id_number("110108", date(2003, 2, 3), 31, "M"),
        "phone": "13800138031", "education": Education.BACHELOR, "work_unit": "示范大学理学院",
        "username": "zhouyc2026"})

    # The applicant logs in on the phone and submits the letter.
    phone = journey.phone_page()
    journey.login(phone, "zhouyc2026", "Chun@2026x")
    expect(phone).to_have_url(journey.url("/m/"))
    phone.get_by_role("link", name=label("提交入党申请书", "Submit application letter")).click()
    _submit_letter(phone, "敬爱的党组织：我志愿加入中国共产党。", today)
    first = ApplicationLetter.objects.get(case=case)
    assert first.status == LetterStatus.SUBMITTED

    # branch1 opens the letter and returns it with a reason.
    admin = journey.pc_page("branch1")
    open_applicant(admin, NAME)
    admin.locator("#letters").get_by_role("link", name=first.title).click()
    returning = admin.locator("form#return")
    returning.locator("textarea[name=reason]").fill(REASON)
    returning.get_by_role("button", name=label("退回", "Return")).click()
    expect(admin.locator("#letters")).to_contain_text(REASON)
    first.refresh_from_db()
    assert (first.status, first.return_reason) == (LetterStatus.RETURNED, REASON)

    # The applicant sees the reason, revises the letter and resubmits it.
    phone.reload()
    expect(phone.locator("main .alert-warning")).to_contain_text(REASON)
    expect_chinese(phone)
    journey.shot(phone, "mobile-home-returned")
    phone.locator("main a[href$='/m/letter/new/']").click()
    expect(phone.locator("main .alert-warning")).to_contain_text(REASON)
    expect(phone.locator("textarea[name=content]")).to_have_value("敬爱的党组织：我志愿加入中国共产党。")
    journey.shot(phone, "letter-form-revise")
    _submit_letter(phone, "敬爱的党组织：我志愿加入中国共产党。我的入党动机是为人民服务。", today)
    expect(phone).to_have_url(journey.url("/m/"))
    second = ApplicationLetter.objects.filter(case=case).exclude(pk=first.pk).get()
    assert second.status == LetterStatus.SUBMITTED
    expect(phone.locator(f"main a[href$='/m/letters/{second.pk}/']")).to_be_visible()
    journey.shot(phone, "mobile-home-resubmitted")

    # branch1 sees both submissions; only the new one can be approved.
    admin.reload()
    rows = admin.locator("#letters tbody tr")
    expect(rows).to_have_count(2)
    approve = admin.locator("#letters").get_by_role("button", name=label("审批通过", "Approve"))
    expect(approve).to_have_count(1)
    expect(admin.locator(f"#letters form[action$='/letters/{second.pk}/approve/']")).to_have_count(1)
    journey.shot(admin, "case-two-letters")
    approve.click()
    expect(admin.locator("#letters form[action$='/approve/']")).to_have_count(0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (LetterStatus.RETURNED, LetterStatus.APPROVED)
