"""Part 二: cultivation contacts, thought reports and opinions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Member
from partydev.process.enums import OpinionKind

from .base import Case, CaseRecord, _in_choices

User = settings.AUTH_USER_MODEL

class ContactAssignment(models.Model):
    """培养联系人: one or two full members appointed for an activist (§9). Replacing a contact ends
    the old assignment (its dates stay) instead of deleting it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_assignments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="contact_assignments",
                               verbose_name=_("cultivation contact"))
    assigned_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("cultivation contact")
        ordering = ["assigned_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "member"], condition=models.Q(ended_on__isnull=True),
                                               name="contact_active_once")]

    def __str__(self):
        return self.member.name

class ThoughtReport(CaseRecord):
    """思想汇报, written by the activist on the phone; the branch marks it read."""

    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    written_on = models.DateField(_("date written"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("thought report")
        ordering = ["-written_on", "-id"]

    def __str__(self):
        return self.title

class Opinion(CaseRecord):
    """教育培养意见, 支部考察意见, 培养联系人确定意见, 党员群众意见, 党小组意见 about an activist.
    Never shown to the activist."""

    kind = models.CharField(_("kind"), max_length=30, choices=OpinionKind.choices)
    given_on = models.DateField(_("date"))
    content = models.TextField(_("content"))
    author = models.CharField(_("given by"), max_length=100)
    contact = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("cultivation contact"))

    class Meta:
        verbose_name = _("opinion")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["case", "kind", "given_on"], name="opinion_case_kind")]
        constraints = [_in_choices("kind", OpinionKind)]

    def __str__(self):
        return f"{self.get_kind_display()} {self.given_on}"
