"""The history of members' 组织关系转接 (the Member row itself lives in orgs and never changes
identity: contacts and introducers chosen from it keep their history)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.choices import TextChoices
from partydev.orgs.models import Member, Organisation


class Direction(TextChoices):
    IN = "in", _("Transferred in from outside the system")
    WITHIN = "within", _("Transferred to another branch")
    OUT = "out", _("Transferred out of the system")


class MemberTransfer(models.Model):
    """One transfer of a member's organisational relationship: between two branches of the system
    (WITHIN), out of it (OUT, to a free-text destination) or into it (IN, from a free-text origin)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers",
                               verbose_name=_("party member"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    transferred_on = models.DateField(_("date of transfer"))
    from_branch = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("from branch"))
    to_branch = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("to branch"))
    # Outside the system: where the member came from or goes to (an organisation's name, as written
    # on the letter of introduction).
    outside = models.CharField(_("organisation outside the system"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transfer of organisational relationship")
        verbose_name_plural = _("transfers of organisational relationship")
        ordering = ["transferred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(direction__in=Direction.values),
                                   name="membertransfer_direction_valid"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_direction_display()} · {self.transferred_on}"
