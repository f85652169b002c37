"""新发展人员注册二维码: short-lived, revocable links that let applicants register into a branch."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation
from partydev.orgs.paths import PathField

DEFAULT_VALID_MINUTES = 30


def new_token() -> str:
    # 128 bits of randomness: the link is the only secret between the branch and its applicants.
    return secrets.token_urlsafe(16)


class RegistrationCode(models.Model):
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    branch = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="registration_codes")
    org_path = PathField(db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=100, blank=True)
    valid_minutes = models.PositiveIntegerField(_("valid for (minutes)"), default=DEFAULT_VALID_MINUTES)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The branch's notice as it was when the code was created, with the code's expiry filled in.
    notice = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("registration QR code")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title or str(self.created_at)

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at

    def seconds_left(self, now=None) -> int:
        now = now or timezone.now()
        if not self.is_usable(now):
            return 0
        return int((self.expires_at - now).total_seconds())


class RegistrationNotice(models.Model):
    """入党申请人集中注册通知: the branch's own text, prepared before a code is created (one per branch).

    The text may hold the placeholders of `partydev.registration.notice.PLACEHOLDERS`; creating a code
    renders it with the code's expiry into `RegistrationCode.notice`."""

    branch = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="registration_notice")
    org_path = PathField(db_index=True, editable=False)
    text = models.TextField(_("notice text"), max_length=2000)
    send_at = models.DateTimeField(_("time the QR code is sent"), null=True, blank=True)
    valid_minutes = models.PositiveIntegerField(_("valid for (minutes)"), default=DEFAULT_VALID_MINUTES)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registration notice")

    def __str__(self):
        return str(self.branch)


class PasswordResetLink(models.Model):
    """A one-time link an administrator gives a person who forgot the password (applicants from
    their branch, branch administrators from their Party committee). Only the SHA-256 of the
    token is stored; the link dies when used, when it expires or when a newer one is issued.
    Written only by `partydev.registration.password_reset`."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        BRANCH_ADMIN = "branch_admin", _("branch administrator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    org_path = PathField(db_index=True, editable=False)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("password reset link")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def state(self, now=None) -> str:
        """'usable', 'used', 'revoked' (a newer link was issued) or 'expired'."""
        now = now or timezone.now()
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        return "usable"
