"""Journey: the branch chooser's search box (docs/performance.md M1) in a real browser. With the limit
lowered the 示范党委 admin finds 第二党支部 by typing part of its name, picks it, and the 申请人管理 list
shows that branch's applicants only; the clear button brings every branch back."""

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.services import case_create_paper
from partydev.common.idcard import make_id_number
from partydev.demo.entries import LETTER_TEXT
from partydev.process.enums import Education
from tests.e2e.helpers import label, open_tab

pytestmark = pytest.mark.e2e

FIRST, SECOND = "甲一同学", "乙二同学"


def _applicant(demo, branch, admin, name, sequence):
    received = timezone.localdate() - timedelta(days=3)
    return case_create_paper(actor=demo["users"][admin], branch=demo["orgs"][branch], data={
        "name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", date(2004, 5, 6), sequence, "M"),
        "phone": f"138001377{sequence:02d}", "education": Education.BACHELOR, "work_unit": "示范大学数学学院"},
        letter={"title": "入党申请书", "content": LETTER_TEXT, "written_date": received, "received_date": received})


def test_filter_the_applicants_by_a_branch_found_through_the_search_box(journey, demo, settings):
    settings.BRANCH_SELECT_LIMIT = 1  # the committee's two branches are then "many"
    _applicant(demo, "第一党支部", "branch1", FIRST, 41)
    _applicant(demo, "第二党支部", "branch2", SECOND, 43)
    second = demo["orgs"]["第二党支部"]

    page = journey.pc_page("committee")
    open_tab(page, "申请人管理", "Applicants")
    table = page.locator("main table")
    expect(table).to_contain_text(FIRST)
    expect(table).to_contain_text(SECOND)
    expect(page.locator("main select[name=branch]")).to_have_count(0)

    box = page.locator("main input[type=search][data-branch-query]")
    box.press_sequentially("第二", delay=50)
    results = page.locator("main [data-branch-results] [data-branch-pick]")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("第二党支部")
    expect(results.first).to_contain_text("示范党委")
    journey.shot(page, "search-results")

    results.first.click()
    expect(box).to_have_value("第二党支部")
    expect(page.locator("main input[type=hidden][name=branch]")).to_have_value(str(second.pk))
    expect(results).to_have_count(0)
    page.locator("main form").get_by_role("button", name=label("查询", "搜索", "Search")).click()

    expect(page).to_have_url(re.compile(rf"[?&]branch={second.pk}\b"))
    # Only the pk travels: the box's text is not sent as the list's own name search (`q`).
    assert parse_qs(urlparse(page.url).query, keep_blank_values=True).get("q") == [""]
    expect(table).to_contain_text(SECOND)
    expect(table).not_to_contain_text(FIRST)
    expect(box).to_have_value("第二党支部")  # the choice is shown again after the reload
    journey.shot(page, "filtered")

    page.locator("main [data-branch-clear]").click()
    expect(box).to_have_value("")
    page.locator("main form").get_by_role("button", name=label("查询", "搜索", "Search")).click()
    expect(page).to_have_url(re.compile(r"[?&]branch=(&|$)"))
    expect(table).to_contain_text(FIRST)
    expect(table).to_contain_text(SECOND)
