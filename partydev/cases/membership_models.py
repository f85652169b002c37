"""Records of steps 7–25: development target, probationary member, full member.

Imported at the end of models.py, so `partydev.cases.models` exposes every model of the app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Member, Organisation
from partydev.process.enums import (
    Attendance,
    ConversionOutcome,
    MeetingPurpose,
    NoticeResult,
    ReviewConclusion,
    TrainingMode,
)

from .models import Case, CaseRecord, _in_choices

__all__ = [
    "PublicNotice", "Introducer", "PoliticalReview", "Training", "VolunteerForm", "BranchMeeting",
    "MeetingAttendance", "CommitteeTalk", "Placement", "Oath", "ConversionApplication", "Archive",
]


class PublicNotice(CaseRecord):
    """公示 of the development target for at least 5 working days (2026 §13)."""

    start_date = models.DateField(_("notice starts"))
    end_date = models.DateField(_("notice ends"))
    place = models.CharField(_("where posted"), max_length=100)
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


class VolunteerForm(CaseRecord):
    """《中国共产党入党志愿书》 (§14, §42): issued only after the pre-review passes."""

    serial_number = models.CharField(_("serial number"), max_length=40, unique=True)
    filled_on = models.DateField(_("filled in on"))

    class Meta:
        verbose_name = _("application form for membership")

    def __str__(self):
        return self.serial_number


class BranchMeeting(CaseRecord):
    """支部党员大会 on admission (§19–21) or conversion (§32). Attendance is recorded per member from
    the roster; votes are a secret ballot, so only the tallies are kept."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=MeetingPurpose.choices)
    meeting_date = models.DateField(_("meeting date"))
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    votes_abstain = models.PositiveIntegerField(_("abstain"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ConversionOutcome.choices, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extension (months)"), null=True, blank=True)
    resolution = models.TextField(_("resolution"))
    # Counts as computed when saved (from the attendance rows), kept so the record reads on its own.
    entitled = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("branch general meeting")
        ordering = ["-meeting_date", "-id"]
        constraints = [_in_choices("purpose", MeetingPurpose)]

    def __str__(self):
        return f"{self.meeting_date} {self.get_purpose_display()}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(BranchMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Attendance.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self):
        return f"{self.member} {self.status}"


class CommitteeTalk(CaseRecord):
    """上级党委派人谈话 (§23) before approval."""

    talk_date = models.DateField(_("date of the talk"))
    talker = models.CharField(_("talker (committee member or organiser)"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    opinion = models.TextField(_("opinion"))

    class Meta:
        verbose_name = _("committee talk")
        ordering = ["-talk_date", "-id"]

    def __str__(self):
        return str(self.talk_date)


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
