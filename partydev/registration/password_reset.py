"""Password reset by an administrator: a one-time link (and its QR code) for a person who forgot the
password. The branch administrator issues it for the applicants of its branch (the person's page),
the Party committee administrator for the administrators' accounts it maintains (账号管理,
partydev/accounts/).

- The token is 256 random bits (`secrets.token_urlsafe(32)`); only its SHA-256 is stored and a
  presented token is looked up by that hash, so the database never holds a usable link.
- A link is usable once, until `PASSWORD_RESET_LINK_HOURS` (24 h) after it was issued; issuing a new
  one revokes the person's open links.
- Audited: `password_reset.issue`, `password_reset.use`, and `password_reset.refused` (a used, expired
  or revoked link was opened). An unknown token writes nothing (the page answers 404).

Scope (who may reset whom) lives here too, beside the only write path."""

import hashlib
import secrets
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from partydev.audit.auth_events import login_name_for_logs
from partydev.audit.services import audit_record
from partydev.cases.permissions import is_branch_admin_of
from partydev.orgs.models import Role, RoleGrant
from partydev.orgs.selectors import account_home_path, accounts_managed_by

from .models import PasswordResetLink

ISSUED = "password_reset.issue"
USED = "password_reset.use"
REFUSED = "password_reset.refused"


class LinkRefused(Exception):
    """The link exists but cannot be used: `state` is 'used', 'revoked' or 'expired'."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_hours() -> int:
    return int(getattr(settings, "PASSWORD_RESET_LINK_HOURS", 24))


# --- scope ---------------------------------------------------------------------------------------

def _is_plain_account(user) -> bool:
    """An account with no role and no Django-admin rights: a phone account of an applicant."""
    return (user is not None and user.is_active and not user.is_staff and not user.is_superuser
            and not RoleGrant.objects.filter(user=user).exists())


def can_reset_applicant(actor, case) -> bool:
    """The branch administrator of the person's branch, for a person with a phone account."""
    return case.user_id is not None and is_branch_admin_of(actor, case) and _is_plain_account(case.user)


def account_for_reset(actor, user_pk):
    """An active account the committee administrator maintains (`accounts_managed_by`: branch and
    committee administrators strictly below its committees, and the accounts it created that hold no
    role yet; never itself, a security or audit duty, staff, or an applicant), or 404."""
    user = accounts_managed_by(actor).filter(pk=user_pk, is_active=True).first()
    if user is None:
        raise Http404
    return user


def branches_of(user) -> list:
    return [g.org for g in RoleGrant.objects.filter(user=user, role=Role.BRANCH_ADMIN)
            .select_related("org").order_by("org__path")]


# --- services ------------------------------------------------------------------------------------

def _issue(*, user, actor, kind, org_path, case=None) -> tuple[PasswordResetLink, str]:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        revoked = PasswordResetLink.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        link = PasswordResetLink.objects.create(
            user=user, kind=kind, token_hash=token_hash(token), org_path=org_path, case=case,
            created_by=actor, created_at=now, expires_at=now + timedelta(hours=link_hours()))
        audit_record(actor=actor, action=ISSUED, obj=link, case=case, org_path=org_path, after={
            "user": user.get_username(), "kind": kind, "expires_at": link.expires_at.isoformat(),
            "revoked_links": revoked})
    return link, token


def reset_link_issue_for_applicant(*, case, actor) -> tuple[PasswordResetLink, str]:
    """A new link for the person's phone account (the old ones die); (link, token). 404 out of scope."""
    if not can_reset_applicant(actor, case):
        raise Http404
    return _issue(user=case.user, actor=actor, kind=PasswordResetLink.Kind.APPLICANT,
                  org_path=case.org_path, case=case)


def reset_link_issue_for_account(*, user, actor) -> tuple[PasswordResetLink, str]:
    """A new link for an administrator's account the actor (committee administrator) maintains, also
    the first password of an account it has just created; (link, token). 404 out of scope. The link
    opens the administrators' page (kind `branch_admin`, whatever the account's role)."""
    user = account_for_reset(actor, user.pk)
    return _issue(user=user, actor=actor, kind=PasswordResetLink.Kind.BRANCH_ADMIN,
                  org_path=account_home_path(user))


def link_by_token(token: str) -> PasswordResetLink | None:
    """The link this token opens, whatever its state; None for an unknown token."""
    if not token or len(token) > 100:
        return None
    return PasswordResetLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()


def reset_link_refused(*, link: PasswordResetLink, state: str) -> None:
    """Record that a dead link was opened (nothing else is written)."""
    audit_record(actor=None, action=REFUSED, result="fail", obj=link, case=link.case,
                 org_path=link.org_path, after={"user": link.user.get_username(), "state": state})


def reset_link_use(*, link: PasswordResetLink, password: str) -> None:
    """Set the new password (already checked by the password validators) and kill the link, in one
    transaction; the person's failed-login lockout is cleared. Raises LinkRefused (after recording
    the refusal) when the link is no longer usable."""
    with transaction.atomic():
        now = timezone.now()
        used = PasswordResetLink.objects.filter(
            pk=link.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        ).update(used_at=now)
        if not used:
            link.refresh_from_db()
            state = link.state(now)
        else:
            user = link.user
            user.set_password(password)
            user.save(update_fields=["password"])
            unlocked, _kinds = AccessAttempt.objects.filter(
                username=login_name_for_logs(user.get_username())).delete()
            audit_record(actor=user, action=USED, obj=link, case=link.case, org_path=link.org_path,
                         after={"issued_by": link.created_by.get_username(), "lockouts_cleared": unlocked})
    if not used:
        reset_link_refused(link=link, state=state if state != "usable" else "expired")
        raise LinkRefused(state)
