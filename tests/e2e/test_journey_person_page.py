"""Journey (issue 11): the person page reads like the process — the stepper with the current step, 下一步
with each action enabled or disabled beside its problems, the current stage open, earlier stages one
click away, later stages absent — and an activist's current stage fits in two screens of a 1366×768
laptop."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.services import contacts_set, report_submit
from partydev.demo import entries
from partydev.orgs.models import Member
from partydev.process.enums import OpinionKind
from tests.e2e.helpers import contains, expect_chinese, label, make_activist, open_activist

pytestmark = pytest.mark.e2e

NAME = "周晓光"
LAPTOP = {"width": 1366, "height": 768}


def test_an_activists_page_shows_where_they_stand_and_what_comes_next(journey, demo):
    today = timezone.localdate()
    since = today - timedelta(days=100)
    case = make_activist(demo, NAME, since=since, sequence=71)
    branch1 = demo["users"]["branch1"]
    # What a branch has entered after three months: two contacts, two reports, an opinion.
    contacts_set(case=case, members=list(Member.objects.filter(branch=case.branch, member_type="full")[:2]),
                 assigned_on=since + timedelta(days=5), actor=branch1)
    for days, title in ((60, "第一季度思想汇报"), (10, "第二季度思想汇报")):
        report_submit(case=case, actor=branch1, data={"title": title, "content": "学习体会……",
                                                       "written_on": today - timedelta(days=days)})
    entries.opinion(case, branch1, OpinionKind.EDUCATION, today - timedelta(days=20), author="王建国",
                    content="学习认真，表现良好。")

    admin = journey.pc_page("branch1")
    admin.set_viewport_size(LAPTOP)
    open_activist(admin, NAME)

    # The stepper: stage 2 of 5 is current, its current step is 6 (培养教育考察) with the year's end date.
    stepper = admin.locator("#stepper")
    expect(stepper.locator(".stepper-phase[aria-current=step]")).to_contain_text(contains("入党积极分子", "activists"))
    expect(stepper.locator(".stepper-done")).to_have_count(1)
    expect(stepper.locator(".stepper-steps [aria-current=step]")).to_contain_text("6.")
    expect(stepper.locator("#current-step")).to_contain_text((since.replace(year=since.year + 1)).isoformat())

    # 下一步: the target request, disabled, with the missing 支委会决议 written beside it.
    next_steps = admin.locator("#next-steps")
    request = next_steps.get_by_role("button", name=label("报上级党委同意", "Report to the higher Party committee for agreement"))
    expect(request).to_be_disabled()
    expect(next_steps.locator("li.text-danger")).to_contain_text(contains("支委会决议", "resolution"))

    # The current stage open; part 一 and the 25-step record collapsed but present; no later stage.
    expect(admin.locator("#contacts")).to_be_visible()
    expect(admin.locator("#stage-applicant")).not_to_have_attribute("open", "")
    expect(admin.locator("#stage-applicant #letters")).to_be_hidden()
    expect(admin.locator("#introducers")).to_have_count(0)
    admin.locator("#stage-applicant > summary").click()
    expect(admin.locator("#stage-applicant #letters")).to_be_visible()
    admin.locator("#stage-applicant > summary").click()

    # Two screens: everything of the current stage ends above 2 × 768 px from the top of the page.
    bottom = admin.evaluate("""() => {
        const last = document.querySelector('#person-info').previousElementSibling;
        return last.getBoundingClientRect().bottom + window.scrollY;
    }""")
    assert bottom <= 2 * LAPTOP["height"], f"the activist's stage ends at {bottom}px"
    expect_chinese(admin)
    journey.shot(admin, "activist-page")

    # Entering the resolution takes its problem away; the year of cultivation still blocks (§13).
    entries.resolution(case, branch1, today - timedelta(days=1), purpose="target")
    admin.reload()
    problems = next_steps.locator("li.text-danger")
    expect(problems.filter(has_text=contains("支委会决议", "resolution"))).to_have_count(0)
    expect(problems.filter(has_text=contains("一年", "year"))).not_to_have_count(0)
    journey.shot(admin, "activist-page-resolution")
