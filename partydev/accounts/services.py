"""The only write path for accounts and role grants (separation of duties, 三权分立; docs/security.md
row 7).

- The committee administrator (系统管理员 duty) creates, deactivates and reactivates the accounts of
  its subtree (`accounts_managed_by`) and issues their password-reset links
  (partydev/registration/password_reset.py). A new account has no password and no role: the person
  sets the password with a reset link, and the security administrator grants the role.
- The security administrator (安全管理员, Role.SECURITY_ADMIN) grants and revokes roles in its subtree,
  unlocks accounts locked out by django-axes and resets a lost two-factor device.
- The auditor (审计员) only reads the audit log, where every change here is an AuditEvent.

Every service checks the actor, the scope and the separation of duties itself and raises Refused
with nothing written; the scope is the one of partydev/orgs/selectors.py, so a page and a service
can never disagree about who may touch whom. `actor_name` is for the operator's commands (no user:
"os:<login>")."""

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice

from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.services import audit_record
from partydev.common.text import validate_name
from partydev.orgs.models import (
    DUTIES,
    EXCLUDE_BRANCH_ADMIN,
    AccountHome,
    Organisation,
    OrgKind,
    Role,
    RoleGrant,
)
from partydev.orgs.selectors import (
    account_home_path,
    accounts_managed_by,
    accounts_secured_by,
    has_role,
    path_within,
    scope_paths,
)

from .errors import Refused
from .selectors import attempts_of, has_devices

GRANTED = "role.granted"
REVOKED = "role.revoked"
CREATED = "account.created"
DEACTIVATED = "account.deactivated"
REACTIVATED = "account.reactivated"
UNLOCKED = "account.unlocked"
TWO_FACTOR_RESET = "auth.2fa_reset"

# Where each role may be granted: branch administration on a 党支部, the other roles on a 党委.
ROLE_ORG_KINDS = {
    Role.BRANCH_ADMIN: (OrgKind.BRANCH,),
    Role.COMMITTEE_ADMIN: (OrgKind.COMMITTEE,),
    Role.AUDITOR: (OrgKind.COMMITTEE,),
    Role.SECURITY_ADMIN: (OrgKind.COMMITTEE,),
}

MESSAGES = {
    "not_permitted": _("You may not change this account."),
    "self": _("Nobody may change their own roles, lockout or two-step verification."),
    "org_out_of_scope": _("This organisation is outside your area."),
    "org_kind": _("This role can only be granted on a %(kinds)s."),
    "org_dissolved": _("This organisation has been dissolved."),
    "security_at_or_above": _("A security administrator can only be appointed below your own organisation."),
    "duty_conflict": _("Separation of duties: one person cannot be %(held)s and %(role)s at the same time."),
    "duplicate": _("This account already holds this role here."),
    "inactive": _("This account is deactivated; reactivate it first."),
    "not_locked": _("This account has no failed logins to clear."),
    "no_two_factor": _("This account has no two-step verification to reset."),
    "username_taken": _("This login name is already in use."),
    "already_inactive": _("This account is already deactivated."),
    "already_active": _("This account is already active."),
    "applicant_account": _("An applicant's phone account cannot hold an administrator role."),
    "admin_account": _("Accounts of the Django admin are maintained by the operator."),
}


def refuse(code: str, **params):
    message = MESSAGES[code]
    raise Refused(code, message % params if params else message)


def _actor_label(actor, actor_name: str) -> str:
    return actor_name or (actor.get_username() if actor is not None else "")


def _roles_of(user) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def duty_conflict(roles: set[str]) -> tuple[str, str] | None:
    """(held, other) when a set of roles breaks the separation of duties, else None."""
    duties = [r for r in DUTIES if r in roles]
    if len(duties) > 1:
        return duties[0], duties[1]
    for role in EXCLUDE_BRANCH_ADMIN:
        if role in roles and Role.BRANCH_ADMIN in roles:
            return Role.BRANCH_ADMIN, role
    return None


def _require_security_admin(actor, user=None):
    if actor is None or not has_role(actor, Role.SECURITY_ADMIN):
        refuse("not_permitted")
    if user is not None:
        if user.pk == actor.pk:
            refuse("self")
        if not accounts_secured_by(actor).filter(pk=user.pk).exists():
            refuse("not_permitted")


def _require_org_for(actor, role: str, org: Organisation):
    """The security administrator's reach: inside its subtree, and a new security administrator only
    strictly below its own node(s). actor None: the operator's shell (manage.py grant_role)."""
    if actor is not None:
        paths = scope_paths(actor, (Role.SECURITY_ADMIN,))
        if not path_within(org.path, paths):
            refuse("org_out_of_scope")
        if role == Role.SECURITY_ADMIN and not any(org.path.startswith(p) and org.path != p for p in paths):
            refuse("security_at_or_above")


# --- roles (security administrator) -------------------------------------------------------------------

