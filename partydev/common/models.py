"""The configurable part of the holiday calendar (C4): years whose official arrangement is
published after this release, or local days off, are entered by the system administrator."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off (public holiday)")
        WORKDAY = "workday", _("Make-up working day (调休上班)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("holiday"), max_length=50, help_text=_("For example: 春节"))

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=["holiday", "workday"]),
                                              name="calendarday_kind_valid")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class LanguagePreference(models.Model):
    """The language a user chose with the 中文 / English switch, kept for their next login."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="language_preference")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("language preference")
        verbose_name_plural = _("language preferences")

    def __str__(self):
        return f"{self.user_id}: {self.language}"
