"""Journey: 组织管理 and 党员名册 (issue 12). The committee administrator creates a branch and a
党小组; branch1 adds a member to its roster in that group, edits the entry and transfers the member
out of the system (confirmed in the browser's dialog); the member's page keeps the history."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partydev.orgs.models import Member, Organisation, OrgKind
from partydev.structure.models import Direction, MemberTransfer
from tests.e2e.helpers import contains, expect_chinese, label, save

pytestmark = pytest.mark.e2e

NAME = "林海"


def test_tree_and_roster(journey, demo):
    today = timezone.localdate().isoformat()

    # The committee administrator: 组织管理 → 新建下级 under 示范党委 → 党支部 "第三党支部".
    committee = journey.pc_page("committee")
    committee.locator("nav.sidebar").get_by_role("link", name=label("组织管理", "Organisation management")).click()
    expect_chinese(committee)
    journey.shot(committee, "tree")
    committee.locator("main table tr", has_text="示范党委").get_by_role(
        "link", name=label("新建下级", "Create below")).click()
    committee.get_by_label(label("党支部", "Party branch")).check()
    committee.locator("input[name=name]").fill("第三党支部")
    journey.shot(committee, "create-branch")
    committee.locator("main form").get_by_role("button", name=label("新建", "Create")).click()
    expect(committee.locator(".alert-success")).to_contain_text("第三党支部")
    assert Organisation.objects.get(name="第三党支部").kind == OrgKind.BRANCH

    # A 党小组 under 第一党支部 (its kind is the only choice, chosen already).
    committee.locator("main table tr", has_text="第一党支部").first.get_by_role(
        "link", name=label("新建下级", "Create below")).click()
    committee.locator("input[name=name]").fill("第三党小组")
    committee.locator("main form").get_by_role("button", name=label("新建", "Create")).click()
    expect(committee.locator("main table")).to_contain_text("第三党小组")
    expect_chinese(committee)
    journey.shot(committee, "tree-after")

    # branch1: 党员名册 shows its own roster; 添加党员.
    admin = journey.pc_page("branch1")
    admin.locator("nav.sidebar").get_by_role("link", name=label("党员名册", "Party member roster")).click()
    expect(admin.locator("main h1")).to_contain_text("第一党支部")
    expect(admin.locator("main table")).to_contain_text("王建国")
    expect_chinese(admin)
    journey.shot(admin, "roster")
    admin.get_by_role("link", name=label("添加党员", "Add a member")).click()
    admin.locator("input[name=name]").fill(NAME)
    admin.get_by_label(label("预备党员", "Probationary member")).check()
    admin.locator("input[name=join_date]").fill("2026-01-15")
    admin.locator("input[name=conversion_date]").fill("2026-02-01")  # a probationary member has none yet
    save(admin)
    expect(admin.locator("main")).to_contain_text(contains("预备党员尚无转正日期", "has no date of conversion"))
    expect_chinese(admin)
    journey.shot(admin, "add-refused")
    assert not Member.objects.filter(name=NAME).exists()
    admin.locator("input[name=conversion_date]").fill("")
    admin.locator("select[name=group]").select_option(label="第三党小组")
    save(admin)
    expect(admin.locator("main h1")).to_contain_text(NAME)
    expect(admin.locator("main")).to_contain_text("第三党小组")
    journey.shot(admin, "member")

    # 编辑: the position.
    admin.get_by_role("link", name=label("编辑", "Edit")).click()
    admin.locator("input[name=position]").fill("宣传委员")
    save(admin)
    expect(admin.locator("main")).to_contain_text("宣传委员")
    assert Member.objects.get(name=NAME).position == "宣传委员"

    # 转出 out of the system, confirmed in the dialog.
    admin.get_by_role("link", name=label("转出", "Transfer out")).click()
    admin.get_by_label(label("本系统外党组织", "An organisation outside this system")).check()
    admin.locator("input[name=destination]").fill("某大学化学系党支部")
    admin.locator("input[name=transferred_on]").fill(today)
    journey.shot(admin, "transfer-out")
    admin.locator("main form").get_by_role("button", name=label("转出", "Transfer out")).click()
    expect(admin.locator(".alert-success")).to_contain_text(NAME)
    expect(admin.locator("main table")).not_to_contain_text(NAME)
    member = Member.objects.get(name=NAME)
    assert member.active is False
    assert MemberTransfer.objects.get(member=member).direction == Direction.OUT

    # 已转出 tab → the member's page keeps the history.
    admin.get_by_role("link", name=label("已转出", "Transferred out")).click()
    admin.locator("main table").get_by_role("link", name=NAME).click()
    expect(admin.locator("main")).to_contain_text("某大学化学系党支部")
    expect_chinese(admin)
    journey.shot(admin, "member-transferred")
