"""Password reset by an administrator (issue 11, account help; partydev/registration/password_reset.py).

The branch administrator gives a person of its branch a one-time link (and its QR code) from the
person's page; the committee administrator does the same for the branch administrators below it.
The link sets a new password through Django's SetPasswordForm with the project's validators, works
once, expires after PASSWORD_RESET_LINK_HOURS, dies when a newer link is issued, and only the
SHA-256 of its token is stored. Every step is audited; an unknown token writes nothing (404).

The clock is moved by replacing django.utils.timezone.now, which the service and the model read."""

import hashlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.models import AuditEvent
from partydev.orgs.models import Role, RoleGrant
from partydev.registration.models import PasswordResetLink
from tests.factories import PASSWORD, db_state

NEW = "Xin#Mima2026"
IP = "10.20.30.40"


def issue(client, url) -> str:
    """POST the issue page as the logged-in administrator; the token from the link it shows."""
    page = client.post(url)
    assert page.status_code == 200, page.status_code
    assert "<svg" in page.context["qr_svg"] and 'style="' not in page.context["qr_svg"]
    assert page.context["url"] in page.content.decode()
    return page.context["url"].rstrip("/").rsplit("/", 1)[1]


def issue_for_applicant(world) -> str:
    client = Client()
    client.force_login(world.branch_admin)
    return issue(client, reverse("pc:case_password_reset", args=[world.case.public_id]))


def issue_for_branch_admin(world) -> str:
    client = Client()
    client.force_login(world.committee_admin)
    return issue(client, reverse("pc:account_password_reset", args=[world.branch_admin.pk]))


def link_url(token):
    return reverse("password_reset_link", args=[token])


def set_password(token, password=NEW, again=None):
    return Client().post(link_url(token), {"new_password1": password, "new_password2": again or password})


def can_log_in(username, password) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=IP)
    return response.status_code == 302 and client.session.get("_auth_user_id") is not None


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith="password_reset.", **filters)
                .order_by("id").values_list("action", flat=True))


@pytest.fixture
def moved_clock(monkeypatch):
    """clock.advance(timedelta): django.utils.timezone.now runs that much ahead from then on."""
    real_now = timezone.now

    class Clock:
        offset = timedelta()

        def advance(self, delta):
            self.offset += delta
            monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    return Clock()


# --- happy paths -----------------------------------------------------------------------------------

def test_branch_admin_resets_an_applicants_password_from_the_persons_page(world, login):
    client = login(world.branch_admin)
    detail = client.get(reverse("pc:case_detail", args=[world.case.public_id])).content.decode()
    url = reverse("pc:case_password_reset", args=[world.case.public_id])
    assert url in detail and "重置登录密码" in detail
    confirm = client.get(url)
    assert confirm.status_code == 200 and "url" not in confirm.context  # GET only asks
    assert not PasswordResetLink.objects.exists() and actions() == []

    token = issue(client, url)
    link = PasswordResetLink.objects.get()
    assert (link.user, link.kind, link.case, link.org_path) == (
        world.applicant, "applicant", world.case, world.case.org_path)
    assert link.expires_at - link.created_at == timedelta(hours=24)

    page = Client().get(link_url(token))
    assert page.status_code == 200
    assert "mobile/password_reset.html" in [t.name for t in page.templates]  # the phone site
    assert world.applicant.username in page.content.decode()
    done = set_password(token)
    assert done.status_code == 302 and done["Location"] == reverse("login")

    world.applicant.refresh_from_db()
    assert world.applicant.check_password(NEW) and not world.applicant.check_password(PASSWORD)
    assert can_log_in("applicant1", NEW) and not can_log_in("applicant1", PASSWORD)
    issued, used = AuditEvent.objects.filter(action__startswith="password_reset.").order_by("id")
    assert (issued.action, issued.actor, issued.case, issued.org_path) == (
        "password_reset.issue", world.branch_admin, world.case, world.case.org_path)
    assert (used.action, used.actor, used.result, used.case) == (
        "password_reset.use", world.applicant, "success", world.case)
    assert NEW not in str(used.__dict__) and token not in str(issued.__dict__)


