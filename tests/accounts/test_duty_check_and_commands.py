"""partydev.E007 (two duties), `manage.py grant_role` (the operator's first security administrator),
and the Django admin, which must not go round the services."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.checks import Tags, run_checks
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from partydev.accounts.checks import check_separation_of_duties
from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.models import AuditEvent
from partydev.audit.selectors import audit_events_visible_to
from partydev.orgs.models import AccountHome, Role, RoleGrant
from tests.factories import UserFactory, db_state


@pytest.fixture
def production(settings):
    settings.IS_PRODUCTION = True


def test_no_duties_held_twice_passes(world, production):
    assert check_separation_of_duties() == []


@pytest.mark.parametrize(("first", "second", "org2"), [
    (Role.COMMITTEE_ADMIN, Role.AUDITOR, "committee"), (Role.SECURITY_ADMIN, Role.AUDITOR, "other_committee"),
    (Role.SECURITY_ADMIN, Role.BRANCH_ADMIN, "branch"), (Role.AUDITOR, Role.BRANCH_ADMIN, "other_branch"),
])
def test_two_duties_put_in_by_hand_fail_the_deploy_check(world, production, settings, first, second, org2):
    """Around the services (a hand-edited database, an old backup): the check names the account,
    in production, with --deploy."""
    user = UserFactory(username="twohats")
    RoleGrant.objects.create(user=user, role=first, org=world.committee)
    RoleGrant.objects.create(user=user, role=second, org=getattr(world, org2))
    found = check_separation_of_duties()
    assert [m.id for m in found] == ["partydev.E007"]
    assert "twohats" in found[0].msg
    assert "partydev.E007" in [m.id for m in run_checks(tags=[Tags.security], include_deployment_checks=True)]
    assert "partydev.E007" not in [m.id for m in run_checks(tags=[Tags.security])]
    settings.IS_PRODUCTION = False
    assert check_separation_of_duties() == []


def test_operator_grants_the_first_security_admin(world):
    out = StringIO()
    call_command("grant_role", "firstsec", "security_admin", "示范党委", "--create", stdout=out)
    grant = RoleGrant.objects.get(user__username="firstsec")
    assert (grant.role, grant.org) == (Role.SECURITY_ADMIN, world.committee)
    assert not grant.user.has_usable_password()
    assert "changepassword firstsec" in out.getvalue()
    created, granted = AuditEvent.objects.order_by("-id")[:2][::-1]
    assert (created.action, granted.action) == ("account.created", "role.granted")
    assert granted.actor is None and granted.actor_name.startswith("os:")
    assert granted.org_path == world.committee.path
    assert audit_events_visible_to(world.auditor).filter(pk=granted.pk).exists()


def test_operator_command_keeps_the_separation_of_duties(world):
    before = db_state()
    with pytest.raises(CommandError, match="三权分立"):
        call_command("grant_role", "auditor", "security_admin", str(world.committee.pk))
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_role", "nobody", "security_admin", "示范党委")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("grant_role", "auditor", "security_admin", "不存在的党委")
    assert db_state() == before


# --- the Django admin --------------------------------------------------------------------------------

@pytest.fixture
def superuser_client(world, client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return client


def test_django_admin_cannot_grant_roles_or_edit_users(world, superuser_client):
    client = superuser_client
    grant = world.branch_admin.grants.get()
    assert client.get(reverse("admin:orgs_rolegrant_changelist")).status_code == 200  # reading is fine
    assert client.get(reverse("admin:orgs_rolegrant_add")).status_code == 403
    before = db_state()
    client.post(reverse("admin:orgs_rolegrant_change", args=[grant.pk]), {"role": Role.AUDITOR, "org": world.committee.pk})
    client.post(reverse("admin:orgs_rolegrant_delete", args=[grant.pk]), {"post": "yes"})
    assert client.get(reverse("admin:auth_user_add")).status_code == 403
    client.post(reverse("admin:auth_user_change", args=[world.auditor.pk]),
                {"username": "auditor", "is_superuser": "on", "is_staff": "on"})
    password = client.post(reverse("admin:auth_user_password_change", args=[world.auditor.pk]),
                           {"password1": "Xy#987654321", "password2": "Xy#987654321"})
    assert password.status_code == 403
    client.post(reverse("admin:auth_user_delete", args=[world.auditor.pk]), {"post": "yes"})
    assert db_state() == before
    world.auditor.refresh_from_db()
    assert not world.auditor.is_staff and not world.auditor.is_superuser


def test_lockout_groups_and_devices_are_not_in_the_django_admin():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice as PlainTOTPDevice

    for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, PlainTOTPDevice, StaticDevice, Group):
        assert not admin.site.is_registered(model), model
    assert not admin.site.is_registered(AccountHome)
