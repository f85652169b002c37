"""Journey (issue 10 finding 14): the main PC pages, the branch chooser's search (htmx) and the phone
pages work under the Content-Security-Policy in Chromium: the browser reports no violation and no
script error while a branch secretary, the committee and an applicant click through them."""

from collections import deque
from datetime import date, timedelta
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from partydev.cases.models import Case
from partydev.cases.services import case_create_paper
from partydev.common.idcard import make_id_number
from partydev.process.enums import Education
from partydev.registration.services import code_create
from tests.e2e.helpers import DEMO_PASSWORD, open_tab

pytestmark = pytest.mark.e2e

# Reported to the page's console by the browser itself ("Refused to load the script ... because it
# violates the following Content Security Policy directive") and, for every kind of violation, by
# this listener, which Playwright adds before any of the page's own scripts (CSP does not apply to it).
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`);
});"""
MAX_PAGES = 25
SKIP = ("/logout", "/attachments/", "qr.png", "/dossier", ".xlsx", ".pdf")  # downloads are not pages


class Violations:
    def __init__(self):
        self.found: list[str] = []

    def watch(self, page: Page) -> Page:
        page.context.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        return page

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text or text.startswith("CSP violation"):
            self.found.append(text)


def visit(page: Page, journey, start: list[str], prefix: str) -> list[str]:
    """Open `start` and the same-site pages linked from them (under `prefix`), at most MAX_PAGES."""
    seen, queue, visited = set(start), deque(start), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(journey.url(path))
        page.wait_for_load_state("load")
        visited.append(path)
        if response is None or response.status != 200:
            continue
        for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            link = urldefrag(href)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith(prefix) or any(s in link for s in SKIP):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited


def _applicant_with_a_phone_account(demo, username):
    received = timezone.localdate() - timedelta(days=3)
    case = case_create_paper(actor=demo["users"]["branch1"], branch=demo["orgs"]["第一党支部"], data={
        "name": "柯明远", "ethnicity": "汉族", "id_number": make_id_number("110108", date(2004, 5, 6), 61, "M"),
        "phone": "13800137761", "education": Education.BACHELOR, "work_unit": "示范大学数学学院"},
        letter={"title": "入党申请书", "content": "我志愿加入中国共产党。" * 20, "written_date": received,
                "received_date": received})
    user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
    Case.objects.filter(pk=case.pk).update(user=user)


def test_pages_work_under_the_content_security_policy(journey, demo, settings):
    settings.BRANCH_SELECT_LIMIT = 1  # the committee's pages then use the htmx branch search
    _applicant_with_a_phone_account(demo, "kemy2026")
    code = code_create(branch=demo["orgs"]["第一党支部"], actor=demo["users"]["branch1"], title="注册")
    violations = Violations()

    branch = violations.watch(journey.pc_page())
    journey.login(branch, "branch1")
    visited = visit(branch, journey, ["/pc/", reverse("pc:activist_list"), reverse("pc:code_list")], "/pc/")
    assert len(visited) >= 10
    journey.shot(branch, "branch-pages")

    committee = violations.watch(journey.pc_page())
    journey.login(committee, "committee")
    open_tab(committee, "申请人管理", "Applicants")
    box = committee.locator("main input[type=search][data-branch-query]")
    box.press_sequentially("第二", delay=50)
    expect(committee.locator("main [data-branch-results] [data-branch-pick]")).to_have_count(1)
    visit(committee, journey, ["/pc/", reverse("pc:filing_inbox")], "/pc/")

    applicant = violations.watch(journey.phone_page())
    applicant.goto(journey.url(reverse("mobile:register", args=[code.token])))
    expect(applicant.locator("form input[name=id_number]")).to_have_count(1)
    journey.login(applicant, "kemy2026")
    visit(applicant, journey, ["/m/"], "/m/")
    journey.shot(applicant, "phone-home")

    assert violations.found == []
