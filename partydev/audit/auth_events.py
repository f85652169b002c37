"""Login, logout and failed login are security events (等保 安全审计 a). Django only announces them
through signals, so these receivers are the one place they are recorded."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import audit_record


def home_path(user) -> str:
    """Where the user belongs in the tree, so an auditor sees the logins of their own subtree only."""
    grant = user.grants.select_related("org").order_by("id").first()
    if grant:
        return grant.org.path
    case = getattr(user, "case", None)
    return case.org_path if case else ""


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", org_path=home_path(user))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", org_path=home_path(user))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password; the username tried is what the assessor needs. A failed login
    # belongs to no organisation, so every auditor sees it.
    audit_record(actor=None, action="auth.login_failed", result="fail",
                 actor_name=str(credentials.get("username", ""))[:150])
