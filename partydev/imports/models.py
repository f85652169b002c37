"""An Excel import: one batch per uploaded file, and a mark on every object the batch wrote.

The parsed rows and their preview (names, 身份证号, phones) are personal data: they are kept
encrypted in the batch row (`payload`), never in the session, and emptied once the batch is confirmed
or discarded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.fields import EncryptedTextField
from partydev.orgs.models import Organisation
from partydev.orgs.paths import PathField


class BatchStatus(models.TextChoices):
    PREVIEWING = "previewing", _("Checking")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    REJECTED = "rejected", _("Refused")
    CONFIRMING = "confirming", _("Importing")
    DONE = "done", _("Imported")
    UNDONE = "undone", _("Undone")
    DISCARDED = "discarded", _("Discarded")


class ImportBatch(models.Model):
    sheet = models.CharField(max_length=20)
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    importer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The importer's scope at upload, as a path: the batches list of a committee is one prefix match.
    org_path = PathField(db_index=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=BatchStatus.choices,
                              default=BatchStatus.PREVIEWING)
    message = models.TextField(blank=True)  # why the whole file was refused
    total_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    warning_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    payload = EncryptedTextField(blank=True, default="")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(status__in=BatchStatus.values),
                                              name="importbatch_status_valid")]

    def __str__(self):
        return f"#{self.pk} {self.file_name}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class ImportMark(models.Model):
    """One object a batch wrote (a case, a record, a request, a history entry), with the row it
    came from: the timeline shows these as imported, and undo removes exactly these."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="marks")
    row = models.PositiveIntegerField()
    # The person a row of 发展党员 wrote; empty for the roster's members (model orgs.Member).
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    model = models.CharField(max_length=40)  # app_label.ModelName
    object_id = models.PositiveBigIntegerField()
    created = models.BooleanField(default=True)  # False: the batch updated an existing object

    class Meta:
        indexes = [models.Index(fields=["case", "model"], name="importmark_case_model")]

    def __str__(self):
        return f"{self.batch_id}:{self.row} {self.model}#{self.object_id}"
