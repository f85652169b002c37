"""Journey (e): five wrong passwords lock the account (django-axes, 30 minutes)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import contains, expect_chinese

pytestmark = pytest.mark.e2e


def _try(journey, page, password):
    page.goto(journey.url("/accounts/login/"))
    page.locator("input[name=username]").fill("branch1")
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()


def test_five_wrong_passwords_lock_the_account(journey, demo):
    page = journey.pc_page()
    _try(journey, page, "wrong-1")
    expect(page.locator(".alert-danger")).to_contain_text("5")
    journey.shot(page, "login-wrong-password")
    for n in range(2, 6):
        _try(journey, page, f"wrong-{n}")
    expect(page.locator("h1")).to_have_text(contains("账户已锁定", "账号已锁定", "Account locked"))
    expect_chinese(page)
    journey.shot(page, "locked")

    # Even the right password is refused while locked.
    _try(journey, page, "Demo@2026")
    expect(page.locator("h1")).to_have_text(contains("账户已锁定", "账号已锁定", "Account locked"))
    page.goto(journey.url("/pc/"))
    expect(page).to_have_url(journey.url("/accounts/login/?next=/pc/"))
