"""The 账号管理 pages (committee administrator) and the 权限管理 / 安全管理 pages (security
administrator): happy paths, wrong role and other subtree (404, nothing written), bad input, a
constant number of queries for the lists. The full URL × actor matrix: tests/test_scope_matrix.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.accounts import services
from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.models import AuditEvent
from partydev.orgs.models import AccountHome, Role, RoleGrant
from partydev.registration.models import PasswordResetLink
from tests.accounts.test_services import enrol, lock_out
from tests.factories import branch_admin, child, db_state


def text(response) -> str:
    return response.content.decode()


# --- 账号管理 ----------------------------------------------------------------------------------------

def test_account_list_shows_the_committees_accounts_with_search(world, login):
    client = login(world.committee_admin)
    page = client.get(reverse("pc:account_list"))
    assert page.status_code == 200
    assert [u for u, _g, _h in page.context["rows"]] == [world.branch_admin, world.sibling_admin]
    html = text(page)
    assert "账号管理" in html and "第一党支部" in html and "党支部管理员" in html
    assert reverse("pc:account_deactivate", args=[world.branch_admin.pk]) in html
    # Not the auditor, the security administrator, itself, nor another committee's accounts.
    assert "auditor" not in html and "security" not in [u.username for u, _g, _h in page.context["rows"]]
    found = client.get(reverse("pc:account_list"), {"q": "branch2"})
    assert [u for u, _g, _h in found.context["rows"]] == [world.sibling_admin]


def _list_queries(client, name):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(name)).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(("actor", "name"), [("committee_admin", "pc:account_list"),
                                             ("security_admin", "pc:security_user_list")])
def test_account_lists_use_a_constant_number_of_queries(world, login, actor, name):
    client = login(getattr(world, actor))
    one = _list_queries(client, name)
    for i in range(15):
        user = branch_admin(world.branch if i % 2 else world.sibling, f"extra{i}")
        lock_out(user)
        enrol(user)
    assert _list_queries(client, name) == one


def test_committee_admin_creates_an_account_and_gets_its_first_password_link(world, login):
    client = login(world.committee_admin)
    form = client.get(reverse("pc:account_new"))
    assert form.status_code == 200
    # Only its own committee's nodes are offered.
    assert set(form.context["form"].fields["org"].queryset) == {world.committee, world.branch, world.sibling}
    done = client.post(reverse("pc:account_new"), {"username": "zhangsan", "name": "张三", "org": world.branch.pk})
    home = AccountHome.objects.get(user__username="zhangsan")
    assert done.status_code == 302 and done["Location"] == reverse("pc:account_password_reset", args=[home.user.pk])
    issued = client.post(done["Location"])
    assert issued.status_code == 200 and "/accounts/password/reset/" in issued.context["url"]
    link = PasswordResetLink.objects.get(user=home.user)
    assert link.org_path == world.branch.path
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True))[-2:] == [
        "account.created", "password_reset.issue"]


@pytest.mark.parametrize("data", [
    {"username": "", "name": "张三"},
    {"username": "has space", "name": "张三"},
    {"username": "branch1", "name": "张三"},  # taken
    {"username": "ok1", "name": ""},
    {"username": "ok2", "name": "张三", "org": "other"},
])
def test_account_new_bad_input_writes_nothing(world, login, data):
    client = login(world.committee_admin)
    data = {"org": world.committee.pk} | data
    if data["org"] == "other":
        data["org"] = world.other_committee.pk
    before = db_state()
    page = client.post(reverse("pc:account_new"), data)
    assert page.status_code == 400
    assert page.context["form"].errors
    assert db_state() == before


def test_deactivate_asks_then_deactivates_and_reactivates(world, login):
    client = login(world.committee_admin)
    url = reverse("pc:account_deactivate", args=[world.branch_admin.pk])
    ask = client.get(url)
    assert ask.status_code == 200 and "确定停用账号 branch1" in text(ask)
    world.branch_admin.refresh_from_db()
    assert world.branch_admin.is_active  # GET changes nothing
    done = client.post(url, follow=True)
    world.branch_admin.refresh_from_db()
    assert not world.branch_admin.is_active
    assert "账号 branch1 已停用" in text(done)
    # Deactivated: no reset link, the list offers 恢复.
    assert client.get(reverse("pc:account_password_reset", args=[world.branch_admin.pk])).status_code == 404
    assert reverse("pc:account_reactivate", args=[world.branch_admin.pk]) in text(client.get(reverse("pc:account_list")))
    client.post(reverse("pc:account_reactivate", args=[world.branch_admin.pk]))
    world.branch_admin.refresh_from_db()
    assert world.branch_admin.is_active


def test_a_deactivated_account_cannot_log_in(world, client):
    from partydev.accounts.services import account_deactivate

    client.force_login(world.branch_admin)
    account_deactivate(actor=world.committee_admin, user=world.branch_admin)
    page = client.get(reverse("pc:home"))
    assert page.status_code == 302 and reverse("login") in page["Location"]


@pytest.mark.parametrize("actor", ["other_committee_admin", "security_admin", "auditor", "branch_admin"])
def test_account_pages_are_404_for_anyone_else(world, login, actor):
    client = login(getattr(world, actor))
    for name in ("pc:account_deactivate", "pc:account_reactivate", "pc:account_password_reset"):
        url = reverse(name, args=[world.sibling_admin.pk])
        before = db_state()
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert db_state() == before


def test_committee_admin_cannot_touch_duty_holders(world, login):
    client = login(world.committee_admin)
    for user in (world.auditor, world.security_admin, world.committee_admin, world.applicant):
        url = reverse("pc:account_deactivate", args=[user.pk])
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404


# --- 权限管理 / 安全管理 ------------------------------------------------------------------------------

def test_security_user_list_and_page(world, login):
    enrol(world.branch_admin)
    lock_out(world.sibling_admin)
    client = login(world.security_admin)
    listing = client.get(reverse("pc:security_user_list"))
    users = [row[0] for row in listing.context["rows"]]
    assert set(users) == {world.branch_admin, world.sibling_admin, world.committee_admin, world.auditor}
    html = text(listing)
    assert "权限管理" in html and "已锁定" in html and "安全管理" in html
    page = client.get(reverse("pc:security_user", args=[world.branch_admin.pk]))
    assert page.status_code == 200
    html = text(page)
    assert reverse("pc:security_revoke", args=[world.branch_admin.grants.get().pk]) in html
    assert reverse("pc:security_two_factor_reset", args=[world.branch_admin.pk]) in html
    # Only its own subtree's nodes can be chosen.
    orgs = set(page.context["grant_form"].fields["org"].queryset)
    assert orgs == {world.committee, world.branch, world.sibling}


def test_grant_asks_for_confirmation_then_grants(world, login):
    user = services.account_create(actor=world.committee_admin, username="newadmin", name="新管理员",
                                   org=world.committee)
    client = login(world.security_admin)
    url = reverse("pc:security_grant", args=[user.pk])
    data = {"role": Role.BRANCH_ADMIN, "org": world.sibling.pk}
    before = db_state()
    ask = client.post(url, data)
    assert ask.status_code == 200 and "确定授予 newadmin" in text(ask)
    assert db_state() == before
    done = client.post(url, data | {"confirm": "1"}, follow=True)
    assert RoleGrant.objects.filter(user=user, role=Role.BRANCH_ADMIN, org=world.sibling).exists()
    assert "newadmin 现为第二党支部的党支部管理员" in text(done)


def test_grant_that_breaks_the_separation_of_duties_shows_the_reason(world, login):
    client = login(world.security_admin)
    before = db_state()
    page = client.post(reverse("pc:security_grant", args=[world.branch_admin.pk]),
                       {"role": Role.AUDITOR, "org": world.committee.pk, "confirm": "1"})
    assert page.status_code == 400
    assert "三权分立" in text(page)
    assert db_state() == before


@pytest.mark.parametrize("data", [{"role": "superuser"}, {"org": ""}, {"org": "other"}])
def test_grant_bad_input_writes_nothing(world, login, data):
    client = login(world.security_admin)
    data = {"role": Role.BRANCH_ADMIN, "org": world.sibling.pk, "confirm": "1"} | data
    if data["org"] == "other":
        data["org"] = world.other_branch.pk
    before = db_state()
    page = client.post(reverse("pc:security_grant", args=[world.branch_admin.pk]), data)
    assert page.status_code == 400 and page.context["grant_form"].errors
    assert db_state() == before


def test_revoke_unlock_and_two_factor_reset_ask_first(world, login):
    lock_out(world.branch_admin)
    enrol(world.branch_admin)
    client = login(world.security_admin)
    grant = world.branch_admin.grants.get()
    for url in (reverse("pc:security_revoke", args=[grant.pk]),
                reverse("pc:security_unlock", args=[world.branch_admin.pk]),
                reverse("pc:security_two_factor_reset", args=[world.branch_admin.pk])):
        before = db_state()
        assert client.get(url).status_code == 200
        assert db_state() == before
    client.post(reverse("pc:security_unlock", args=[world.branch_admin.pk]))
    client.post(reverse("pc:security_two_factor_reset", args=[world.branch_admin.pk]))
    assert not TOTPDevice.objects.filter(user=world.branch_admin).exists()
    done = client.post(reverse("pc:security_revoke", args=[grant.pk]), follow=True)
    assert "角色已撤销" in text(done)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert list(AuditEvent.objects.order_by("-id").values_list("action", flat=True)[:3]) == [
        "role.revoked", "auth.2fa_reset", "account.unlocked"]


def test_a_refused_action_says_why_and_writes_nothing(world, login):
    client = login(world.security_admin)
    before = db_state()
    page = client.post(reverse("pc:security_unlock", args=[world.branch_admin.pk]), follow=True)
    assert "该账号没有需要清除的登录失败记录" in text(page)
    assert db_state() == before


@pytest.mark.parametrize("actor", ["committee_admin", "auditor", "branch_admin", "other_committee_admin"])
def test_security_pages_are_404_for_other_roles(world, login, actor):
    client = login(getattr(world, actor))
    grant = world.branch_admin.grants.get()
    before = db_state()
    for url in (reverse("pc:security_user_list"), reverse("pc:security_locked"),
                reverse("pc:security_user", args=[world.branch_admin.pk]),
                reverse("pc:security_revoke", args=[grant.pk]),
                reverse("pc:security_unlock", args=[world.branch_admin.pk]),
                reverse("pc:security_two_factor_reset", args=[world.branch_admin.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("pc:security_grant", args=[world.branch_admin.pk]),
                reverse("pc:security_revoke", args=[grant.pk])):
        assert client.post(url, {"role": Role.AUDITOR, "org": world.committee.pk, "confirm": "1"}).status_code == 404
    assert db_state() == before


def test_another_committees_security_admin_gets_404(world, login):
    other = child(world.other_committee, "另一党委的安全", kind="committee")
    sa = services.account_create(actor=world.other_committee_admin, username="sa2", name="安全员", org=other)
    RoleGrant.objects.create(user=sa, role=Role.SECURITY_ADMIN, org=world.other_committee)
    client = login(sa)
    grant = world.branch_admin.grants.get()
    before = db_state()
    for url in (reverse("pc:security_user", args=[world.branch_admin.pk]),
                reverse("pc:security_revoke", args=[grant.pk]),
                reverse("pc:security_unlock", args=[world.branch_admin.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert client.post(reverse("pc:security_grant", args=[world.branch_admin.pk]),
                       {"role": Role.BRANCH_ADMIN, "org": world.other_branch.pk, "confirm": "1"}).status_code == 404
    assert db_state() == before
    assert world.other_branch_admin in [r[0] for r in client.get(reverse("pc:security_user_list")).context["rows"]]


def test_security_admin_cannot_act_on_itself(world, login):
    client = login(world.security_admin)
    url = reverse("pc:security_user", args=[world.security_admin.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("pc:security_revoke", args=[world.security_admin.grants.get().pk])).status_code == 404


def test_locked_page_lists_the_subtrees_failures(world, login):
    lock_out(world.branch_admin)
    lock_out(world.sibling_admin, failures=2)
    lock_out(world.other_branch_admin)
    client = login(world.security_admin)
    page = client.get(reverse("pc:security_locked"))
    rows = page.context["rows"]
    assert [(u, f.locked) for u, f in rows] == [(world.branch_admin, True), (world.sibling_admin, False)]


def test_menus(world, login):
    menu = text(login(world.security_admin).get(reverse("pc:home")))
    assert reverse("pc:security_user_list") in menu and reverse("pc:security_locked") in menu
    assert reverse("pc:applicant_list") not in menu and reverse("pc:audit_list") not in menu
    menu = text(login(world.committee_admin).get(reverse("pc:home")))
    assert reverse("pc:account_list") in menu and reverse("pc:security_user_list") not in menu
