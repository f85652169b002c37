"""What the API reads and returns. Input is validated by the web's own forms (partydev/api/forms.py):
the serializers here describe the shapes for the OpenAPI schema and turn objects into JSON. Texts
are English msgids translated like the pages (the schema is served in either language, ?lang=)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partydev.common.masking import mask_id_number, mask_phone
from partydev.process.enums import FilingKind, FilingStatus, LetterStatus, Stage
from partydev.process.problems import Problem

from .errors import problem_json


def paginated(serializer_class, name: str):
    """The cursor page a list returns: next and previous links and the rows."""
    return type(name, (serializers.Serializer,), {
        "next": serializers.URLField(allow_null=True, help_text=_("The next page's address (empty on the last).")),
        "previous": serializers.URLField(allow_null=True, help_text=_(
            "The previous page's address (empty on the first).")),
        "results": serializer_class(many=True, help_text=_("The rows of this page.")),
    })


# --- errors -----------------------------------------------------------------------------------------

class ProblemItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The rule's problem code, e.g. no_talk (stable, for programs)."))
    blocking = serializers.BooleanField(help_text=_("True: it blocks the action; false: a warning."))
    message = serializers.CharField(help_text=_("What the problem is, in the reader's language."))
    article = serializers.CharField(allow_blank=True, help_text=_("The article of the rules it rests on, if any."))
    params = serializers.DictField(child=serializers.CharField(), help_text=_("The values in the message."))


class ProblemDetailsSerializer(serializers.Serializer):
    """RFC 9457 problem details (application/problem+json)."""

    type = serializers.CharField(help_text=_("A URN naming the kind of error, e.g. urn:partydev:problem:blocked."))
    title = serializers.CharField(help_text=_("A short summary of the kind of error."))
    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    detail = serializers.CharField(help_text=_("What went wrong with this request."))
    problems = ProblemItemSerializer(many=True, required=False,
                                     help_text=_("The problems the rules found (blocked or refused requests)."))
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text=_("Field name to its error messages; __all__ for the whole request."))


# --- authentication ---------------------------------------------------------------------------------

class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text=_("The login name."))
    password = serializers.CharField(max_length=4096, style={"input_type": "password"}, help_text=_("The password."))
    otp = serializers.CharField(
        max_length=32, required=False, allow_blank=True,
        help_text=_("Administrators with two-step verification: the 6-digit code of the authenticator app, or "
                    "a recovery code. Without it such an account gets no token."))


class AccountSerializer(serializers.Serializer):
    username = serializers.CharField(help_text=_("The login name."))
    roles = serializers.ListField(child=serializers.CharField(), help_text=_(
        "The role grants (branch_admin, committee_admin, auditor, security_admin); empty for an applicant."))
    is_applicant = serializers.BooleanField(help_text=_("True when the account belongs to a person in the process."))


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as the header 'Authorization: Token <token>'. Shown only once."))
    expiry = serializers.DateTimeField(help_text=_("When the token stops working."))
    account = AccountSerializer()


# --- people -----------------------------------------------------------------------------------------

class BranchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The branch's id."))
    name = serializers.CharField(help_text=_("The branch's name."))


class CaseSummarySerializer(serializers.Serializer):
    public_id = serializers.UUIDField(help_text=_("The person's id in the API (and in the web's addresses)."))
    name = serializers.CharField(help_text=_("Name."))
    gender = serializers.CharField(source="get_gender_display", help_text=_("Gender."))
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("Where the person is in the process."))
    branch = BranchRefSerializer(help_text=_("The branch the person belongs to."))
    activist_since = serializers.DateField(allow_null=True, help_text=_("Activist since (empty before)."))
    target_since = serializers.DateField(allow_null=True, help_text=_("Development target since (empty before)."))


class CaseDetailSerializer(CaseSummarySerializer):
    """Personal data masked as on the pages: 身份证号 and phone never in full."""

    ethnicity = serializers.CharField(help_text=_("Ethnicity."))
    birth_date = serializers.DateField(help_text=_("Date of birth."))
    id_number_masked = serializers.SerializerMethodField(help_text=_("ID card number, masked."))
    phone_masked = serializers.SerializerMethodField(help_text=_("Mobile phone number, masked."))
    education = serializers.CharField(source="get_education_display", help_text=_("Education."))
    work_unit = serializers.CharField(help_text=_("Work or study unit."))
    source = serializers.CharField(help_text=_("How the person entered: qr (registration code) or paper."))
    probation_start = serializers.DateField(allow_null=True, help_text=_("Probation starts."))
    probation_end = serializers.DateField(allow_null=True, help_text=_("Probation ends."))
    full_member_since = serializers.DateField(allow_null=True, help_text=_("Full member since (Party standing)."))

    @extend_schema_field(serializers.CharField())
    def get_id_number_masked(self, case):
        return mask_id_number(case.id_number)

    @extend_schema_field(serializers.CharField())
    def get_phone_masked(self, case):
        return mask_phone(case.phone)


class AttachmentSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(help_text=_("The attachment's id."))
    name = serializers.CharField(source="original_name", help_text=_("The file name."))
    size = serializers.IntegerField(help_text=_("Size in bytes."))
    sha256 = serializers.CharField(help_text=_("SHA-256 of the content."))


class LetterSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The letter's id."))
    title = serializers.CharField(help_text=_("Title."))
    content = serializers.CharField(help_text=_("Content."))
    written_date = serializers.DateField(help_text=_("Date written."))
    received_date = serializers.DateField(help_text=_("Date received."))
    status = serializers.ChoiceField(choices=LetterStatus.choices, help_text=_("The letter's status."))
    return_reason = serializers.CharField(allow_blank=True, help_text=_("The branch's reason, when returned."))
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text=_("When the branch approved or returned it."))
    attachments = AttachmentSerializer(many=True, help_text=_("Files attached to it."))


class LetterInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100, help_text=_("Title."))
    content = serializers.CharField(help_text=_("Content."))
    written_date = serializers.DateField(help_text=_("Date written (not later than today)."))


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The thought report's id."))
    title = serializers.CharField(help_text=_("Title."))
    content = serializers.CharField(help_text=_("Content."))
    written_on = serializers.DateField(help_text=_("Date written."))
    read_at = serializers.DateTimeField(allow_null=True, help_text=_("When the branch read it (empty: not yet)."))
    attachments = AttachmentSerializer(many=True, help_text=_("Files attached to it."))


class ReportInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100, help_text=_("Title."))
    content = serializers.CharField(help_text=_("Content."))
    written_on = serializers.DateField(help_text=_("Date written (not later than today)."))


class TimelineRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="step.number", help_text=_("The step's number (1–25)."))
    code = serializers.CharField(source="step.code", help_text=_("The step's code."))
    name = serializers.CharField(source="step.name", help_text=_("The step's name."))
    stage = serializers.ChoiceField(source="step.stage", choices=Stage.choices, help_text=_("The stage of the step."))
    phase = serializers.CharField(help_text=_("The phase's name."))
    state = serializers.ChoiceField(choices=[("done", _("Done")), ("in_progress", _("In progress")),
                                             ("due", _("Due")), ("overdue", _("Overdue")), ("not_yet", _("Not yet"))],
                                    help_text=_("The step's state."))
    state_label = serializers.CharField(help_text=_("The state in words."))
    done_on = serializers.DateField(allow_null=True, help_text=_("When it was done."))
    due_on = serializers.DateField(allow_null=True, help_text=_("When it is due."))
    article = serializers.CharField(allow_blank=True, help_text=_("The article of the rules behind its deadline."))
    note = serializers.CharField(allow_blank=True, help_text=_("A note on the step."))


class MyProgressSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("Where the person is in the process."))
    contacts = serializers.ListField(child=serializers.CharField(), help_text=_("The cultivation contacts' names."))
    returned_reason = serializers.CharField(allow_null=True, help_text=_(
        "When the case was returned for filing again: the reason (empty otherwise)."))
    can_submit_letter = serializers.BooleanField(help_text=_("Whether a letter can be submitted now."))
    can_submit_report = serializers.BooleanField(help_text=_("Whether a thought report can be submitted now."))
    steps = TimelineRowSerializer(many=True, help_text=_("The next steps, as the phone shows them."))


class MyProfileSerializer(CaseDetailSerializer):
    pass


class HistorySerializer(serializers.Serializer):
    action = serializers.CharField(help_text=_("What happened (a history code)."))
    from_stage = serializers.CharField(allow_blank=True, help_text=_("The stage before."))
    to_stage = serializers.CharField(allow_blank=True, help_text=_("The stage after."))
    effective_date = serializers.DateField(help_text=_("The date it took effect."))
    reason = serializers.CharField(allow_blank=True, help_text=_("The reason given."))
    at = serializers.DateTimeField(help_text=_("When it was recorded."))


class CaseTimelineSerializer(serializers.Serializer):
    steps = TimelineRowSerializer(many=True, help_text=_("The 25 steps."))
    history = HistorySerializer(many=True, help_text=_("The case's history, newest first."))


# --- registration -----------------------------------------------------------------------------------

class RegistrationCodeSerializer(serializers.Serializer):
    branch = serializers.CharField(source="branch.name", help_text=_("The branch the code registers with."))
    title = serializers.CharField(allow_blank=True, help_text=_("The code's title."))
    expires_at = serializers.DateTimeField(help_text=_("When the code expires."))
    usable = serializers.BooleanField(source="is_usable", help_text=_("Whether it can still be used."))
    notice = serializers.CharField(allow_blank=True, help_text=_("The branch's registration notice."))


class RegisteredSerializer(TokenSerializer):
    case = MyProfileSerializer(help_text=_("The new applicant's own record."))


# --- decisions and requests -------------------------------------------------------------------------

class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("The reason."))


class EffectiveDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("The date it takes effect (default today)."))


class GateSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The date the rules were applied on."))
    blocked = serializers.BooleanField(help_text=_("Whether any problem blocks it."))
    problems = ProblemItemSerializer(many=True, help_text=_("What the rules find (当前备案存在问题)."))


class FilingSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The request's id."))
    kind = serializers.ChoiceField(choices=FilingKind.choices, help_text=_("The kind of request."))
    status = serializers.ChoiceField(choices=FilingStatus.choices, help_text=_("The request's status."))
    case = CaseSummarySerializer(help_text=_("The person."))
    committee = serializers.CharField(source="committee.name", help_text=_("The Party committee it was sent to."))
    sent_on = serializers.DateField(help_text=_("Date sent."))
    warnings = serializers.SerializerMethodField(help_text=_("The warnings the branch saw when sending it."))
    effective_date = serializers.DateField(allow_null=True, help_text=_("The date of the decision."))
    opinion = serializers.CharField(allow_blank=True, help_text=_("The committee's opinion."))
    return_reason = serializers.CharField(allow_blank=True, help_text=_("The reason, when returned."))

    @extend_schema_field(ProblemItemSerializer(many=True))
    def get_warnings(self, filing):
        return problem_json([Problem.from_json(w) for w in filing.warnings or []])


class FilingDetailSerializer(FilingSerializer):
    problems = ProblemItemSerializer(many=True, help_text=_(
        "What the rules find about the person now (pending requests only)."))
    can_reject = serializers.BooleanField(help_text=_(
        "Whether this kind can be refused (not passed / not approved), not only returned."))


class DecisionSerializer(serializers.Serializer):
    effective_date = serializers.DateField(help_text=_("The date of the decision (for a filing: activist from)."))
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=2000, help_text=_("Opinion."))
    committee_meeting_on = serializers.DateField(required=False, help_text=_(
        "Approval of an admission only: the date of the Party committee meeting."))
    committee_votes_for = serializers.IntegerField(required=False, min_value=0, help_text=_(
        "Approval of an admission only: committee members for."))
    committee_votes_against = serializers.IntegerField(required=False, min_value=0, help_text=_(
        "Approval of an admission only: committee members against."))
    committee_votes_abstain = serializers.IntegerField(required=False, min_value=0, help_text=_(
        "Approval of an admission only: committee members abstaining."))


class ReturnDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("The reason."))
    effective_date = serializers.DateField(required=False, help_text=_("The date of the decision (default today)."))


class RejectSerializer(serializers.Serializer):
    opinion = serializers.CharField(max_length=2000, help_text=_("The written opinion."))
    effective_date = serializers.DateField(required=False, help_text=_("The date of the decision (default today)."))


class ReminderSerializer(serializers.Serializer):
    case = CaseSummarySerializer(help_text=_("The person."))
    kind = serializers.CharField(help_text=_("What is due (a deadline code)."))
    due_date = serializers.DateField(help_text=_("When it is due."))
    overdue = serializers.BooleanField(help_text=_("Whether it is past due."))
    article = serializers.CharField(allow_blank=True, help_text=_("The article of the rules behind it."))


CasePageSerializer = paginated(CaseSummarySerializer, "CasePage")
FilingPageSerializer = paginated(FilingSerializer, "FilingPage")
ReminderPageSerializer = paginated(ReminderSerializer, "ReminderPage")


class LedgerRowSerializer(serializers.Serializer):
    """One person of the 台账, the columns of the Excel ledger."""

    public_id = serializers.UUIDField(help_text=_("The person's id."))
    name = serializers.CharField(help_text=_("Name."))
    id_number_masked = serializers.SerializerMethodField(help_text=_("ID card number, masked."))
    branch = serializers.CharField(source="branch.name", help_text=_("The branch's name."))
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("Where the person is in the process."))
    received = serializers.DateField(allow_null=True, help_text=_("Application received"))
    talk = serializers.DateField(allow_null=True, help_text=_("Talk"))
    activist_since = serializers.DateField(allow_null=True, help_text=_("Activist since"))
    target_since = serializers.DateField(allow_null=True, help_text=_("Development target since"))
    pre_review = serializers.DateField(allow_null=True, help_text=_("Pre-review passed"))
    admission_meeting = serializers.DateField(allow_null=True, help_text=_("Admission meeting"))
    approval = serializers.DateField(allow_null=True, help_text=_("Admission approved"))
    probation_start = serializers.DateField(allow_null=True, help_text=_("Probation starts"))
    probation_end = serializers.DateField(allow_null=True, help_text=_("Probation ends"))
    oath = serializers.DateField(allow_null=True, help_text=_("Admission oath"))
    conversion_approval = serializers.DateField(allow_null=True, help_text=_("Conversion approved"))
    full_member_since = serializers.DateField(allow_null=True, help_text=_("Full member since"))

    @extend_schema_field(serializers.CharField())
    def get_id_number_masked(self, case):
        return mask_id_number(case.id_number)


LedgerPageSerializer = paginated(LedgerRowSerializer, "LedgerPage")
