"""The person being developed (a case) and every record of the steps built so far."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydev.common.ethnicities import ETHNICITY_CHOICES
from partydev.common.fields import EncryptedTextField
from partydev.common.masking import mask_id_number, mask_phone
from partydev.orgs.models import Member, Organisation
from partydev.orgs.paths import ByteOrderCharField, PathField
from partydev.process.enums import (
    CaseSource,
    Education,
    FilingKind,
    FilingStatus,
    Gender,
    LetterStatus,
    OpinionKind,
    RecommendationMethod,
    ResolutionPurpose,
    ResolutionResult,
    Stage,
)

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
    name = ByteOrderCharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, choices=ETHNICITY_CHOICES)
    id_number = EncryptedTextField(_("ID card number"))
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("date of birth"))
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
    # A target leaving the unit within 3 months is normally not admitted (§18).
    leaving_on = models.DateField(_("expected to leave the unit on"), null=True, blank=True)
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
    other_talkers = models.CharField(_("other talkers"), max_length=100, blank=True)
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
    result = models.CharField(_("result"), max_length=10, choices=ResolutionResult.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("branch committee resolution")
        ordering = ["-meeting_date", "-id"]
        constraints = [_in_choices("result", ResolutionResult), _in_choices("purpose", ResolutionPurpose)]

    def __str__(self):
        return f"{self.meeting_date} {self.get_result_display()}"


class Filing(CaseRecord):
    """A filing with the 党委 (确定积极分子并备案, §8); the committee accepts or returns it."""

    kind = models.CharField(max_length=20, choices=FilingKind.choices, default=FilingKind.ACTIVIST)
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices,
                              default=FilingStatus.PENDING)
    committee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="filings")
    # The committee's subtree path, so an inbox is one indexed query.
    committee_path = PathField(db_index=True)
    warnings = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # The committee's written opinion (预审 result, approval opinion), sent back to the branch.
    opinion = models.TextField(_("opinion"), blank=True)

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
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.case}"

    @property
    def warning_problems(self):
        """The warnings the branch saw when filing, rendered in the reader's language."""
        from partydev.process.checks import Problem

        return [Problem.from_json(w) for w in self.warnings]


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
        from partydev.process.enums import HISTORY_ACTIONS

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
            models.Index(fields=["org_path", "due_date"], name="deadline_scope_due"),
            # Reminders of a whole province in urgency order without sorting millions of rows (M4).
            models.Index(fields=["due_date", "id"], name="deadline_due"),
        ]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="deadline_unique_kind")]

    def __str__(self):
        return f"{self.case} {self.kind} {self.due_date}"

    @property
    def article(self) -> str:
        from partydev.process.versions import article_ref, version_by_code

        return article_ref(self.rule, version_by_code(self.rule_version)) if self.rule else ""


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


# Steps 7–25 (development target, probationary member, full member) live in their own module.
from .membership_models import *  # noqa: E402,F401,F403
