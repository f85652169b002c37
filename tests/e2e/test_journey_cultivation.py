"""Journey (issue 3): an activist gets two contacts, writes a thought report on the phone that the branch
marks read, the branch enters each kind of opinion, and the reminders page's due dates move on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import ContactAssignment, Opinion, ThoughtReport
from partydev.common.dates import add_months
from partydev.process.versions import version_on
from tests.e2e.helpers import (
    contains,
    expect_chinese,
    label,
    make_activist,
    open_activist,
    open_reminders,
    reminder_row,
    save,
)

pytestmark = pytest.mark.e2e

NAME = "苏文博"
USERNAME = "suwb2026"
OWN_CONTACT, OTHER_CONTACT = "王建国", "吴静"  # 第一党支部 / 第二党支部, both full members
CONTACTS_DUE = contains("指定培养联系人", "Appoint cultivation contacts")
REPORT_DUE = contains("思想汇报", "Thought report")
# (section anchor, label in Chinese and English, content) of each opinion kind; the last is not half-yearly.
OPINIONS = [
    ("opinion-education", ("教育培养意见", "Education and cultivation opinion"), "学习党章认真，理论基础扎实。"),
    ("opinion-branch_inspection", ("支部考察意见", "Branch inspection opinion"), "支部考察认为该同志表现良好。"),
    ("opinion-contact_confirmation", ("培养联系人确定意见", "Cultivation contact's opinion"), "联系人同意继续培养。"),
    ("opinion-members_masses", ("党员群众意见", "Opinion of party members and the masses"), "群众反映该同志乐于助人。"),
    ("opinion-party_group", ("党小组意见", "Party group opinion"), "党小组一致认为进步明显。"),
]
HALF_YEARLY = OPINIONS[:4]


def article(rule_number: str, on) -> str:
    """The citation the page shows: the version in force on `on` (2014 before 2026-05-11), 第N条."""
    return f"{version_on(on).code}年细则第{rule_number}条"


def test_contacts_report_and_opinions_move_the_reminders(journey, demo):
    today = timezone.localdate()
    # Setup: an activist for seven months, so the first half-year already ended with nothing entered.
    since = add_months(today, -7)
    case = make_activist(demo, NAME, since=since, sequence=51, username=USERNAME)
    first_end, second_start = add_months(since, 6), add_months(since, 6) + timedelta(days=1)

    # branch1: 工作提醒 lists the activist's contacts, thought report and half-yearly opinions, overdue.
    admin = journey.pc_page("branch1")
    open_reminders(admin)
    row = reminder_row(admin, NAME, CONTACTS_DUE)
    expect(row.locator("td").nth(3)).to_have_text(since.isoformat())
    expect(row.locator("td").nth(5)).to_have_text(article("九", since))
    expect(row.locator(".badge.text-bg-danger")).to_be_visible()
    row = reminder_row(admin, NAME, REPORT_DUE)
    expect(row.locator("td").nth(3)).to_have_text(add_months(since, 3).isoformat())
    for _, names, _ in HALF_YEARLY:
        row = reminder_row(admin, NAME, contains(*names))
        expect(row.locator("td").nth(3)).to_have_text(first_end.isoformat())
        expect(row.locator("td").nth(5)).to_have_text(article("十一", since))
        expect(row.locator(".badge.text-bg-danger")).to_be_visible()
    expect_chinese(admin)
    journey.shot(admin, "reminders-before")

    # 去办理 on the contacts row leads to the person's page; 选择 → one own member, one found by search.
    reminder_row(admin, NAME, CONTACTS_DUE).get_by_role("link").click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    expect_chinese(admin)
    journey.shot(admin, "activist-detail-new")
    admin.locator("#contacts").get_by_role("link", name=label("选择", "Choose")).click()
    admin.get_by_label(OWN_CONTACT, exact=True).check()
    admin.locator("input[name=q]").fill(OTHER_CONTACT)
    found = admin.locator("#contact-results").get_by_label(f"{OTHER_CONTACT}（第二党支部）")
    found.check()
    admin.locator("input[name=assigned_on]").fill((since + timedelta(days=10)).isoformat())
    expect_chinese(admin)
    journey.shot(admin, "contacts-form")
    save(admin)
    expect(admin.locator(".alert-success")).to_contain_text(contains("培养联系人已保存", "contacts have been saved"))
    contacts = admin.locator("#contacts")
    expect(contacts).to_contain_text(OWN_CONTACT)
    expect(contacts).to_contain_text(OTHER_CONTACT)
    assert sorted(ContactAssignment.objects.filter(case=case, ended_on=None).values_list("member__name", flat=True)) \
        == sorted([OWN_CONTACT, OTHER_CONTACT])
    open_reminders(admin)
    expect(reminder_row(admin, NAME, CONTACTS_DUE)).to_have_count(0)
    expect(reminder_row(admin, NAME, REPORT_DUE)).to_have_count(1)

    # The activist, on the phone: contacts' names, then 撰写思想汇报.
    phone = journey.phone_page(USERNAME)
    phone.goto(journey.url("/m/"))
    expect(phone.locator("main")).to_contain_text(OWN_CONTACT)
    expect(phone.locator("main")).to_contain_text(OTHER_CONTACT)
    expect_chinese(phone)
    journey.shot(phone, "mobile-home-contacts")
    phone.get_by_role("link", name=label("撰写思想汇报", "Write a thought report")).click()
    phone.locator("input[name=title]").fill("2026年第四季度思想汇报")
    phone.locator("textarea[name=content]").fill("敬爱的党组织：\n    近三个月我认真学习党的理论，积极参加志愿服务……")
    phone.locator("input[name=written_on]").fill(today.isoformat())
    expect_chinese(phone)
    journey.shot(phone, "report-form")
    phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(journey.url("/m/"))
    report = ThoughtReport.objects.get(case=case)
    entry = phone.locator("main .card").filter(has_text=report.title)
    expect(entry.locator(".badge")).to_have_text(label("未阅", "Not read yet"))
    journey.shot(phone, "mobile-home-report-sent")

    # branch1 sees it unread, opens it and marks it read with a comment.
    open_activist(admin, NAME)
    reports = admin.locator("#reports")
    expect(reports.locator("tr").filter(has_text=report.title).locator(".badge")).to_have_text(
        label("未阅", "Not read yet"))
    reports.get_by_role("link", name=report.title).click()
    expect(admin.locator(".letter-content")).to_contain_text("积极参加志愿服务")
    admin.locator("textarea[name=comment]").fill("学习体会真切，望继续保持。")
    expect_chinese(admin)
    journey.shot(admin, "report-detail")
    admin.get_by_role("button", name=label("标记为已阅", "Mark as read")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    expect(admin.locator("#reports tr").filter(has_text=report.title).locator(".badge")).to_have_text(
        label("已阅", "Read"))
    report.refresh_from_db()
    assert (report.read_by.username, report.comment) == ("branch1", "学习体会真切，望继续保持。")

    phone.reload()
    expect(entry.locator(".badge")).to_have_text(label("已阅", "Read"))
    phone.get_by_role("link", name=report.title).click()
    expect(phone.locator("main")).to_contain_text("学习体会真切，望继续保持。")
    expect_chinese(phone)
    journey.shot(phone, "mobile-report-read")

    # One record of each opinion kind, dated inside the first half-year, so that period is done.
    given_on = add_months(since, 3).isoformat()
    for anchor, names, content in OPINIONS:
        section = admin.locator(f"#{anchor}")
        expect(section.locator(".card-header")).to_contain_text(contains(*names))
        section.get_by_role("link", name=label("新增", "Add")).click()
        admin.locator("input[name=given_on]").fill(given_on)
        admin.locator("input[name=author]").fill(OWN_CONTACT if "contact" in anchor else "第一党支部支委会")
        if "contact" in anchor:
            admin.locator("select[name=contact]").select_option(label=OWN_CONTACT)
        admin.locator("textarea[name=content]").fill(content)
        if anchor == OPINIONS[2][0]:
            expect_chinese(admin)
            journey.shot(admin, "opinion-form-contact")
        save(admin)
        expect(admin.locator(f"#{anchor}")).to_contain_text(content)
    assert Opinion.objects.get(case=case, kind="contact_confirmation").contact.name == OWN_CONTACT
    assert Opinion.objects.filter(case=case).count() == 5
    expect_chinese(admin)
    journey.shot(admin, "activist-detail-complete")

    # The half-yearly kinds are now due at the end of the second half-year (beyond 30 days: show all).
    open_reminders(admin, show="all")
    for _, names, _ in HALF_YEARLY:
        row = reminder_row(admin, NAME, contains(*names))
        expect(row.locator("td").nth(3)).to_have_text(add_months(since, 12).isoformat())
        expect(row.locator("td").nth(5)).to_have_text(article("十一", second_start))
        expect(row.locator(".badge.text-bg-danger")).to_have_count(0)
    row = reminder_row(admin, NAME, REPORT_DUE)
    expect(row.locator("td").nth(3)).to_have_text(add_months(today, 3).isoformat())
    expect_chinese(admin)
    journey.shot(admin, "reminders-after")

    # Opinions about the activist never reach the phone.
    phone.goto(journey.url("/m/"))
    expect(phone.locator("main")).to_contain_text(report.title)
    body = phone.locator("body").inner_text()
    assert not [content for _, _, content in OPINIONS if content in body]
    journey.shot(phone, "mobile-home-final")
