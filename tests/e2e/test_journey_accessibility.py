"""Journey (issue 11): every page type passes an automated accessibility check — axe-core, vendored in
tests/e2e/vendor/axe-core (no CDN) — with no serious or critical violation: the PC pages of a branch
secretary and of the committee, the person page at every stage, a record form and a meeting form,
the log-in page, and the applicant's phone pages.

axe is added to each page with Playwright's init script (DevTools, before the page's own scripts),
which the Content-Security-Policy does not govern: the pages are checked as served, CSP included."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from partydev.cases.models import ApplicationLetter, Case, Filing, ThoughtReport
from partydev.cases.services import report_submit
from partydev.demo.load import build_cases
from partydev.process.enums import FilingStatus, MeetingPurpose, Stage
from partydev.registration.services import code_create
from tests.e2e.helpers import make_activist

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => ["serious", "critical"].includes(v.impact)).map(v =>
    `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3).map(n =>
      n.target.join(" ") + (n.any[0] && n.any[0].data && n.any[0].data.contrastRatio
        ? ` (${n.any[0].data.fgColor} on ${n.any[0].data.bgColor}: ${n.any[0].data.contrastRatio})` : "")).join(" | "));
}"""


class Audit:
    """Runs axe on every page opened through `check` and keeps what it finds, page by page."""

    def __init__(self, journey):
        self.journey = journey
        self.found: dict[str, list[str]] = {}
        self.checked: list[str] = []

    def page(self, make) -> Page:
        page = make()
        page.context.add_init_script(path=str(AXE))
        return page

    def check(self, page: Page, path: str | None = None, name: str = "") -> None:
        if path is not None:
            response = page.goto(self.journey.url(path))
            assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        page.wait_for_load_state("load")
        key = name or path or page.url
        self.checked.append(key)
        violations = page.evaluate(RUN_AXE)
        if violations:
            self.found[key] = violations


def _person(stage, branch):
    """A person at `stage`, of `branch` if it has one there."""
    cases = Case.objects.filter(stage=stage).order_by("pk")
    return cases.filter(branch=branch).first() or cases.first()


def test_every_page_type_has_no_serious_or_critical_accessibility_violation(journey, demo):
    orgs, users = demo["orgs"], demo["users"]
    build_cases(orgs, users)
    branch = orgs["第一党支部"]
    today = timezone.localdate()
    activist = make_activist(demo, "程一帆", since=today - timedelta(days=60), sequence=83, username="cyf2026")
    report_submit(case=activist, actor=users["branch1"], data={
        "title": "第一季度思想汇报", "content": "学习体会……", "written_on": today - timedelta(days=5)})
    code = code_create(branch=branch, actor=users["branch1"], title="九月注册")
    people = {stage: _person(stage, branch) for stage in (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET,
                                                           Stage.PROBATIONARY, Stage.FULL)}
    assert all(people.values()), people
    audit = Audit(journey)

    # The log-in page, before anyone logs in.
    anonymous = audit.page(journey.pc_page)
    audit.check(anonymous, reverse("login"), "login")

    admin = audit.page(journey.pc_page)
    journey.login(admin, "branch1")
    for name in ("pc:home", "pc:applicant_list", "pc:activist_list", "pc:target_list", "pc:probationary_list",
                 "pc:full_list", "pc:reminders", "pc:code_list", "pc:applicant_new"):
        audit.check(admin, reverse(name))
    audit.check(admin, reverse("pc:code_detail", args=[code.pk]))
    for stage, case in people.items():
        if case.branch == branch:
            audit.check(admin, reverse("pc:case_detail", args=[case.public_id]), f"person page ({stage})")
    applicant = people[Stage.APPLICANT]
    audit.check(admin, reverse("pc:record_new", args=[applicant.public_id, "resolutions"]), "record form")
    audit.check(admin, reverse("pc:record_new", args=[applicant.public_id, "talks"]), "talk form")
    audit.check(admin, reverse("pc:timeline", args=[people[Stage.FULL].public_id]), "timeline")
    target = people[Stage.TARGET]
    audit.check(admin, reverse("pc:meeting_new", args=[target.public_id, MeetingPurpose.ADMISSION]), "meeting form")
    audit.check(admin, reverse("pc:contacts_edit", args=[activist.public_id]), "contacts form")
    # The form after a refused save: its errors are shown beside the fields.
    admin.goto(journey.url(reverse("pc:record_new", args=[applicant.public_id, "resolutions"])))
    admin.locator("main form button[type=submit]").click()
    audit.check(admin, name="record form with errors")
    journey.shot(admin, "record-form-errors")

    # 党员名册 (issue 12): the roster, a member, the member forms, and a form after a refused save.
    member = branch.members.order_by("pk").first()
    audit.check(admin, reverse("pc:roster_index"), "roster")
    for name, args in (("pc:member_detail", [member.pk]), ("pc:member_edit", [member.pk]),
                       ("pc:member_transfer", [member.pk]), ("pc:member_new", [branch.pk]),
                       ("pc:member_transfer_in", [branch.pk])):
        audit.check(admin, reverse(name, args=args))
    admin.goto(journey.url(reverse("pc:member_new", args=[branch.pk])))
    admin.locator("main form button[type=submit]").click()
    audit.check(admin, name="member form with errors")

    committee = audit.page(journey.pc_page)
    journey.login(committee, "committee")
    # 组织管理 (issue 12): the tree and its forms; 撤销 and 合并 of a branch list what blocks them.
    for name, args in (("pc:org_tree", None), ("pc:roster_index", None), ("pc:org_new", [branch.pk]),
                       ("pc:org_rename", [branch.pk]), ("pc:org_move", [branch.pk]),
                       ("pc:org_merge", [branch.pk]), ("pc:org_dissolve", [branch.pk])):
        audit.check(committee, reverse(name, args=args))
    audit.check(committee, reverse("pc:filing_inbox"), "filings inbox")
    # 统计分析 (issue 14): the report with its charts, and the development plan form.
    audit.check(committee, reverse("pc:stats_report"), "statistics")
    audit.check(committee, reverse("pc:stats_plan"), "development plan form")
    filing = Filing.objects.filter(status=FilingStatus.PENDING).order_by("pk").first()
    assert filing is not None
    audit.check(committee, reverse("pc:filing_detail", args=[filing.pk]), "filing decision")
    audit.check(committee, reverse("pc:applicant_list"), "committee's applicant list")
    for stage, case in people.items():  # the person pages of the other branch, seen by the committee
        if case.branch != branch:
            audit.check(committee, reverse("pc:case_detail", args=[case.public_id]), f"person page ({stage})")

    # The phone: registration, log-in, home, the letter, the thought reports.
    phone = audit.page(journey.phone_page)
    audit.check(phone, reverse("mobile:register", args=[code.token]), "phone register")
    audit.check(phone, reverse("login"), "phone login")
    journey.login(phone, "cyf2026")
    audit.check(phone, reverse("mobile:home"), "phone home")
    letter = ApplicationLetter.objects.filter(case=activist).order_by("pk").first()
    audit.check(phone, reverse("mobile:letter_detail", args=[letter.pk]), "phone letter")
    audit.check(phone, reverse("mobile:report_new"), "phone report form")
    report = ThoughtReport.objects.filter(case=activist).order_by("pk").first()
    audit.check(phone, reverse("mobile:report_detail", args=[report.pk]), "phone report")
    journey.shot(phone, "phone-report")

    assert len(audit.checked) >= 25
    assert audit.found == {}, "\n".join(f"{page}:\n  " + "\n  ".join(v) for page, v in audit.found.items())
