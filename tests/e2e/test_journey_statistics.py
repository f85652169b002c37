"""Journey: 统计分析 (issue 14). The committee administrator opens the year's report of its 党委 on the
demo data (charts drawn, no CSP violation), switches the year, drills down to a branch and back,
exports a table to Excel and the report as PDF, and enters the development plan (a bad number is
refused, a good one shows in the report with its difference)."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from partydev.demo.load import build_cases
from partydev.stats.models import DevelopmentPlan
from partydev.stats.selectors import by_unit
from tests.e2e.helpers import expect_chinese, label
from tests.e2e.test_journey_csp import Violations

pytestmark = pytest.mark.e2e


def test_yearly_report(journey, demo):
    build_cases(demo["orgs"], demo["users"])
    year = timezone.localdate().year
    committee_org = demo["orgs"]["示范党委"]
    violations = Violations()
    page = violations.watch(journey.pc_page("committee"))

    page.locator("nav.sidebar").get_by_role("link", name=label("统计分析", "Statistics")).click()
    expect(page.locator("main h1")).to_contain_text("示范党委")
    expect(page.locator("main h1")).to_contain_text(str(year))
    for chart in ("funnel", "trend", "structure"):
        expect(page.locator(f'[data-chart="{chart}"][data-chart-ready="1"] canvas').first).to_be_visible()
    expect_chinese(page)
    journey.shot(page, "report")

    # Switch the year.
    page.locator("#stats-year-form select[name=year]").select_option(str(year - 1))
    page.locator("#stats-year-form").get_by_role("button", name=label("查看", "Show the year")).click()
    expect(page).to_have_url(re.compile(rf"year={year - 1}"))
    expect(page.locator("main h1")).to_contain_text(str(year - 1))
    journey.shot(page, "previous-year")
    page.locator("#stats-year-form select[name=year]").select_option(str(year))
    page.locator("#stats-year-form").get_by_role("button", name=label("查看", "Show the year")).click()

    # Drill down: the branch's row opens its own report; the breadcrumb leads back.
    units = page.locator("#table-units").locator("xpath=ancestor::div[contains(@class,'stats-table')]")
    units.get_by_role("link", name="第二党支部", exact=True).click()
    expect(page.locator("main h1")).to_contain_text("第二党支部")
    expect_chinese(page)
    journey.shot(page, "branch")
    page.locator("main nav .breadcrumb").get_by_role("link", name="示范党委").click()
    expect(page.locator("main h1")).to_contain_text("示范党委")

    # A branch row's "现有入党申请人" number opens the applicant list filtered to that branch.
    applicants = units.locator("tbody tr", has_text="第一党支部").locator(
        f'a[href*="/applicants/?branch={demo["orgs"]["第一党支部"].pk}"]')
    shown = int(applicants.inner_text())
    applicants.click()
    expect(page).to_have_url(re.compile(r"/applicants/\?branch="))
    expect(page.locator("main table tbody tr")).to_have_count(shown)
    page.go_back()

    # Export the units table: the same numbers as the page.
    with page.expect_download() as download:
        page.locator('[data-export="units"]').click()
    rows = list(load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    expected = by_unit(committee_org, year)
    assert [r[0] for r in rows[3:]] == [u["org"].name for u in expected]
    assert [r[1] for r in rows[3:]] == [u["counts"]["applied"] for u in expected]

    # The whole report as PDF.
    with page.expect_download() as download:
        page.get_by_role("link", name=label("下载统计报告（PDF）", "Download the report (PDF)")).click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # The development plan: -1 is refused, 3 is saved and shown with its difference.
    page.get_by_role("link", name=label("制定发展计划", "Set the development plan")).click()
    branch = demo["orgs"]["第一党支部"]
    field = page.get_by_label("第一党支部")
    field.fill("-1")
    page.locator("main form[method=post]").get_by_role("button", name=label("保存", "Save")).click()
    expect(page.locator("main .invalid-feedback")).to_be_visible()
    journey.shot(page, "plan-refused")
    assert not DevelopmentPlan.objects.exists()
    page.get_by_label("第一党支部").fill("3")
    page.locator("main form[method=post]").get_by_role("button", name=label("保存", "Save")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert DevelopmentPlan.objects.get(unit=branch, year=year).quota == 3
    row = page.locator("#table-units").locator("xpath=ancestor::div[contains(@class,'stats-table')]").locator(
        "tbody tr", has_text="第一党支部")
    expect(row).to_contain_text("3")
    expect_chinese(page)
    journey.shot(page, "plan-in-report")
    assert violations.found == []
