"""Changing one's own password. A stolen session must not become a way to guess the password
(issue 10, finding 6): every wrong current password is an audit event (`auth.password_change_failed`),
and after AXES_FAILURE_LIMIT of them within AXES_COOLOFF_TIME (the login's own limits) the user is
logged out and the form refuses every attempt, without checking the password, until the window
has passed. The count is read from the audit table, so it holds across workers."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.auth_events import home_path
from partydev.audit.selectors import failures_since_last_success
from partydev.audit.services import audit_record

FAILED = "auth.password_change_failed"
LOCKED = "auth.password_change_locked"
SUCCEEDED = "auth.password_change"


def _limit() -> int:
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def _window() -> timedelta:
    return timedelta(hours=float(getattr(settings, "AXES_COOLOFF_TIME", 0.5)))


def _failures(user) -> int:
    return failures_since_last_success(user, failed=FAILED, succeeded=SUCCEEDED,
                                       since=timezone.now() - _window())


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """A password change is a security event (等保 安全审计 a): record it, never the password."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and _failures(request.user) >= _limit():
            if request.method == "POST":
                audit_record(actor=request.user, action=LOCKED, result="fail", org_path=home_path(request.user))
            return render(request, "registration/password_change_locked.html", {
                "minutes": int(_window().total_seconds() // 60)}, status=429)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action=SUCCEEDED, org_path=home_path(self.request.user))
        return response

    def form_invalid(self, form):
        user = self.request.user
        if form.has_error("old_password", "password_incorrect"):
            audit_record(actor=user, action=FAILED, result="fail", org_path=home_path(user))
            if _failures(user) >= _limit():
                logout(self.request)
                messages.error(self.request, _(
                    "The current password was entered wrongly too many times. You have been logged out, and "
                    "the password cannot be changed for %(minutes)s minutes.") % {
                    "minutes": int(_window().total_seconds() // 60)})
                return redirect(settings.LOGIN_URL)
        return super().form_invalid(form)
