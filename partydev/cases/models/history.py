"""History (全程纪实), derived deadlines and transfers of a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Organisation
from partydev.orgs.paths import PathField
from partydev.process.enums import HISTORY_ACTIONS, Stage
from partydev.process.versions import article_ref, version_by_code

from .base import Case

User = settings.AUTH_USER_MODEL

class StageChange(models.Model):
    """History (全程纪实): every change of a person's stage or standing, with its reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=40)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    effective_date = models.DateField()
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case} {self.action} {self.effective_date}"

    @property
    def action_label(self) -> str:
        return str(HISTORY_ACTIONS.get(self.action, self.action))

class Deadline(models.Model):
    """What is due next for a case, derived from its records by the services on every write.

    Kept as rows so "who is due or overdue under this committee" is one indexed query.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    org_path = PathField()
    kind = models.CharField(max_length=40)
    due_date = models.DateField()
    # The rule (a key of process.versions.ARTICLES) and version; the article is rendered on display,
    # in the reader's language.
    rule = models.CharField(max_length=40)
    rule_version = models.CharField(max_length=10)

    class Meta:
        indexes = [
            # A scope's deadlines in urgency order; below the top its reminders sort them (the cases'
            # rule). The other columns ride along on PostgreSQL, so a 市县党委's 9,343 are read from the
            # index alone instead of as many heap pages (27.8 → 10.6 ms at T2, and no slow first
            # request when they are not cached); SQLite ignores `include`.
            models.Index(fields=["org_path", "due_date", "id"], include=["kind", "case", "rule", "rule_version"],
                         name="deadline_scope_due"),
            # Reminders of a whole province in urgency order without sorting millions of rows (M4).
            models.Index(fields=["due_date", "id"], name="deadline_due"),
        ]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="deadline_unique_kind")]

    def __str__(self):
        return f"{self.case} {self.kind} {self.due_date}"

    @property
    def article(self) -> str:
        return article_ref(self.rule, version_by_code(self.rule_version)) if self.rule else ""

class Transfer(models.Model):
    """组织关系转接 of a person between branches (§12): the records move with the case, the
    cultivation time continues, and both branches keep this row."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_branch = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="transfers_out")
    to_branch = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="transfers_in")
    from_path = PathField(db_index=True)
    to_path = PathField(db_index=True)
    transferred_on = models.DateField(_("date of transfer"))
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-id"]

    def __str__(self):
        return f"{self.case}: {self.from_branch} → {self.to_branch}"
