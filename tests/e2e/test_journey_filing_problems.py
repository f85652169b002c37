"""Journey (d): 确定积极分子并备案 is blocked by missing records until the branch enters them."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import Filing
from partydev.cases.services import case_create_paper, filing_submit, letter_approve
from partydev.common.idcard import make_id_number
from partydev.demo.entries import LETTER_TEXT
from partydev.demo.records import prepare_for_filing
from partydev.process.enums import Education, FilingStatus
from tests.e2e.helpers import contains, enter_records, expect_chinese, label, open_applicant

pytestmark = pytest.mark.e2e

NAME = "吴思齐"
ARTICLE = re.compile(r"细则第.+条|Rules, Art\. \d+")


def _paper_case(demo, received, name=NAME, sequence=41):
    return case_create_paper(actor=demo["users"]["branch1"], branch=demo["orgs"]["第一党支部"], data={
        "name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", date(2002, 8, 8), sequence, "M"),
        "phone": f"138001380{sequence:02d}", "education": Education.BACHELOR, "work_unit": "示范大学法学院"},
        letter={"title": "入党申请书", "content": LETTER_TEXT, "written_date": received - timedelta(days=1),
                "received_date": received})


def test_blocked_filing_is_fixed_then_filed(journey, demo):
    today = timezone.localdate()
    branch1 = demo["users"]["branch1"]
    # Setup: a paper application received five days ago and approved; nothing else recorded.
    case = _paper_case(demo, today - timedelta(days=5))
    letter_approve(letter=case.applicationletters.get(), actor=branch1)

    admin = journey.pc_page("branch1")
    open_applicant(admin, NAME)
    # 下一步 on the person page: 确定积极分子并备案 is disabled, the three blocking problems beside it
    # with their article — nothing to click through to find out.
    next_steps = admin.locator("#next-steps")
    expect(next_steps.get_by_role("button", name=label("确定积极分子并备案", "Determine as activist and file"))
           ).to_be_disabled()
    blocking = next_steps.locator(".next-problems li.text-danger")
    expect(blocking).to_have_count(3)
    for item, topic in zip(blocking.all(), (("谈话", "talk"), ("推荐", "recommendation"),
                                              ("决议", "resolution")), strict=True):
        expect(item).to_contain_text(contains(*topic))
        expect(item).to_contain_text(ARTICLE)
    expect_chinese(admin)
    journey.shot(admin, "filing-blocked")
    assert not Filing.objects.filter(case=case).exists()

    # Enter what is missing, and file.
    enter_records(admin, journey, today.isoformat())
    admin.get_by_role("link", name=label("确定积极分子并备案", "Determine as activist and file")).click()
    expect(admin.locator(".problem-blocking")).to_have_count(0)
    journey.shot(admin, "filing-ready")
    admin.get_by_role("button", name=label("确定", "Confirm")).click()
    expect(admin.locator("main h1")).to_contain_text(NAME)
    expect(admin.locator("main h1 .badge.text-bg-warning")).to_be_visible()  # 已备案，待党委审核
    assert Filing.objects.get(case=case).status == FilingStatus.PENDING
    journey.shot(admin, "case-filed")


def test_committee_sees_no_blocking_problem_on_a_complete_filing(journey, demo):
    """The filing under review must not count as "a filing is already waiting" against itself."""
    today = timezone.localdate()
    received = today - timedelta(days=90)
    case = _paper_case(demo, received, name="郑可欣", sequence=42)
    # Setup: letter approved, talk, recommendation and passed resolution, all in order (as the demo does).
    prepare_for_filing(case, demo["users"]["branch1"], received)
    filing = filing_submit(case=case, actor=demo["users"]["branch1"], sent_on=today)
    assert filing.status == FilingStatus.PENDING

    committee = journey.pc_page("committee")
    committee.locator("nav.sidebar a[href$='/pc/filings/']").click()
    committee.locator("main table").get_by_role("link", name="郑可欣").click()
    journey.shot(committee, "filing-detail")
    blocking = committee.locator(".problem-blocking")
    expect(blocking, f"blocking problems shown: {blocking.all_inner_texts()}").to_have_count(0)