def test_committee_admin_resets_a_branch_admin_below_it(world, login):
    client = login(world.committee_admin)
    listing = client.get(reverse("pc:account_list"))
    assert [u for u, _g, _h in listing.context["rows"]] == [world.branch_admin, world.sibling_admin]
    page = listing.content.decode()
    assert reverse("pc:account_password_reset", args=[world.branch_admin.pk]) in page
    menu = client.get(reverse("pc:home")).content.decode()
    assert reverse("pc:account_list") in menu and "账号管理" in menu

    token = issue_for_branch_admin(world)
    link = PasswordResetLink.objects.get()
    assert (link.user, link.kind, link.org_path, link.case) == (
        world.branch_admin, "branch_admin", world.branch.path, None)
    page = Client().get(link_url(token))
    assert page.status_code == 200
    assert "registration/password_reset_link.html" in [t.name for t in page.templates]  # the PC login's look
    assert set_password(token).status_code == 302
    assert can_log_in("branch1", NEW) and not can_log_in("branch1", PASSWORD)
    assert actions() == ["password_reset.issue", "password_reset.use"]
    assert AuditEvent.objects.get(action="password_reset.issue").actor == world.committee_admin


def test_using_the_link_clears_the_accounts_failed_login_lockout(world):
    token = issue_for_applicant(world)
    AccessAttempt.objects.create(username=login_name_for_logs("applicant1"), ip_address=IP, user_agent="x",
                                 failures_since_start=10, get_data="", post_data="", http_accept="",
                                 path_info="/accounts/login/")
    assert set_password(token).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert can_log_in("applicant1", NEW)


# --- once, expiry, replacement ---------------------------------------------------------------------

def test_the_link_works_once(world):
    token = issue_for_applicant(world)
    assert set_password(token).status_code == 302
    again = Client().get(link_url(token))
    assert again.status_code == 410 and "此链接已被使用" in again.content.decode()
    before = db_state()
    second = set_password(token, "Another#Pw2027")
    assert second.status_code == 410
    world.applicant.refresh_from_db()
    assert world.applicant.check_password(NEW)
    assert {k for k, v in db_state().items() if before[k] != v} == {"audit"}  # only the refusal
    refused = AuditEvent.objects.filter(action="password_reset.refused").order_by("id")
    assert [(e.result, e.after["state"]) for e in refused] == [("fail", "used"), ("fail", "used")]


def test_the_link_expires(world, moved_clock):
    token = issue_for_applicant(world)
    moved_clock.advance(timedelta(hours=24) - timedelta(seconds=5))
    assert Client().get(link_url(token)).status_code == 200  # still valid just before
    moved_clock.advance(timedelta(seconds=6))
    page = Client().get(link_url(token))
    assert page.status_code == 410 and "此链接已过期" in page.content.decode()
    before = db_state()
    assert set_password(token).status_code == 410
    assert {k for k, v in db_state().items() if before[k] != v} == {"audit"}
    world.applicant.refresh_from_db()
    assert world.applicant.check_password(PASSWORD) and not world.applicant.check_password(NEW)
    assert actions() == ["password_reset.issue", "password_reset.refused", "password_reset.refused"]
    assert AuditEvent.objects.filter(action="password_reset.refused").first().after["state"] == "expired"


def test_the_validity_is_a_setting(world, settings, moved_clock):
    settings.PASSWORD_RESET_LINK_HOURS = 2
    token = issue_for_applicant(world)
    moved_clock.advance(timedelta(hours=2, seconds=1))
    assert set_password(token).status_code == 410


def test_a_new_link_kills_the_old_one(world):
    old = issue_for_applicant(world)
    new = issue_for_applicant(world)
    page = Client().get(link_url(old))
    assert page.status_code == 410 and "已有更新的链接" in page.content.decode()
    assert set_password(old).status_code == 410
    assert set_password(new).status_code == 302
    world.applicant.refresh_from_db()
    assert world.applicant.check_password(NEW)
    issued = AuditEvent.objects.filter(action="password_reset.issue").order_by("id")
    assert [e.after["revoked_links"] for e in issued] == [0, 1]


# --- the token -----------------------------------------------------------------------------------

