"""partydev/accounts/services.py: every service's happy path, each refusal with nothing written, and
its audit event. The world (tests/conftest.py): 示范党委 with 第一/第二党支部, its committee
administrator, auditor and security administrator; 另一党委 with its own."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from partydev.accounts import services
from partydev.accounts.errors import Refused
from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.models import AuditEvent
from partydev.audit.selectors import audit_events_visible_to
from partydev.orgs.models import AccountHome, OrgKind, Role, RoleGrant
from partydev.orgs.selectors import orgs_secured_by
from partydev.structure.services import org_dissolve
from tests.factories import UserFactory, admin, child, db_state


def refused(reason, call, **kwargs):
    """The service refuses with `reason`, and nothing at all is written (audit included)."""
    before = db_state()
    with pytest.raises(Refused) as exc:
        call(**kwargs)
    assert exc.value.reason == reason
    assert exc.value.messages[0]
    assert db_state() == before
    return exc.value


def last_event():
    return AuditEvent.objects.order_by("-id").first()


def new_account(world, username="newadmin", org=None):
    return services.account_create(actor=world.committee_admin, username=username, name="新管理员",
                                   org=org or world.committee)


# --- role_grant / role_revoke ------------------------------------------------------------------------

def test_security_admin_grants_branch_admin_to_a_new_account(world):
    user = new_account(world)
    grant = services.role_grant(actor=world.security_admin, user=user, role=Role.BRANCH_ADMIN, org=world.branch)
    assert RoleGrant.objects.filter(user=user, role=Role.BRANCH_ADMIN, org=world.branch).get() == grant
    event = last_event()
    assert (event.action, event.actor, event.org_path, event.object_type) == (
        "role.granted", world.security_admin, world.branch.path, "rolegrant")
    assert event.after == {"user": "newadmin", "role": "branch_admin", "org": "第一党支部"}
    # The auditor of the committee reads it, in Chinese.
    assert audit_events_visible_to(world.auditor).filter(pk=event.pk).exists()
    assert event.action_label == "授予角色"


def test_security_admin_appoints_a_security_admin_below_but_not_at_its_node(world):
    sub = child(world.committee, "下级党委", kind=OrgKind.COMMITTEE)
    user = new_account(world, "subsec")
    services.role_grant(actor=world.security_admin, user=user, role=Role.SECURITY_ADMIN, org=sub)
    other = new_account(world, "peersec")
    refused("security_at_or_above", services.role_grant, actor=world.security_admin, user=other,
            role=Role.SECURITY_ADMIN, org=world.committee)


@pytest.mark.parametrize(("held", "new"), [
    (Role.COMMITTEE_ADMIN, Role.AUDITOR), (Role.COMMITTEE_ADMIN, Role.SECURITY_ADMIN),
    (Role.AUDITOR, Role.COMMITTEE_ADMIN), (Role.BRANCH_ADMIN, Role.AUDITOR),
    (Role.BRANCH_ADMIN, Role.SECURITY_ADMIN), (Role.AUDITOR, Role.BRANCH_ADMIN),
])
def test_nobody_holds_two_duties(world, held, new):
    user = new_account(world)
    first_org = world.branch if held == Role.BRANCH_ADMIN else world.committee
    services.role_grant(actor=world.security_admin, user=user, role=held, org=first_org)
    org = world.sibling if new == Role.BRANCH_ADMIN else world.committee
    if new == Role.SECURITY_ADMIN:
        org = child(world.committee, "下级党委", kind=OrgKind.COMMITTEE)
    exc = refused("duty_conflict", services.role_grant, actor=world.security_admin, user=user, role=new, org=org)
    assert "三权分立" in exc.messages[0]


def test_committee_admin_may_also_be_a_branch_admin(world):
    user = new_account(world)
    services.role_grant(actor=world.security_admin, user=user, role=Role.COMMITTEE_ADMIN, org=world.committee)
    services.role_grant(actor=world.security_admin, user=user, role=Role.BRANCH_ADMIN, org=world.branch)
    assert set(user.grants.values_list("role", flat=True)) == {Role.COMMITTEE_ADMIN, Role.BRANCH_ADMIN}


def test_grant_refusals(world):
    sa = world.security_admin
    refused("self", services.role_grant, actor=sa, user=sa, role=Role.BRANCH_ADMIN, org=world.branch)
    # Not a security administrator: the committee administrator, the auditor.
    for actor in (world.committee_admin, world.auditor, world.branch_admin):
        refused("not_permitted", services.role_grant, actor=actor, user=world.sibling_admin,
                role=Role.BRANCH_ADMIN, org=world.branch)
    # Another committee's account, another committee's node.
    refused("not_permitted", services.role_grant, actor=sa, user=world.other_branch_admin,
            role=Role.BRANCH_ADMIN, org=world.branch)
    refused("org_out_of_scope", services.role_grant, actor=sa, user=world.sibling_admin,
            role=Role.BRANCH_ADMIN, org=world.other_branch)
    # The wrong kind of node, a duplicate, an applicant's account (outside any scope).
    refused("org_kind", services.role_grant, actor=sa, user=world.sibling_admin, role=Role.BRANCH_ADMIN,
            org=world.committee)
    refused("duplicate", services.role_grant, actor=sa, user=world.sibling_admin, role=Role.BRANCH_ADMIN,
            org=world.sibling)
    refused("not_permitted", services.role_grant, actor=sa, user=world.applicant, role=Role.BRANCH_ADMIN,
            org=world.branch)
    refused("applicant_account", services.role_grant, actor=None, actor_name="os:test", user=world.applicant,
            role=Role.BRANCH_ADMIN, org=world.branch)
    # A deactivated account gets no role.
    user = new_account(world)
    services.account_deactivate(actor=world.committee_admin, user=user)
    refused("inactive", services.role_grant, actor=sa, user=user, role=Role.BRANCH_ADMIN, org=world.branch)
    # The security administrator cannot make itself anything, nor its peer at its node.
    refused("self", services.role_grant, actor=sa, user=sa, role=Role.AUDITOR, org=world.committee)


def test_security_admin_revokes_a_role_in_its_subtree(world):
    grant = world.branch_admin.grants.get()
    services.role_revoke(actor=world.security_admin, grant=grant)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = last_event()
    assert (event.action, event.actor, event.org_path) == ("role.revoked", world.security_admin, world.branch.path)
    assert event.before == {"user": "branch1", "role": "branch_admin", "org": "第一党支部"}
    # Without a role, the account stays where its role was: the committee and the security
    # administrator still reach it (to grant again or deactivate).
    from partydev.orgs.selectors import accounts_managed_by, accounts_secured_by

    assert AccountHome.objects.get(user=world.branch_admin).org == world.branch
    assert world.branch_admin in accounts_managed_by(world.committee_admin)
    assert world.branch_admin in accounts_secured_by(world.security_admin)


def test_revoke_refusals(world):
    sa = world.security_admin
    refused("self", services.role_revoke, actor=sa, grant=sa.grants.get())
    refused("not_permitted", services.role_revoke, actor=world.committee_admin, grant=world.branch_admin.grants.get())
    refused("org_out_of_scope", services.role_revoke, actor=sa, grant=world.other_branch_admin.grants.get())
    # Another security administrator at the same node: not at or above its own node.
    peer = admin(Role.SECURITY_ADMIN, world.committee, "peer")
    refused("security_at_or_above", services.role_revoke, actor=sa, grant=peer.grants.get())


# --- unlock and two-factor reset ---------------------------------------------------------------------

def lock_out(user, failures=5):
    AccessAttempt.objects.create(username=login_name_for_logs(user.username), ip_address="10.0.0.9",
                                 user_agent="test", failures_since_start=failures, attempt_time=timezone.now(),
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")


def test_security_admin_unlocks_an_account(world):
    lock_out(world.branch_admin)
    lock_out(world.sibling_admin)
    assert services.account_unlock(actor=world.security_admin, user=world.branch_admin) == 5
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [
        login_name_for_logs(world.sibling_admin.username)]
    event = last_event()
    assert (event.action, event.actor, event.org_path, event.after["failures_cleared"]) == (
        "account.unlocked", world.security_admin, world.branch.path, 5)


def test_unlock_refusals(world):
    lock_out(world.branch_admin)
    lock_out(world.security_admin)
    lock_out(world.other_branch_admin)
    refused("self", services.account_unlock, actor=world.security_admin, user=world.security_admin)
    refused("not_permitted", services.account_unlock, actor=world.committee_admin, user=world.branch_admin)
    refused("not_permitted", services.account_unlock, actor=world.security_admin, user=world.other_branch_admin)
    refused("not_locked", services.account_unlock, actor=world.security_admin, user=world.sibling_admin)


def enrol(user):
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=user, name="recovery", confirmed=True)


def test_security_admin_resets_two_factor(world):
    enrol(world.branch_admin)
    enrol(world.sibling_admin)
    services.account_two_factor_reset(actor=world.security_admin, user=world.branch_admin)
    assert not TOTPDevice.objects.filter(user=world.branch_admin).exists()
    assert not StaticDevice.objects.filter(user=world.branch_admin).exists()
    assert TOTPDevice.objects.filter(user=world.sibling_admin).exists()
    event = last_event()
    assert (event.action, event.actor, event.org_path) == ("auth.2fa_reset", world.security_admin, world.branch.path)


def test_two_factor_reset_refusals(world):
    enrol(world.security_admin)
    enrol(world.other_branch_admin)
    enrol(world.branch_admin)
    refused("self", services.account_two_factor_reset, actor=world.security_admin, user=world.security_admin)
    refused("not_permitted", services.account_two_factor_reset, actor=world.committee_admin, user=world.branch_admin)
    refused("not_permitted", services.account_two_factor_reset, actor=world.security_admin,
            user=world.other_branch_admin)
    refused("no_two_factor", services.account_two_factor_reset, actor=world.security_admin, user=world.sibling_admin)


# --- accounts (committee administrator) --------------------------------------------------------------

def test_committee_admin_creates_an_account_without_password_or_role(world):
    user = new_account(world, org=world.branch)
    assert not user.has_usable_password() and user.is_active and not user.is_staff
    assert not user.grants.exists()
    home = AccountHome.objects.get(user=user)
    assert (home.org, home.created_by) == (world.branch, world.committee_admin)
    event = last_event()
    assert (event.action, event.actor, event.org_path, event.object_id) == (
        "account.created", world.committee_admin, world.branch.path, str(user.pk))
    # The new account is the committee's to maintain and the security administrator's to grant.
    from partydev.orgs.selectors import accounts_managed_by, accounts_secured_by

    assert user in accounts_managed_by(world.committee_admin)
    assert user in accounts_secured_by(world.security_admin)
    assert user not in accounts_managed_by(world.other_committee_admin)


def test_create_refusals(world):
    new_account(world, "taken")
    refused("username_taken", new_account, world=world, username="TAKEN")
    refused("invalid", new_account, world=world, username="bad name!")
    refused("org_out_of_scope", new_account, world=world, username="x1", org=world.other_branch)
    for actor in (world.security_admin, world.auditor, world.branch_admin):
        refused("not_permitted", services.account_create, actor=actor, username="x2", name="某人", org=world.branch)
    refused("invalid", services.account_create, actor=world.committee_admin, username="x3", name="\u200b",
            org=world.branch)


def test_committee_admin_deactivates_and_reactivates(world):
    services.account_deactivate(actor=world.committee_admin, user=world.branch_admin)
    world.branch_admin.refresh_from_db()
    assert not world.branch_admin.is_active
    assert world.branch_admin.grants.exists()  # kept for the reactivation
    assert (last_event().action, last_event().org_path) == ("account.deactivated", world.branch.path)
    services.account_reactivate(actor=world.committee_admin, user=world.branch_admin)
    world.branch_admin.refresh_from_db()
    assert world.branch_admin.is_active
    assert last_event().action == "account.reactivated"


def test_deactivate_refusals(world):
    ca = world.committee_admin
    refused("self", services.account_deactivate, actor=ca, user=ca)
    # Other committees, duty holders (auditor, security administrator), an applicant.
    for user in (world.other_branch_admin, world.auditor, world.security_admin, world.applicant,
                 world.other_committee_admin):
        refused("not_permitted", services.account_deactivate, actor=ca, user=user)
    refused("not_permitted", services.account_deactivate, actor=world.security_admin, user=world.branch_admin)
    refused("already_active", services.account_reactivate, actor=ca, user=world.branch_admin)
    services.account_deactivate(actor=ca, user=world.branch_admin)
    refused("already_inactive", services.account_deactivate, actor=ca, user=world.branch_admin)


def test_a_branch_admin_holding_a_role_elsewhere_is_nobodys_to_maintain_alone(world):
    RoleGrant.objects.create(user=world.sibling_admin, role=Role.BRANCH_ADMIN, org=world.other_branch)
    refused("not_permitted", services.account_deactivate, actor=world.committee_admin, user=world.sibling_admin)
    refused("not_permitted", services.account_unlock, actor=world.security_admin, user=world.sibling_admin)


def test_staff_accounts_are_outside_every_page(world):
    staff = UserFactory(username="staffer", is_staff=True)
    AccountHome.objects.create(user=staff, org=world.committee)
    refused("not_permitted", services.account_deactivate, actor=world.committee_admin, user=staff)
    refused("not_permitted", services.role_grant, actor=world.security_admin, user=staff,
            role=Role.BRANCH_ADMIN, org=world.branch)
    assert get_user_model().objects.get(pk=staff.pk).is_active


def test_no_role_is_granted_on_a_dissolved_organisation(world):
    """组织管理 keeps a dissolved node (partydev/structure); nobody is given work there, and it is not
    offered on the grant form."""
    empty = child(world.committee, "已撤销支部")
    org_dissolve(actor=world.committee_admin, node=empty, dissolved_on=timezone.localdate())
    empty.refresh_from_db()
    user = new_account(world)
    refused("org_dissolved", services.role_grant, actor=world.security_admin, user=user,
            role=Role.BRANCH_ADMIN, org=empty)
    assert empty not in orgs_secured_by(world.security_admin)
