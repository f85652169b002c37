"""Shared pieces of the browser journeys: pages per role, log-in, screenshots, bilingual labels."""

import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

from partydev.demo.world import DEMO_PASSWORD

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
PC_VIEWPORT = {"width": 1366, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1}
# The zh_Hans catalogue is read when the server process starts; without it pages render English.
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
HAS_CATALOGUE = CATALOGUE.exists()
# Untranslated English source text: two or more words in a row, or one capitalised word ("Done").
# Demo names, login names (branch1) and file names never match.
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,})+\b|\b[A-Z][a-z]{2,}\b")


def label(*names: str) -> re.Pattern:
    """An accessible-name pattern that accepts the Chinese label or its English source."""
    return re.compile(r"^\s*(?:" + "|".join(re.escape(n) for n in names) + r")\s*$")


def contains(*names: str) -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in names))


def expect_chinese(page: Page) -> None:
    """The page is served in Chinese: lang is zh-hans and, once the catalogue is compiled, no
    untranslated English phrase is visible."""
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    if HAS_CATALOGUE:
        # "English" is the language switch's own button (includes/language_switch.html), not a leftover.
        leftovers = [w for w in ENGLISH_PHRASE.findall(page.locator("body").inner_text()) if w != "English"]
        assert not leftovers, f"English left on {page.url}: {leftovers}"


def tiny_png() -> bytes:
    """A valid 1×1 red PNG (uploads are checked by content)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


@dataclass
class Journey:
    base_url: str
    test_name: str
    pc: Callable
    phone: Callable
    _shots: int = field(default=0)

    def url(self, path: str) -> str:
        return self.base_url + path

    def _page(self, make_context, username):
        page = make_context().new_page()
        # data-confirm forms ask window.confirm(); Playwright would dismiss it and cancel the submit.
        page.on("dialog", lambda dialog: dialog.accept())
        if username:
            self.login(page, username)
        return page

    def pc_page(self, username: str | None = None) -> Page:
        return self._page(self.pc, username)

    def phone_page(self, username: str | None = None) -> Page:
        return self._page(self.phone, username)

    def login(self, page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(self.url("/accounts/login/"))
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form button[type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    def shot(self, page: Page, step: str) -> Path:
        self._shots += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.test_name}-{self._shots:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


# --- steps shared by several journeys --------------------------------------------------------------

def open_tab(page: Page, *names: str, href_tail: str = "") -> None:
    """发展党员 from the menu → one of its tabs (申请人管理, 积极分子管理, …), by name or by address."""
    page.locator("nav.sidebar").get_by_role("link", name=label("发展党员", "Party member development")).click()
    tabs = page.locator("main nav.development-tabs")
    (tabs.locator(f"a[href$='{href_tail}']") if href_tail else tabs.get_by_role("link", name=label(*names))).click()


def open_applicant(page: Page, name: str) -> None:
    """发展党员 → 申请人管理 → click the person's name (as the seed manual describes)."""
    open_tab(page, "申请人管理", "Applicants")
    page.locator("main table").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("main h1")).to_contain_text(name)


def save(page: Page) -> None:
    page.locator("main form").get_by_role("button", name=label("保存", "Save")).click()


def enter_records(page: Page, journey: Journey, on: str, talkers=("王建国", "李红梅")) -> None:
    """From the case page: 录入谈话记录 (with a PNG), 推荐推优情况记录 and 支委会决议 (通过), all dated `on`."""
    page.get_by_role("link", name=label("录入谈话记录", "Enter talk record")).click()
    expect_chinese(page)
    page.locator("input[name=talk_date]").fill(on)
    for name in talkers:
        page.get_by_label(name, exact=True).check()
    page.locator("input[name=place]").fill("学院党员活动室")
    page.locator("textarea[name=content]").fill("了解入党动机、学习工作经历和对党的认识。")
    page.locator("input[name=attachments]").set_input_files(
        files=[{"name": "谈话记录.png", "mimeType": "image/png", "buffer": tiny_png()}])
    journey.shot(page, "talk-form")
    save(page)
    talk_card = page.locator("#talk-deadline")
    expect(talk_card).to_contain_text("、".join(talkers))
    expect(talk_card.get_by_role("link", name=contains("谈话记录.png"))).to_be_visible()

    page.get_by_role("link", name=label("推荐推优情况记录", "Record recommendation")).click()
    page.locator("input[name=recommended_on]").fill(on)
    page.locator("select[name=method]").select_option("mass_org")
    page.locator("textarea[name=note]").fill("团支部推优，票数过半")
    save(page)
    expect(page.locator("#recommendations")).to_contain_text("团支部推优")

    page.get_by_role("link", name=label("支委会决议", "Record resolution")).click()
    page.locator("input[name=meeting_date]").fill(on)
    page.locator("input[name=result][value=passed]").check()
    page.locator("textarea[name=note]").fill("支委会应到5人，实到5人，一致同意")
    save(page)
    expect(page.locator("#resolutions")).to_contain_text("一致同意")


# --- the activist stage (part 二) -----------------------------------------------------------------

