"""Journey: separation of duties (三权分立). The committee administrator creates an account (账号管理)
and gives its first password by a one-time link; the security administrator grants it 党支部管理员 of
第二党支部 (权限管理, after a confirmation); the new administrator logs in and sees its branch; the
auditor reads the events in Chinese. In Chromium under the Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import contains, expect_chinese, label

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Zhi#Bu2026new"


def test_security_admin_grants_a_role_to_an_account_the_committee_created(journey, demo):
    # 1. The committee administrator: 账号管理 → 新建账号.
    page = journey.pc_page("committee")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.locator("nav.sidebar").get_by_role("link", name=label("账号管理", "Account management")).click()
    expect_chinese(page)
    journey.shot(page, "accounts")
    page.get_by_role("link", name=label("新建账号", "New account")).click()
    page.locator("input[name=username]").fill("zhibu2")
    page.locator("input[name=name]").fill("周新")
    page.locator("select[name=org]").select_option(label="第二党支部")
    journey.shot(page, "new-account")
    page.get_by_role("button", name=label("创建账号", "Create the account")).click()
    expect(page.locator("main")).to_contain_text(contains("账号 zhibu2 已创建", "zhibu2 was created"))
    page.get_by_role("button", name=label("生成密码重置链接", "Generate a password reset link")).click()
    link = page.locator("#reset-url").input_value()
    expect_chinese(page)
    journey.shot(page, "first-password-link")

    # 2. The person opens the link and sets a password.
    person = journey.pc_page()
    person.goto(link)
    person.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    person.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    person.locator("form button[type=submit]").click()
    expect(person).to_have_url(journey.url("/accounts/login/"))

    # 3. The security administrator: 权限管理 → the account → 授予 党支部管理员 of 第二党支部.
    security = journey.pc_page("security")
    security.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    menu = security.locator("nav.sidebar")
    expect(menu.get_by_role("link", name=label("发展党员", "Party member development"))).to_have_count(0)
    menu.get_by_role("link", name=label("权限管理", "Role management")).click()
    security.locator("input[name=q]").fill("zhibu2")
    security.locator("main form button[type=submit]").click()
    security.locator("main table").get_by_role("link", name="zhibu2").click()
    expect_chinese(security)
    security.locator("select[name=role]").select_option("branch_admin")
    security.locator("select[name=org]").select_option(label="第二党支部")
    security.get_by_role("button", name=label("授予", "Grant")).click()
    expect(security.locator("main h1")).to_contain_text(contains("确定授予 zhibu2", "to zhibu2?"))
    expect_chinese(security)
    journey.shot(security, "grant-confirm")
    security.locator("main form").get_by_role("button", name=label("授予", "Grant")).click()
    expect(security.locator("main")).to_contain_text(contains("zhibu2 现为第二党支部的党支部管理员", "zhibu2 is now"))
    expect(security.locator("main")).to_contain_text(contains("党支部管理员（第二党支部）", "Branch administrator"))
    journey.shot(security, "granted")
    # The security administrator reads no case: a person's list is 404 for it.
    response = security.goto(journey.url("/pc/applicants/"))
    assert response.status == 404

    # 4. The new branch administrator logs in and works in its branch.
    admin = journey.pc_page()
    journey.login(admin, "zhibu2", NEW_PASSWORD)
    expect(admin.locator("header")).to_contain_text(contains("党支部管理员（第二党支部）", "Branch administrator"))
    admin.locator("nav.sidebar").get_by_role("link", name=label("发展党员", "Party member development")).click()
    expect_chinese(admin)
    journey.shot(admin, "new-admin-sees-its-branch")

    # 5. The auditor reads the events.
    auditor = journey.pc_page("auditor")
    auditor.locator("nav.sidebar").get_by_role("link", name=label("审计日志", "Audit log")).click()
    log = auditor.locator("main table")
    for text in ("创建账号", "生成密码重置链接", "授予角色"):
        expect(log).to_contain_text(text)
    expect_chinese(auditor)
    journey.shot(auditor, "audit-log")
    assert blocked == []
