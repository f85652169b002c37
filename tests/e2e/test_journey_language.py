"""Journey (issue 11): the 中文 / English switch on the login page and in the header, remembered for
the user at the next login; a new visitor gets Chinese whatever the browser asks."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_switch_language_and_keep_it_for_the_next_login(journey, demo, browser):
    # A browser set to English still gets the Chinese site.
    english_browser = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = english_browser.new_page()
    page.goto(journey.url("/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("button", name="登录")).to_be_visible()

    # The switch on the login page, then log in in English.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    journey.shot(page, "login-english")
    journey.login(page, "branch1")
    expect(page.locator("nav.sidebar")).to_contain_text("Work reminders")
    # Back to Chinese from the header; the choice is stored for branch1.
    page.locator("header").get_by_role("button", name="中文").click()
    expect(page.locator("nav.sidebar")).to_contain_text("工作提醒")
    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("nav.sidebar")).to_contain_text("Work reminders")
    journey.shot(page, "header-english")
    english_browser.close()

    # Another browser, no cookie: after the login branch1 reads English again.
    other = journey.pc_page()
    other.goto(journey.url("/accounts/login/"))
    expect(other.locator("html")).to_have_attribute("lang", "zh-hans")
    journey.login(other, "branch1")
    expect(other.locator("nav.sidebar")).to_contain_text("Work reminders")
