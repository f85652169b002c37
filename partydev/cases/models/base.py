"""The person being developed (a case), its attachments, and what every step record has."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.ethnicities import ETHNICITY_CHOICES
from partydev.common.fields import EncryptedDateField, EncryptedTextField
from partydev.common.masking import mask_id_number, mask_phone
from partydev.common.text import validate_name
from partydev.orgs.models import Organisation
from partydev.orgs.paths import ByteOrderCharField, PathField
from partydev.process.enums import CaseSource, Education, Gender, Stage

User = settings.AUTH_USER_MODEL

def _in_choices(field: str, choices) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": choices.values}),
                                  name=f"%(class)s_{field}_valid")

class Case(models.Model):
    """One person on the way to membership, in one branch at a time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    branch = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases",
                               verbose_name=_("branch"))
    # The branch's tree path, copied so "every case under this committee" is one indexed prefix match.
    org_path = PathField(db_index=True, editable=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="case")
    source = models.CharField(_("source"), max_length=10, choices=CaseSource.choices)

    # Code-point order on every database, as the tests and SQLite see it (CJK characters then sort by
    # radical and stroke count): the name-prefix search and the name order share the
    # (stage, name, id) index even on a zh_CN or ICU database (docs/performance.md M3, M8).
    name = ByteOrderCharField(_("name"), max_length=50, validators=[validate_name])
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, choices=ETHNICITY_CHOICES)
    id_number = EncryptedTextField(_("ID card number"))
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Encrypted too: with the date of birth in clear, the blind index id_hash would be reversed by trying
    # the region and the few hundred sequence numbers (docs/security.md, issue 10 finding 3).
    birth_date = EncryptedDateField(_("date of birth"))
    phone = EncryptedTextField(_("mobile phone"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    work_unit = models.CharField(_("work or study unit"), max_length=100)

    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    sensitive_consent_at = models.DateTimeField(_("separate consent given at"), null=True, blank=True)
    consent_version = models.CharField(max_length=20, blank=True)

    activist_since = models.DateField(_("activist since"), null=True, blank=True)
    target_since = models.DateField(_("development target since"), null=True, blank=True)
    # Probation runs from the admission meeting for one year (C8); an extension moves its end.
    probation_start = models.DateField(_("probation starts"), null=True, blank=True)
    probation_end = models.DateField(_("probation ends"), null=True, blank=True)
    probation_extended = models.BooleanField(_("probation extended"), default=False)
    full_member_since = models.DateField(_("full member since (Party standing)"), null=True, blank=True)
    # A probationer transferred in: the conversion discussion may wait up to 6 months after the probation
    # ends (§35); the conversion date (full_member_since) is still probation_end.
    conversion_postponed_until = models.DateField(_("conversion discussion postponed until"), null=True,
                                                  blank=True)
    # A target leaving the unit within 3 months is normally not admitted (§18).
    leaving_on = models.DateField(_("expected to leave the unit on"), null=True, blank=True)
    # Entered by mistake and removed (services/erasure.py): hidden from every selector; the row stays
    # because the audit events point at it.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person being developed")
        verbose_name_plural = _("people being developed")
        indexes = [
            models.Index(fields=["org_path", "stage", "name"], name="case_scope_stage"),
            # A list over a whole province or city: walk one stage in name order (prefix searches
            # included) instead of sorting a million rows (docs/performance.md M3).
            models.Index(fields=["stage", "name", "id"], name="case_stage_name"),
            # One stage of a subtree (a 院系 or 基层党委): both conditions seek, and the capped count
            # of the list reads only this index (erased_at included), where case_stage_name walked
            # every applicant of the university and case_scope_stage every stage of the subtree
            # (issue 15; plans asserted in tests/perf/test_plans.py).
            models.Index(fields=["stage", "org_path", "erased_at"], name="case_stage_scope"),
        ]
        constraints = [_in_choices("stage", Stage), _in_choices("gender", Gender),
                       _in_choices("source", CaseSource), _in_choices("education", Education)]

    def __str__(self):
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

class Attachment(models.Model):
    """A scanned document attached to any record; served only through an access-checked view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    original_name = models.CharField(_("file name"), max_length=200)
    stored_name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

class CaseRecord(models.Model):
    """What every step record has: its case, who entered it and when, and attachments."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="%(class)ss")
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attachments = GenericRelation(Attachment)

    class Meta:
        abstract = True
