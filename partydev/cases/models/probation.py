"""Steps 19–25: placement, oath, conversion application, archive."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation

from .base import CaseRecord


class Placement(CaseRecord):
    """编入党支部和党小组 (§28)."""

    group = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("party group"))
    placed_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("placement in a party group")

    def __str__(self):
        return str(self.group)

class Oath(CaseRecord):
    """入党宣誓 (§29): normally within a month of the approval (2026)."""

    oath_date = models.DateField(_("date of the oath"))
    place = models.CharField(_("place"), max_length=100)
    organiser = models.CharField(_("organised by"), max_length=100)

    class Meta:
        verbose_name = _("admission oath")

    def __str__(self):
        return str(self.oath_date)

class ConversionApplication(CaseRecord):
    """转正申请书 (§32)."""

    applied_on = models.DateField(_("date of the application"))
    content = models.TextField(_("content"))

    class Meta:
        verbose_name = _("application for full membership")

    def __str__(self):
        return str(self.applied_on)

class Archive(CaseRecord):
    """材料归档 (§36): what went into the personal file, and who received it."""

    archived_on = models.DateField(_("date archived"))
    receiver = models.CharField(_("received by"), max_length=100)
    items = models.JSONField(_("materials"), default=list)

    class Meta:
        verbose_name = _("archive of materials")

    def __str__(self):
        return str(self.archived_on)
