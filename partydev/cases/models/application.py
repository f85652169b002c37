"""Part 一: the application letter, the talk, the recommendation and the branch committee resolutions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.text import validate_name
from partydev.orgs.models import Member
from partydev.process.enums import LetterStatus, RecommendationMethod, ResolutionPurpose, ResolutionResult

from .base import CaseRecord, _in_choices

User = settings.AUTH_USER_MODEL

class ApplicationLetter(CaseRecord):
    """One submission of the 入党申请书; a resubmission after 退回 is a new row, so history stays."""

    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    written_date = models.DateField(_("date written"))
    received_date = models.DateField(_("date received"))
    status = models.CharField(_("status"), max_length=20, choices=LetterStatus.choices,
                              default=LetterStatus.SUBMITTED)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application letter")
        ordering = ["-created_at", "-id"]
        constraints = [_in_choices("status", LetterStatus)]

    def __str__(self):
        return self.title

class Talk(CaseRecord):
    """谈话记录: the branch talks with the applicant within a month of receiving the letter (§7)."""

    talk_date = models.DateField(_("date of the talk"))
    talkers = models.ManyToManyField(Member, blank=True, related_name="talks", verbose_name=_("talkers"))
    other_talkers = models.CharField(_("other talkers"), max_length=100, blank=True,
                                     validators=[validate_name])
    place = models.CharField(_("place"), max_length=100)
    content = models.TextField(_("content"))

    class Meta:
        verbose_name = _("talk record")
        ordering = ["-talk_date", "-id"]

    def __str__(self):
        return f"{self.talk_date}"

class Recommendation(CaseRecord):
    """推荐推优情况记录 (§8)."""

    recommended_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=RecommendationMethod.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recommendation record")
        ordering = ["-recommended_on", "-id"]
        constraints = [_in_choices("method", RecommendationMethod)]

    def __str__(self):
        return f"{self.recommended_on} {self.get_method_display()}"

class BranchResolution(CaseRecord):
    """支委会决议: making the applicant an activist (§8), proposing the development target (§13) and
    examining the target before admission (§18)."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=ResolutionPurpose.choices,
                               default=ResolutionPurpose.ACTIVIST)
    meeting_date = models.DateField(_("meeting date"))
    result = models.CharField(_("resolution result"), max_length=10, choices=ResolutionResult.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("branch committee resolution")
        ordering = ["-meeting_date", "-id"]
        constraints = [_in_choices("result", ResolutionResult), _in_choices("purpose", ResolutionPurpose)]

    def __str__(self):
        return f"{self.meeting_date} {self.get_result_display()}"
