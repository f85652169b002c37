"""Journey: an administrator turns on two-step verification (QR code, first code, recovery codes)
and then logs in with password and code, in Chromium under the Content-Security-Policy."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from partydev.demo.world import DEMO_PASSWORD
from tests.e2e.helpers import expect_chinese, label

pytestmark = pytest.mark.e2e


def _code(secret: str, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_enrol_then_log_in_with_a_code(journey, demo):
    page = journey.pc_page("auditor")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.locator("header").get_by_role("link", name=label("两步验证", "Two-step verification")).click()
    expect(page.locator("h1")).to_have_text(label("设置两步验证", "Set up two-step verification"))
    expect(page.locator("svg.qr-code")).to_be_visible()
    expect_chinese(page)
    journey.shot(page, "enrol")
    secret = page.locator(".user-select-all").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret  # copied as one string, without spaces

    page.locator("input[name=code]").fill(_code(secret))
    page.get_by_role("button", name=label("确认并开启", "Confirm and turn on")).click()
    codes = page.locator("ol.recovery-codes li")
    expect(codes).to_have_count(10)
    assert all(re.fullmatch(r"[a-z2-7]{10}", c) for c in codes.all_inner_texts())
    expect_chinese(page)
    journey.shot(page, "recovery-codes")
    page.get_by_role("link", name=label("我已保存恢复码", "I have saved the codes")).click()

    page.locator("header").get_by_role("button", name=label("退出登录", "Log out")).click()
    page.locator("input[name=username]").fill("auditor")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(journey.url("/accounts/login/verify/"))
    expect_chinese(page)
    journey.shot(page, "code-page")
    page.locator("input[name=code]").fill(_code(secret, steps_ahead=1))  # the enrolment used this step's
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(journey.url("/pc/"))
    assert blocked == []
