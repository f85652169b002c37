"""What a branch sends up to its Party committee, and the committee's decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation
from partydev.orgs.paths import PathField
from partydev.process.enums import FilingKind, FilingStatus
from partydev.process.problems import Problem

from .base import CaseRecord, _in_choices

User = settings.AUTH_USER_MODEL

class Filing(CaseRecord):
    """A filing with the 党委 (确定积极分子并备案, §8); the committee accepts or returns it."""

    kind = models.CharField(max_length=20, choices=FilingKind.choices, default=FilingKind.ACTIVIST)
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices,
                              default=FilingStatus.PENDING)
    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="filings")
    # The committee's subtree path, so an inbox is one indexed query.
    committee_path = PathField(db_index=True)
    # The day the branch sent it, as entered (default today); the committee decides on or after it.
    sent_on = models.DateField(_("date sent"), default=timezone.localdate)
    warnings = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # The date the committee's decision (accepted, returned, not approved) took effect, as entered.
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # The committee's written opinion (预审 result, approval opinion), sent back to the branch.
    opinion = models.TextField(_("opinion"), blank=True)
    # The approval of an admission (§24, 2014 §25): the 党委会 that discussed and voted on it.
    committee_meeting_on = models.DateField(_("Party committee meeting"), null=True, blank=True)
    committee_votes_for = models.PositiveIntegerField(_("committee votes for"), null=True, blank=True)
    committee_votes_against = models.PositiveIntegerField(_("committee votes against"), null=True, blank=True)
    committee_votes_abstain = models.PositiveIntegerField(_("committee abstentions"), null=True, blank=True)

    class Meta:
        verbose_name = _("filing")
        ordering = ["-created_at", "-id"]
        constraints = [
            _in_choices("status", FilingStatus),
            _in_choices("kind", FilingKind),
            models.UniqueConstraint(fields=["case", "kind"], condition=models.Q(status="pending"),
                                    name="filing_one_pending_per_kind"),
        ]
        indexes = [
            models.Index(fields=["committee_path", "status", "created_at"], name="filing_inbox"),
            # The inbox of a high 党委 spans thousands of committees: the oldest pending first, in
            # index order (M6).
            models.Index(fields=["created_at", "id"], condition=models.Q(status="pending"),
                         name="filing_pending_age"),
            # The home page's count of a 党委's pending filings, from the index alone (a province's
            # 120,025 pending at T2: 56 → 13 ms on PostgreSQL).
            models.Index(fields=["committee_path"], condition=models.Q(status="pending"),
                         name="filing_pending_scope"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.case}"

    @property
    def warning_problems(self):
        """The warnings the branch saw when filing, rendered in the reader's language."""
        return [Problem.from_json(w) for w in self.warnings]
