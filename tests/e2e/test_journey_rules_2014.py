"""Journey (issue 5): steps dated before 2026-05-11 are judged by the 2014 rules, and the pages show it.

韩立新's target resolution and the committee's decision fall in 2025: accepting the filing makes him a
development target at once (no 公示, no 确定为发展对象), and the limits on his 2025 steps cite the
2014 articles. His admission meeting, held in 2025 more than a month after the pre-review, breaks no time
limit; 邓雨欣's, held the same way in 2026, breaks the 2026 one-month limit (2026 §19).
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from partydev.cases.models import BranchMeeting, PublicNotice
from partydev.cases.services import request_send
from partydev.demo import steps
from partydev.process.enums import FilingKind, Stage
from tests.e2e.helpers import (
    contains,
    decide,
    expect_chinese,
    fill_votes,
    label,
    make_activist,
    open_request,
    open_tab,
    save,
    step_row,
)

pytestmark = pytest.mark.e2e

OLD, NEW = "韩立新", "邓雨欣"
FULL = ["王建国", "李红梅", "张志强", "刘芳", "陈晓东", "杨丽", "赵磊"]  # 第一党支部's full members
ONE_MONTH = contains("within one month", "一个月")
DEADLINE, VERSION = 3, 4  # columns of the timeline page


def people(demo):
    """Setup through the services, as partydev.demo.steps builds the demo's people."""
    branch1, committee = demo["users"]["branch1"], demo["users"]["committee"]
    old = make_activist(demo, OLD, since=date(2024, 3, 1), sequence=61)
    steps.target_basis(old, branch1, date(2025, 3, 10))
    request_send(case=old, actor=branch1, kind=FilingKind.TARGET, sent_on=date(2025, 3, 10))

    new = make_activist(demo, NEW, since=date(2025, 6, 1), sequence=62)
    steps.make_target(new, branch1, committee, date(2026, 6, 10), date(2026, 6, 15),
                      notice=(date(2026, 6, 24), date(2026, 6, 30)), confirm_on=date(2026, 7, 1))
    steps.prepare_admission(new, branch1, committee, {
        "introducers": date(2026, 7, 2), "review": date(2026, 7, 10), "training": (date(2026, 7, 13), date(2026, 7, 16)),
        "examination": date(2026, 7, 20), "pre_review": date(2026, 7, 25), "volunteer": date(2026, 7, 26)},
        "E2E-2026-0062")
    return old, new


def open_target(page, name):
    open_tab(page, href_tail="/pc/targets/")
    page.locator("main table").get_by_role("link", name=name, exact=True).click()
    expect(page.locator("main h1")).to_contain_text(name)


def hold_admission_meeting(page, on):
    """All seven full members present, all for. Returns the messages shown after saving."""
    page.locator("#next-steps a[href$='/meetings/admission/new/']").click()
    page.locator("input[name=meeting_date]").fill(on)
    # Nothing is answered beforehand; 全部设为出席 answers every full member at once.
    summary = page.locator("[data-meeting-summary]")
    expect(summary.locator("[data-count=present]")).to_have_text("0")
    page.get_by_role("button", name=label("全部设为出席", "Mark everyone present")).click()
    expect(summary.locator("[data-count=present]")).to_have_text(str(len(FULL)))
    expect(summary.locator("[data-count=entitled]")).to_have_text(str(len(FULL)))
    fill_votes(page, 7)
    page.locator("textarea[name=resolution]").fill("经支部党员大会无记名投票，同意接收为中共预备党员。")
    save(page)
    expect(page.locator("#meetings .badge.text-bg-success")).to_have_count(1)
    return page.locator("[role=alert]")


def open_timeline(page):
    page.locator("#stepper a[href$='/timeline/']").click()
    expect(page.locator("#steps")).to_be_visible()