def test_only_a_hash_of_the_256_bit_token_is_stored(world):
    token = issue_for_applicant(world)
    assert len(token) >= 43  # token_urlsafe(32): 256 bits
    link = PasswordResetLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(PasswordResetLink.objects.values()))
    assert not AuditEvent.objects.filter(after__icontains=token).exists()


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 200])
def test_an_unknown_token_is_404_and_writes_nothing(world, token):
    issue_for_applicant(world)
    before = db_state()
    assert Client().get(link_url(token)).status_code == 404
    assert set_password(token).status_code == 404
    assert db_state() == before


# --- bad passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("password, again, field", [
    ("Ab1#", None, "new_password2"),            # too short
    ("applicant1A#", None, "new_password2"),    # too similar to the login name
    ("12345678901", None, "new_password2"),     # numbers only
    (NEW, "Xin#Mima2027", "new_password2"),     # the two do not match
])
def test_a_bad_password_is_a_form_error_and_nothing_is_written(world, password, again, field):
    token = issue_for_applicant(world)
    before = db_state()
    page = set_password(token, password, again)
    assert page.status_code == 400 and page.context["form"].errors[field]
    assert db_state() == before
    assert Client().get(link_url(token)).status_code == 200  # the link is still usable
    assert set_password(token).status_code == 302


# --- scope ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor", ["sibling_admin", "other_branch_admin", "committee_admin",
                                   "other_committee_admin", "auditor", "applicant"])
def test_nobody_but_the_persons_branch_resets_an_applicant(world, actor):
    client = Client()
    client.force_login(getattr(world, actor))
    url = reverse("pc:case_password_reset", args=[world.case.public_id])
    before = db_state()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert db_state() == before


@pytest.mark.parametrize("actor", ["other_committee_admin", "branch_admin", "sibling_admin", "auditor", "applicant"])
def test_nobody_but_the_committee_above_resets_a_branch_admin(world, actor):
    client = Client()
    client.force_login(getattr(world, actor))
    url = reverse("pc:account_password_reset", args=[world.branch_admin.pk])
    before = db_state()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert db_state() == before
    listing = client.get(reverse("pc:account_list"))
    if actor == "other_committee_admin":
        assert [u for u, _g, _h in listing.context["rows"]] == [world.other_branch_admin]
    else:
        assert listing.status_code == 404


@pytest.mark.parametrize("target", ["committee_admin", "other_committee_admin", "auditor", "other_branch_admin",
                                    "applicant", "both"])
def test_a_committee_admin_never_resets_above_or_beside_its_subtree(world, login, target):
    """Not itself, not another committee's administrators, not auditors or applicants, and not a branch
    administrator who also holds a role outside the subtree."""
    if target == "both":
        RoleGrant.objects.create(user=world.sibling_admin, role=Role.BRANCH_ADMIN, org=world.other_branch)
        user = world.sibling_admin
    else:
        user = getattr(world, target)
    client = login(world.committee_admin)
    assert user not in [u for u, _g, _h in client.get(reverse("pc:account_list")).context["rows"]]
    before = db_state()
    url = reverse("pc:account_password_reset", args=[user.pk])
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert db_state() == before


def test_a_branch_admin_cannot_reset_an_account_holding_a_role(world, login):
    """A person's phone account that also holds a role is not reset from the person's page."""
    RoleGrant.objects.create(user=world.applicant, role=Role.AUDITOR, org=world.committee)
    client = login(world.branch_admin)
    url = reverse("pc:case_password_reset", args=[world.case.public_id])
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404


def test_the_button_shows_only_for_a_person_with_an_account(world, login):
    client = login(world.branch_admin)
    page = client.get(reverse("pc:case_detail", args=[world.pending_case.public_id])).content.decode()
    assert "password-reset" not in page  # a paper application: no account
    assert client.get(reverse("pc:case_password_reset", args=[world.pending_case.public_id])).status_code == 404


# --- the login page --------------------------------------------------------------------------------

def test_the_login_page_says_whom_to_ask(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "忘记密码？申请人请联系所在党支部管理员，党支部管理员请联系上级党委管理员" in page
