"""Append-only audit events: who did what to which object, when and from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.paths import PathField

from .labels import action_label


class AuditEvent(models.Model):
    ts = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    result = models.CharField(_("result"), max_length=10, default="success")
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    org_path = PathField(blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-ts", "-id"]

    def __str__(self):
        return f"{self.ts:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        # Append-only: an existing event is never rewritten.
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def succeeded(self) -> bool:
        return self.result == "success"
