"""Login, logout and failed login are security events (等保 安全审计 a). Django only announces them
through signals, so these receivers are the one place they are recorded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.crypto import salted_hmac

from partydev.common.masking import mask_login_name
from partydev.orgs.models import AccountHome

from .services import audit_record

TAG_LENGTH = 10


def login_name_for_logs(username) -> str:
    """A typed login name as the audit log and django-axes' tables keep it (issue 10, finding 7):
    masked, plus a tag keyed with SECRET_KEY (HMAC-SHA256, 40 bits shown), so repeated attempts on
    one name can be told apart and counted without the name being readable, e.g.
    ``138****0000 #3f9a1c07d2``. The same input always gives the same string, which is what axes'
    per-username lockout compares."""
    username = str(username or "")
    if not username:
        return ""
    tag = salted_hmac("partydev.audit.login-name", username, algorithm="sha256").hexdigest()[:TAG_LENGTH]
    return f"{mask_login_name(username)} #{tag}"


def axes_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: axes stores, compares and locks on the masked, tagged name."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "data", None) or getattr(request, "POST", {})
        raw = raw.get("username") if hasattr(raw, "get") else None
    return login_name_for_logs(raw) if raw else None


def home_path(user) -> str:
    """Where the user belongs in the tree, so an auditor sees the logins of their own subtree only."""
    grant = user.grants.select_related("org").order_by("id").first()
    if grant:
        return grant.org.path
    case = getattr(user, "case", None)
    if case:
        return case.org_path
    # An administrator's account without a role yet: where it was created (partydev/accounts/).
    home = AccountHome.objects.filter(user=user).select_related("org").first()
    return home.org.path if home is not None else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", org_path=home_path(user))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        # SessionLifetimeMiddleware logs out a session older than the absolute lifetime.
        action = "auth.session_expired" if getattr(request, "session_lifetime_ended", False) else "auth.logout"
        audit_record(actor=user, action=action, org_path=home_path(user))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if credentials.get("second_factor"):
        # A wrong second-factor code (partydev/pc/views/two_factor.py): the password was right, so
        # the account is known; django-axes counts it with the wrong passwords.
        user = get_user_model().objects.filter(username=credentials.get("username", "")).first()
        audit_record(actor=user, action="auth.2fa_failed", result="fail",
                     org_path=home_path(user) if user is not None else "")
        return
    # Never store the password, nor the name typed (often a phone or ID number): its masked, tagged
    # form. A failure on an existing account belongs to that account's organisation, so only the
    # auditors of that subtree see it; a name that matches no account belongs to no organisation.
    username = str(credentials.get("username", ""))
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(actor=None, action="auth.login_failed", result="fail",
                 actor_name=login_name_for_logs(username)[:150],
                 org_path=home_path(user) if user is not None else "")
