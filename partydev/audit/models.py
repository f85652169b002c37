"""Append-only audit events: who did what to which object, when and from where."""

from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydev.orgs.paths import PathField

from . import chain
from .labels import action_label


class AuditEvent(models.Model):
    # Set before the row is written (not auto_now_add), because the chain's hash covers it.
    ts = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
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
    # The hash chain (partydev/audit/chain.py): the previous event's hash, unique so the chain cannot
    # fork, and this event's own.
    prev_hash = models.CharField(max_length=64, unique=True, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-ts", "-id"]

    def __str__(self):
        return f"{self.ts:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        # Append-only: an existing event is never rewritten.
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            chain.lock_chain(transaction.get_connection(using))
            last = type(self).objects.using(using).order_by("-id").values_list("hash", flat=True).first()
            self.prev_hash = last if last is not None else chain.GENESIS
            if self.ts is None:
                self.ts = timezone.now()
            self.hash = chain.link(self.prev_hash, chain.values_of(self))
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def succeeded(self) -> bool:
        return self.result == "success"
