"""Reading accounts for the account pages (committee administrator) and the security pages (security
administrator). Scope comes from partydev/orgs/selectors.py (`accounts_managed_by`,
`accounts_secured_by`); out of scope is 404, as everywhere."""

from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.auth_events import login_name_for_logs
from partydev.orgs.models import AccountHome, RoleGrant
from partydev.orgs.selectors import accounts_managed_by, accounts_secured_by


def search(users, query: str):
    """Login name or name contains `query`."""
    query = (query or "").strip()
    if not query:
        return users
    return users.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                        | Q(last_name__icontains=query))


def managed_account(actor, pk):
    """One account the committee administrator maintains, or 404."""
    user = accounts_managed_by(actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def secured_account(actor, pk):
    """One account in the security administrator's subtree, or 404."""
    user = accounts_secured_by(actor).filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


def grants_by_user(users) -> dict[int, list[RoleGrant]]:
    """Every grant of the given users, in one query."""
    found: dict[int, list[RoleGrant]] = {u.pk: [] for u in users}
    for grant in RoleGrant.objects.filter(user__in=list(found)).select_related("org").order_by("org__path", "role"):
        found[grant.user_id].append(grant)
    return found


def homes_by_user(users) -> dict[int, AccountHome]:
    return {h.user_id: h for h in AccountHome.objects.filter(user__in=[u.pk for u in users]).select_related("org")}


@dataclass(frozen=True)
class LoginFailures:
    failures: int  # failed logins within the cool-off, from any address
    locked: bool  # either lockout tier reached (partydev/common/lockout.py)


def _attempts():
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def login_failures(users) -> dict[int, LoginFailures]:
    """Recent failed logins per account, in one query. django-axes keeps only the masked, keyed form
    of the typed name (audit/auth_events.py), so each account's form is computed and matched."""
    names = {login_name_for_logs(u.get_username()): u.pk for u in users}
    per_user: dict[int, list[int]] = {}
    for name, failures in _attempts().filter(username__in=list(names)).values_list("username", "failures_since_start"):
        per_user.setdefault(names[name], []).append(failures)
    result = {}
    for pk, counts in per_user.items():
        locked = (max(counts) >= settings.AXES_FAILURE_LIMIT
                  or sum(counts) >= settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT)
        result[pk] = LoginFailures(failures=sum(counts), locked=locked)
    return result


def attempts_of(user):
    """django-axes' rows of this account (every address), what unlocking deletes."""
    return AccessAttempt.objects.filter(username=login_name_for_logs(user.get_username()))


def two_factor_users(users) -> set[int]:
    """Which of the users have a confirmed authenticator (one query)."""
    return set(TOTPDevice.objects.filter(user__in=[u.pk for u in users], confirmed=True)
               .values_list("user_id", flat=True))


def has_devices(user) -> bool:
    return (TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists())


def accounts_with_failures(actor) -> list:
    """Accounts of the security administrator's subtree with failed logins within the cool-off, the
    locked ones first. The axes table holds only recent attempts, so this reads few rows; the names
    of the subtree's accounts are hashed to match them (fast: HMAC-SHA256, not the scrypt index)."""
    users = list(accounts_secured_by(actor).only("pk", "username", "first_name", "last_name", "is_active"))
    failures = login_failures(users)
    rows = [(u, failures[u.pk]) for u in users if u.pk in failures]
    return sorted(rows, key=lambda r: (not r[1].locked, r[0].username))