def role_grant(*, actor, user, role: str, org: Organisation, actor_name: str = "") -> RoleGrant:
    """Grant `role` on `org` to `user`. actor None only from `manage.py grant_role` (the operator
    appointing the first security administrator), with `actor_name` saying who."""
    if role not in Role.values:
        refuse("not_permitted")
    if actor is not None:
        _require_security_admin(actor, user)
    if user.is_staff or user.is_superuser:
        refuse("admin_account")
    if getattr(user, "case", None) is not None:
        refuse("applicant_account")
    if not user.is_active:
        refuse("inactive")
    _require_org_for(actor, role, org)
    if org.dissolved_on is not None:  # 组织管理 keeps dissolved nodes (partydev/structure): nobody works there
        refuse("org_dissolved")
    if org.kind not in ROLE_ORG_KINDS[role]:
        refuse("org_kind", kinds="、".join(str(OrgKind(k).label) for k in ROLE_ORG_KINDS[role]))
    with transaction.atomic():
        # The account's row is the lock: two grants to one person cannot both pass the check below.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        held = _roles_of(user)
        conflict = duty_conflict(held | {role})
        if conflict:
            refuse("duty_conflict", held=Role(conflict[0]).label, role=Role(conflict[1]).label)
        if RoleGrant.objects.filter(user=user, role=role, org=org).exists():
            refuse("duplicate")
        grant = RoleGrant.objects.create(user=user, role=role, org=org)
        # Where the account stays when its last role is revoked (else it would belong nowhere).
        AccountHome.objects.get_or_create(user=user, defaults={"org": org, "created_by": actor})
        audit_record(actor=actor, actor_name=_actor_label(actor, actor_name), action=GRANTED, obj=grant,
                     org_path=org.path, after={"user": user.get_username(), "role": role, "org": org.name})
    return grant


def role_revoke(*, actor, grant: RoleGrant) -> None:
    _require_security_admin(actor)
    user = grant.user
    if user.pk == actor.pk:
        refuse("self")
    _require_org_for(actor, grant.role, grant.org)
    with transaction.atomic():
        deleted, _kinds = RoleGrant.objects.filter(pk=grant.pk).delete()
        if not deleted:
            return  # revoked meanwhile: nothing to record twice
        # An account made before AccountHome existed keeps the revoked role's node as its home, so it
        # stays in this subtree (to be granted again or deactivated) instead of belonging nowhere.
        AccountHome.objects.get_or_create(user=user, defaults={"org": grant.org, "created_by": actor})
        audit_record(actor=actor, action=REVOKED, obj=grant, org_path=grant.org.path,
                     before={"user": user.get_username(), "role": grant.role, "org": grant.org.name})


# --- lockout and second factor (security administrator) -------------------------------------------

def account_unlock(*, actor, user) -> int:
    """Clear the account's failed logins (django-axes, every address): it can log in at once.
    Returns how many rows were cleared."""
    _require_security_admin(actor, user)
    with transaction.atomic():
        attempts = attempts_of(user)
        failures = sum(attempts.values_list("failures_since_start", flat=True))
        if not failures:
            refuse("not_locked")
        attempts.delete()
        audit_record(actor=actor, action=UNLOCKED, obj=user, org_path=account_home_path(user),
                     after={"user": user.get_username(), "failures_cleared": failures})
    return failures


def account_two_factor_reset(*, actor, user) -> None:
    """Remove the account's authenticator and recovery codes (lost phone and codes): the next login
    asks for the password only and, with REQUIRE_2FA, enrolment again."""
    _require_security_admin(actor, user)
    with transaction.atomic():
        if not has_devices(user):
            refuse("no_two_factor")
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action=TWO_FACTOR_RESET, obj=user, org_path=account_home_path(user),
                     before={"user": user.get_username()})


# --- accounts (committee administrator) ---------------------------------------------------------------

def _require_committee_admin(actor):
    if actor is None or not has_role(actor, Role.COMMITTEE_ADMIN):
        refuse("not_permitted")


def _require_managed(actor, user):
    _require_committee_admin(actor)
    if user.pk == actor.pk:
        refuse("self")
    if not accounts_managed_by(actor).filter(pk=user.pk).exists():
        refuse("not_permitted")


def account_create(*, actor, username: str, name: str, org: Organisation):
    """A new account without a password (unusable: nobody can log in until the person sets one with a
    reset link) and without a role, homed at `org` (inside the actor's committees), so the committee
    keeps maintaining it and the security administrator of that subtree can grant it a role."""
    _require_committee_admin(actor)
    if not path_within(org.path, scope_paths(actor, (Role.COMMITTEE_ADMIN,))):
        refuse("org_out_of_scope")
    username = (username or "").strip()
    name = (name or "").strip()
    User = get_user_model()
    try:
        UnicodeUsernameValidator()(username)
        validate_name(name)
    except ValidationError as exc:
        raise Refused("invalid", exc.messages[0]) from None
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            refuse("username_taken")
        user = User(username=username, first_name=name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        AccountHome.objects.create(user=user, org=org, created_by=actor)
        audit_record(actor=actor, action=CREATED, obj=user, org_path=org.path,
                     after={"user": username, "name": name, "org": org.name})
    return user


def account_deactivate(*, actor, user) -> None:
    """The account can no longer log in (its open sessions end at their next request: Django's
    backend refuses inactive users). Its grants are kept, so reactivating restores it as it was."""
    _require_managed(actor, user)
    with transaction.atomic():
        if not get_user_model().objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            refuse("already_inactive")
        user.is_active = False
        audit_record(actor=actor, action=DEACTIVATED, obj=user, org_path=account_home_path(user),
                     after={"user": user.get_username()})


def account_reactivate(*, actor, user) -> None:
    _require_managed(actor, user)
    with transaction.atomic():
        if not get_user_model().objects.filter(pk=user.pk, is_active=False).update(is_active=True):
            refuse("already_active")
        user.is_active = True
        audit_record(actor=actor, action=REACTIVATED, obj=user, org_path=account_home_path(user),
                     after={"user": user.get_username()})
