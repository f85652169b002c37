"""The development plan (发展党员计划, 细则 2026 §37 / 2014 §38): how many new members a committee plans
for each of its subordinate units in a year. Written only by `services.plan_set`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation

User = settings.AUTH_USER_MODEL


class DevelopmentPlan(models.Model):
    """The quota of new (probationary) members for one unit in one year, set by a committee above it."""

    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Party committee"))
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="development_plans",
                             verbose_name=_("organisation"))
    year = models.PositiveSmallIntegerField(_("year"))
    quota = models.PositiveIntegerField(_("planned new members"))
    updated_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("development plan")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year_unique"),
                       models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                              name="plan_year_range")]

    def __str__(self):
        return f"{self.unit} {self.year}: {self.quota}"
