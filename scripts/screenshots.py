#!/usr/bin/env python3
"""Full-page screenshots of the main pages of a running server that holds the demo data.

    make run                                   # in another terminal
    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--no-register]

Logs in as each demo account through the login page (password Demo@2026) and writes PNGs into
test-artifacts/screens/: PC pages at 1366×900, phone pages at 390×844. It drives Debian's
/usr/bin/chromium (no `playwright install`), in Chinese (zh-CN).

It writes to the server's database: it creates one registration QR code as branch1 (the fresh code
whose form is shown on the phone) and, unless --no-register, registers one applicant with it to
reach the letter form.
"""

import argparse
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

from playwright.sync_api import Error, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from partydev.common.idcard import make_id_number  # noqa: E402

PASSWORD = "Demo@2026"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PC = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
COMMON = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


class Shooter:
    def __init__(self, browser, base_url: str, out: Path):
        self.browser, self.base, self.out = browser, base_url.rstrip("/"), out
        self.count = 0

    def page(self, kind: str, username: str | None = None) -> Page:
        context = self.browser.new_context(**COMMON, **(PC if kind == "pc" else PHONE))
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("dialog", lambda dialog: dialog.accept())
        if username:
            self.login(page, username)
        return page

    def login(self, page: Page, username: str, password: str = PASSWORD) -> None:
        page.goto(self.base + "/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state()
        if "/accounts/login/" in page.url or page.locator("input[name=password]").count():
            sys.exit(f"Could not log in as {username!r}: is the demo data loaded (make run), "
                     "or is the account locked?")

    def shot(self, page: Page, name: str, path: str | None = None) -> None:
        if path:
            page.goto(self.base + path)
        self.count += 1
        target = self.out / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}  {page.url}")

    def open_link(self, page: Page, selector: str, name: str) -> bool:
        """Click the first link matching `selector`; say so and go on when there is none."""
        link = page.locator(selector).first
        if not link.count():
            print(f"skipped {name}: no link {selector!r} on {page.url}")
            return False
        link.click()
        page.wait_for_load_state()
        return True


def branch_pages(s: Shooter) -> str:
    """branch1's pages; returns the registration link of a fresh QR code."""
    page = s.page("pc", "branch1")
    s.shot(page, "pc-branch1-home")
    s.shot(page, "pc-branch1-code-list", "/pc/registration-codes/")
    page.locator("input[name=title]").fill(f"截图用注册二维码 {time.strftime('%H:%M')}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#reg-url")).to_be_visible()
    link = page.locator("#reg-url").input_value()
    s.shot(page, "pc-branch1-code-detail")
    s.shot(page, "pc-branch1-applicant-list", "/pc/applicants/")
    # 张雨桐 has every record (nothing blocks her filing); 李沐阳 has no talk (blocking problems).
    for name, label in (("张雨桐", "ready"), ("李沐阳", "blocked")):
        page.goto(s.base + "/pc/applicants/")
        if s.open_link(page, f"main table a:text-is('{name}')", f"case {name}"):
            s.shot(page, f"pc-branch1-case-detail-{label}")
            if s.open_link(page, "main a[href$='/filing/']", f"filing page of {name}"):
                s.shot(page, f"pc-branch1-filing-{label}")
    s.shot(page, "pc-branch1-activist-list", "/pc/activists/")
    page.context.close()
    return link


def committee_pages(s: Shooter) -> None:
    page = s.page("pc", "committee")
    s.shot(page, "pc-committee-home")
    s.shot(page, "pc-committee-filing-inbox", "/pc/filings/")
    if s.open_link(page, "main table a[href*='/pc/filings/']", "filing detail"):
        s.shot(page, "pc-committee-filing-detail")
    page.context.close()


def auditor_pages(s: Shooter) -> None:
    page = s.page("pc", "auditor")
    s.shot(page, "pc-auditor-audit-log", "/pc/audit/")
    page.context.close()


def phone_pages(s: Shooter, registration_link: str, register: bool) -> None:
    page = s.page("phone")
    s.shot(page, "phone-login", "/accounts/login/")
    page.context.close()

    page = s.page("phone", "applicant1")
    s.shot(page, "phone-applicant1-home", "/m/")
    if s.open_link(page, "main a[href*='/m/letters/']", "letter detail"):
        s.shot(page, "phone-applicant1-letter")
    page.context.close()

    page = s.page("phone")
    page.goto(registration_link)
    s.shot(page, "phone-register-form")
    if not register:
        page.context.close()
        return
    # A new applicant through the fresh code, to reach the (empty) letter form.
    stamp = int(time.time())
    birth = date(2000 + stamp % 6, 1 + stamp % 12, 1 + stamp % 28)
    fields = {"name": "截图申请人", "id_number": make_id_number("110108", birth, random.randint(0, 99), "F"),
              "phone": f"139{stamp % 100_000_000:08d}", "work_unit": "示范大学",
              "username": f"shot{stamp}", "password1": "Shot@2026x", "password2": "Shot@2026x"}
    for name, value in fields.items():
        page.locator(f"input[name={name}]").fill(value)
    page.locator("select[name=ethnicity]").select_option("汉族")
    page.locator("select[name=education]").select_option("bachelor")
    page.locator("input[name=consent]").check()
    page.locator("input[name=sensitive_consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if not re.search(r"/m/$", page.url):
        s.shot(page, "phone-register-errors")
        print("registration was refused (see the screenshot); letter form skipped")
    else:
        s.shot(page, "phone-new-applicant-home")
        s.shot(page, "phone-letter-form", "/m/letter/new/")
    page.context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screens")
    parser.add_argument("--no-register", action="store_true",
                        help="do not register a new applicant (no letter-form screenshot)")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    for old in options.out.glob("*.png"):  # numbering changes between runs: no stale pictures
        old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        s = Shooter(browser, options.base_url, options.out)
        try:
            link = branch_pages(s)
            committee_pages(s)
            auditor_pages(s)
            phone_pages(s, link, register=not options.no_register)
        except Error as exc:
            sys.exit(f"Browser error: {exc}")
        finally:
            browser.close()
    print(f"{s.count} screenshots in {options.out}")


if __name__ == "__main__":
    main()
