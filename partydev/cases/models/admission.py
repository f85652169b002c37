"""Steps 12–18: application form, branch general meetings, the committee's talk."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Member
from partydev.process.enums import Attendance, ConversionOutcome, MeetingPurpose, VotingMethod

from .base import CaseRecord, _in_choices


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
    # §20 (2014 §21) prescribes the secret ballot; a meeting that voted otherwise is recorded as it was.
    voting_method = models.CharField(_("voting method"), max_length=20, choices=VotingMethod.choices,
                                     default=VotingMethod.SECRET_BALLOT)
    # Counts as computed when saved (from the attendance rows), kept so the record reads on its own.
    entitled = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    passed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("branch general meeting")
        ordering = ["-meeting_date", "-id"]
        constraints = [_in_choices("purpose", MeetingPurpose), _in_choices("voting_method", VotingMethod)]

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
