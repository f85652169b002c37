"""Steps 7–11: public notice, introducers, political review, training."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.numbers import plain_number
from partydev.orgs.models import Member
from partydev.process.enums import NoticeResult, ReviewConclusion, TrainingMode

from .base import Case, CaseRecord, _in_choices


class PublicNotice(CaseRecord):
    """公示 of the development target for at least 5 working days (2026 §13)."""

    start_date = models.DateField(_("notice starts"))
    end_date = models.DateField(_("notice ends"))
    place = models.CharField(_("where posted"), max_length=100)
    # 2026 §13: a mobile (流动) person's notice is posted at the place of origin and at the place of
    # residence at the same time; `place` is then the place of origin.
    mobile = models.BooleanField(_("mobile person"), default=False)
    second_place = models.CharField(_("also posted at (place of residence of a mobile person)"), max_length=100,
                                    blank=True)
    result = models.CharField(_("result"), max_length=20, choices=NoticeResult.choices)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("public notice")
        ordering = ["-start_date", "-id"]
        constraints = [_in_choices("result", NoticeResult)]

    def __str__(self):
        return f"{self.start_date} — {self.end_date}"

class Introducer(models.Model):
    """入党介绍人: two full members (§14); replaced ones keep their dates."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("introducer"))
    assigned_on = models.DateField(_("determined on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("introducer")
        ordering = ["assigned_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "member"], condition=models.Q(ended_on__isnull=True),
                                               name="introducer_active_once")]

    def __str__(self):
        return self.member.name

class PoliticalReview(CaseRecord):
    """政治审查 (§16): sensitive; only the branch and committee see it, never the person."""

    review_date = models.DateField(_("date of the conclusion"))
    methods = models.CharField(_("methods"), max_length=200,
                               help_text=_("For example: talk with the person, files, letters to units, 政审联审."))
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=ReviewConclusion.choices)
    summary = models.TextField(_("summary of the conclusion"))

    class Meta:
        verbose_name = _("political review")
        ordering = ["-review_date", "-id"]
        constraints = [_in_choices("conclusion", ReviewConclusion)]

    def __str__(self):
        return f"{self.review_date} {self.get_conclusion_display()}"

class Training(CaseRecord):
    """集中培训 (§17): at least 3 days or 24 class hours."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    hours = models.DecimalField(_("class hours"), max_digits=5, decimal_places=1)
    mode = models.CharField(_("mode"), max_length=20, choices=TrainingMode.choices)
    organiser = models.CharField(_("organised by"), max_length=100)
    certificate = models.CharField(_("certificate number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("centralised training")
        ordering = ["-start_date", "-id"]
        constraints = [_in_choices("mode", TrainingMode)]

    def __str__(self):
        return f"{self.start_date} — {self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def hours_text(self) -> str:
        """"24", not "24.0" (shown as 24学时)."""
        return plain_number(self.hours)