def make_activist(demo, name: str, *, since, sequence: int, username: str | None = None):
    """Setup through the services: a paper applicant of 第一党支部 whose part 一 is complete, filed and
    accepted as an activist from `since`. With `username` the person gets a phone account
    (password Demo@2026), attached as a registered applicant's would be."""
    # Imported here so that this section can be appended without touching the imports above.
    from datetime import date, timedelta

    from django.contrib.auth import get_user_model

    from partydev.cases.models import Case
    from partydev.cases.services import case_create_paper, filing_accept, filing_submit
    from partydev.common.idcard import make_id_number
    from partydev.demo.entries import LETTER_TEXT
    from partydev.demo.records import prepare_for_filing
    from partydev.process.enums import Education

    branch1, received = demo["users"]["branch1"], since - timedelta(days=90)
    case = case_create_paper(actor=branch1, branch=demo["orgs"]["第一党支部"], data={
        "name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", date(2003, 4, 4), sequence, "M"),
        "phone": f"138001390{sequence:02d}", "education": Education.BACHELOR, "work_unit": "示范大学历史学院"},
        letter={"title": "入党申请书", "content": LETTER_TEXT, "written_date": received - timedelta(days=1),
                "received_date": received})
    prepare_for_filing(case, branch1, received)
    filing = filing_submit(case=case, actor=branch1, sent_on=since)
    filing_accept(filing=filing, actor=demo["users"]["committee"], effective_date=since)
    if username:
        user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD)
        Case.objects.filter(pk=case.pk).update(user=user)
    case.refresh_from_db()
    return case


def open_activist(page: Page, name: str) -> None:
    """发展党员 → 积极分子管理 → click the person's name."""
    open_tab(page, "积极分子管理", "Activists")
    page.locator("main table").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("main h1")).to_contain_text(name)


def open_reminders(page: Page, show: str = "") -> None:
    """工作提醒 from the menu; `show` ("all", "overdue") is chosen in the 显示范围 filter."""
    page.locator("nav.sidebar").get_by_role("link", name=label("工作提醒", "Work reminders")).click()
    expect(page.locator("main h1")).to_have_text(label("工作提醒", "Work reminders"))
    if show:
        page.locator("select[name=window]").select_option(show)
        page.get_by_role("button", name=label("筛选", "Filter")).click()
        expect(page).to_have_url(re.compile(rf"window={show}"))


def reminder_row(page: Page, name: str, what: re.Pattern):
    """The reminders table's row for one person and one kind of work (事项)."""
    return page.locator("main table tbody tr").filter(has_text=name).filter(
        has=page.locator("td:nth-child(3)", has_text=what))


# --- steps 7–25 (issue 5) -------------------------------------------------------------------------
# Links are found by their target (href) where the Chinese label is still being settled: the same
# button then works in either language, and the section it sits in is named by its anchor.

def add_record(page: Page, slug: str, values: dict, *, radios: dict | None = None,
               selects: dict | None = None, shows: str = "") -> None:
    """The 新增/录入 button of the person page's section `#slug`, the form filled and saved; back on the
    person page the section lists the record (`shows` is a text of its row)."""
    page.locator(f"#{slug} a[href$='/{slug}/new/']").click()
    form = page.locator("main form")
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (radios or {}).items():
        form.locator(f"input[name={name}][value={value}]").check()
    for name, value in (selects or {}).items():
        form.locator(f"select[name={name}]").select_option(label=value)
    save(page)
    expect(page.locator(f"#{slug}")).to_contain_text(shows or next(iter(values.values())))


def send_request(page: Page, kind: str, on: str | None = None) -> None:
    """报上级党委… from the person page: the check page shows nothing blocking, then the date it is
    sent (`on`, the page offers today) and 确定."""
    page.locator(f"main a[href$='/requests/{kind}/']").first.click()
    expect(page.locator(".problem-blocking")).to_have_count(0)
    if on:
        page.locator("main form input[name=on]").fill(on)
    page.locator("main form").get_by_role("button", name=label("确定", "Confirm")).click()
    expect(page.locator(".alert-success[role=alert]")).to_be_visible()


def open_request(page: Page, name: str) -> None:
    """The committee's inbox (备案审核) → the person's pending request."""
    page.locator("nav.sidebar a[href$='/pc/filings/']").click()
    page.locator("main table").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("main")).to_contain_text(name)


def decide(page: Page, on: str, opinion: str = "") -> None:
    """On the committee's request page: the decision's date, the written opinion, then the accept button."""
    form = page.locator("form[action$='/accept/']")
    form.locator("input[name=effective_date]").fill(on)
    if opinion:
        form.locator("textarea[name=opinion]").fill(opinion)
    if form.locator("input[name=committee_meeting_on]").count():
        # An approval: the Party committee's own meeting and vote (§24), held the same day.
        form.locator("input[name=committee_meeting_on]").fill(on)
        for field, value in (("for", "7"), ("against", "0"), ("abstain", "0")):
            form.locator(f"input[name=committee_votes_{field}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/pc/filings/$"))


def set_attendance(page: Page, attendance: dict) -> None:
    """The 支部党员大会 form: name → status (present|written|absent|excluded) or (status, reason)."""
    for name, status in attendance.items():
        status, reason = status if isinstance(status, tuple) else (status, "")
        row = page.locator("table.meeting-attendance tbody tr").filter(has_text=name)
        row.locator(f"input[value={status}]").check()
        row.locator("input[name^=reason_]").fill(reason)


def fill_votes(page: Page, votes_for: int, against: int = 0, abstain: int = 0) -> None:
    """The tallies, and how the vote was taken (nothing is chosen beforehand): a secret ballot on
    this person alone."""
    for name, value in (("votes_for", votes_for), ("votes_against", against), ("votes_abstain", abstain)):
        page.locator(f"input[name={name}]").fill(str(value))
    page.locator("input[name=voting_method][value=secret_ballot]").check()
    page.locator("input[name=voted_alone][value=yes]").check()


def step_row(page: Page, number: int):
    """One step of the 全程纪实 timeline page."""
    return page.locator(f"#step-{number}")
