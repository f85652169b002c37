from django.contrib.auth import views as auth_views

from partydev.audit.services import audit_record


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """A password change is a security event (等保 安全审计 a): record it, never the password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action="auth.password_change")
        return response