def test_steps_before_2026_05_11_follow_the_2014_rules(journey, demo):
    old, new = people(demo)

    # The committee accepts 韩立新's target request with a 2025 date: a development target at once.
    committee = journey.pc_page("committee")
    open_request(committee, OLD)
    journey.shot(committee, "target-request-2025")
    decide(committee, "2025-03-20", "同意列为发展对象。")
    expect(committee.locator("[role=alert].alert-success")).to_contain_text(OLD)
    old.refresh_from_db()
    assert (old.stage, old.target_since) == (Stage.TARGET, date(2025, 3, 20))
    assert not PublicNotice.objects.filter(case=old).exists()

    # No 公示 and no 确定为发展对象 for him; the confirmation page does not exist.
    admin = journey.pc_page("branch1")
    open_target(admin, OLD)
    expect(admin.locator("main h1 .badge")).to_have_text(contains("发展对象", "Development target"))
    expect(admin.locator("#notices")).to_have_count(0)
    expect(admin.locator("a[href$='/target/confirm/']")).to_have_count(0)
    journey.shot(admin, "detail-target-2014")
    detail_url = admin.url
    assert admin.goto(detail_url + "target/confirm/").status == 404
    admin.goto(detail_url)

    # Setup: his steps 9–14 in 2025, the pre-review passed on 2025-04-15.
    steps.prepare_admission(old, demo["users"]["branch1"], demo["users"]["committee"], {
        "introducers": date(2025, 3, 25), "review": date(2025, 4, 1), "training": (date(2025, 4, 5), date(2025, 4, 8)),
        "examination": date(2025, 4, 10), "pre_review": date(2025, 4, 15), "volunteer": date(2025, 4, 18)},
        "E2E-2025-0061")

    # Timelines before the meetings: only the 2026 person has a one-month limit on step 15, overdue.
    open_target(admin, OLD)
    open_timeline(admin)
    expect(step_row(admin, 8).locator("td").nth(VERSION)).to_have_text(contains("2014年细则", "2014 Detailed Rules"))
    expect(step_row(admin, 8)).not_to_contain_text("公示")
    expect(step_row(admin, 13).locator("td").nth(VERSION)).to_have_text(contains("2014年细则", "2014 Detailed Rules"))
    expect(step_row(admin, 15).locator("td").nth(DEADLINE)).to_have_text(re.compile(r"^\s*—\s*$"))
    journey.shot(admin, "timeline-2014-before-meeting")
    open_target(admin, NEW)
    open_timeline(admin)
    expect(step_row(admin, 8)).to_contain_text("公示")
    expect(step_row(admin, 8).locator("td").nth(VERSION)).to_have_text(contains("2026年细则", "2026 Detailed Rules"))
    deadline = step_row(admin, 15).locator("td").nth(DEADLINE)
    expect(deadline).to_contain_text("2026-08-25")
    expect(deadline).to_contain_text("2026年细则第十九条")
    expect(step_row(admin, 15).locator(".badge")).to_have_text(contains("逾期", "Overdue"))
    journey.shot(admin, "timeline-2026-before-meeting")

    # Both meetings held more than a month after the pre-review: 2025 for him, 2026 for her.
    open_target(admin, OLD)
    old_messages = hold_admission_meeting(admin, "2025-06-10")
    old_warned = old_messages.filter(has_text=ONE_MONTH).count()
    open_target(admin, NEW)
    new_messages = hold_admission_meeting(admin, "2026-09-15")
    journey.shot(admin, "detail-2026-late-meeting")
    new_warned = new_messages.filter(has_text=ONE_MONTH).count()
    assert sorted(BranchMeeting.objects.filter(passed=True).values_list("case__name", "meeting_date")) == \
        sorted([(OLD, date(2025, 6, 10)), (NEW, date(2026, 9, 15))])

    # 报上级党委审批: the one-month warning (2026 §19) for her only; the approval limit by each version.
    # 下一步 shows it beside 报上级党委审批 (still blocked: the committee's talk is not entered yet).
    approval = admin.locator("#next-steps .next-action").filter(
        has_text=re.compile("报上级党委审批|Report to the higher Party committee for approval"))
    expect(approval.locator("li:not(.text-danger)").filter(has_text="2026年细则第十九条")).to_have_count(1)
    journey.shot(admin, "approval-request-2026")
    open_target(admin, OLD)
    # Decided today, more than 6 months after his 2025 meeting: too late, by the 2014 article (§26). The
    # person page's 下一步 says so beside the disabled request; nothing to click through.
    approval = admin.locator("#next-steps .next-action").filter(
        has_text=re.compile("报上级党委审批|Report to the higher Party committee for approval"))
    expect(approval.locator("button")).to_be_disabled()
    expect(approval.locator("li.text-danger").filter(has_text="2014年细则第二十六条")).to_have_count(1)
    expect(approval).not_to_contain_text(re.compile(r"细则第(十九|二十)条"))
    journey.shot(admin, "approval-request-2014")

    open_target(admin, OLD)
    open_timeline(admin)
    expect(step_row(admin, 15).locator("td").nth(DEADLINE)).to_have_text(re.compile(r"^\s*—\s*$"))
    expect(step_row(admin, 17).locator("td").nth(DEADLINE)).to_contain_text("2014年细则第二十六条")
    journey.shot(admin, "timeline-2014")
    open_target(admin, NEW)
    open_timeline(admin)
    expect(step_row(admin, 15).locator("td").nth(DEADLINE)).to_contain_text("2026年细则第十九条")
    expect(step_row(admin, 17).locator("td").nth(DEADLINE)).to_contain_text("2026年细则第二十五条")

    for page in (admin, committee):
        expect_chinese(page)
    # Recording a meeting is the step the 2026 limit is about, so the page says so when it is saved
    # (asserted last: see the report for where the warning is lost).
    assert (old_warned, new_warned) == (0, 1), \
        f"one-month warning after saving the meeting: 2014 person {old_warned}, 2026 person {new_warned}"
