"""Journey (issue 11): a branch secretary opens the PC pages on a phone (390 px wide). The menu is
folded behind a button that opens and closes it; no page scrolls sideways — a wide table scrolls
inside its card; and the keyboard finds the skip link first, with a visible focus ring."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from partydev.cases.models import Case
from partydev.demo.load import build_cases
from partydev.process.enums import MeetingPurpose, Stage
from tests.e2e.helpers import PHONE, contains, label

pytestmark = pytest.mark.e2e

WIDTH = PHONE["viewport"]["width"]


def assert_no_sideways_scroll(page: Page) -> None:
    width, scroll = page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    assert width == WIDTH
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def settled(menu) -> None:
    """Bootstrap's collapse ignores clicks while it slides (.collapsing, 0.35 s)."""
    expect(menu).not_to_have_class(re.compile(r"\bcollapsing\b"))


def test_pc_pages_fit_a_phone_with_a_folded_menu(journey, demo):
    build_cases(demo["orgs"], demo["users"])
    branch = demo["orgs"]["第一党支部"]
    case = Case.objects.filter(branch=branch, stage=Stage.ACTIVIST).order_by("pk").first()
    target = Case.objects.filter(branch=branch, stage=Stage.TARGET).order_by("pk").first()
    page = journey.phone_page("branch1")

    # The home page: the menu is folded; its button opens it and closes it again.
    page.goto(journey.url(reverse("pc:home")))
    menu, toggle = page.locator("nav.sidebar"), page.locator("header .navbar-toggler")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name(label("菜单", "Menu"))
    assert_no_sideways_scroll(page)
    journey.shot(page, "home")
    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    settled(menu)
    assert_no_sideways_scroll(page)
    journey.shot(page, "home-menu-open")
    toggle.click()
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")

    # From the opened menu to a list; the list's table scrolls inside its card, the page does not.
    toggle.click()
    settled(menu)  # the menu slides open: click its link once it stands still
    menu.get_by_role("link", name=contains("工作提醒", "Work reminders")).click()
    expect(page.locator("main h1")).to_have_text(label("工作提醒", "Work reminders"))
    expect(page.locator("nav.sidebar")).to_be_hidden()
    assert_no_sideways_scroll(page)
    for path, step in ((reverse("pc:activist_list"), "activist-list"),
                       (reverse("pc:case_detail", args=[case.public_id]), "person-page"),
                       (reverse("pc:timeline", args=[case.public_id]), "timeline"),
                       (reverse("pc:record_new", args=[case.public_id, "talks"]), None),
                       (reverse("pc:meeting_new", args=[target.public_id, MeetingPurpose.ADMISSION]), "meeting-form"),
                       (reverse("pc:applicant_list"), None), (reverse("pc:full_list"), None),
                       (reverse("pc:reminders"), None), (reverse("pc:code_list"), None)):
        page.goto(journey.url(path))
        assert_no_sideways_scroll(page)
        if step:
            journey.shot(page, step)
    table = page.locator("main table").first
    if table.count():
        assert table.evaluate("t => t.scrollWidth <= t.closest('main').clientWidth + 1 || "
                              "getComputedStyle(t).overflowX === 'auto' || "
                              "getComputedStyle(t.parentElement).overflowX === 'auto'")

    # A list wider than the phone says so above it and fades out at its right edge until scrolled
    # to the end; a narrow table gets no hint.
    page.goto(journey.url(reverse("pc:activist_list")))
    wide = page.locator("main table.table").first
    expect(wide).to_have_class(re.compile(r"\bscrolls\b"))
    expect(page.locator("main .scroll-hint").first).to_have_text(contains("左右滑动", "Swipe sideways"))
    expect(page.locator("main .scroll-hint").first).to_be_visible()
    journey.shot(page, "wide-table-hint")
    wide.evaluate("t => { t.scrollLeft = t.scrollWidth; t.dispatchEvent(new Event('scroll')); }")
    expect(wide).to_have_class(re.compile(r"\bscrolled-to-end\b"))
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(page.locator("main .scroll-hint")).to_have_count(0)
    page.set_viewport_size(PHONE["viewport"])

    # The keyboard: the first Tab reaches the skip link, shown with a focus ring; Enter moves to main.
    page.goto(journey.url(reverse("pc:activist_list")))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_text(label("跳到主要内容", "Skip to main content"))
    journey.shot(page, "skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    ring = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert ring[0] == "solid" and ring[1] >= 2, ring
