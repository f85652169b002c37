"""Forms shared by the PC and mobile sites. They validate; services write."""

import re
import unicodedata
from functools import partial

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from partydev.cases.models import (
    ApplicationLetter,
    BranchResolution,
    Opinion,
    Recommendation,
    Talk,
    ThoughtReport,
)
from partydev.cases.services import record_version
from partydev.common import clock
from partydev.common.ethnicities import ETHNICITY_CHOICES
from partydev.common.forms import MemberChoices
from partydev.common.idcard import validate_id_number
from partydev.common.text import validate_name
from partydev.common.uploads import validate_upload
from partydev.orgs.models import Member
from partydev.process.enums import RETURN_POINTS, Education, OpinionKind, ReturnPoint
from partydev.process.rules.datelogic import date_range_problems

from .messages import FieldMessages

PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def check_date(value, *, born=None, may_be_later=False):
    """The range of every date a form accepts: the rule the services' require_date applies too
    (process.rules.datelogic.date_range_problems: not before 1921-07-01, not before the person's
    date of birth, not later than today unless `may_be_later`)."""
    found = date_range_problems(value, today=clock.today(), born=born, may_be_later=may_be_later)
    if found:
        raise forms.ValidationError([p.message for p in found], code=found[0].code)


class DatesInRange(FieldMessages, forms.Form):
    """Every form that takes a date inherits this: each of its date fields is checked by
    `check_date`, against the date of birth of the person it is about — `born`, or the person of the
    ModelForm's instance — and not later than today unless named in `later_dates`."""

    later_dates: tuple[str, ...] = ()

    def __init__(self, *args, born=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if born is None and getattr(instance, "case_id", None):
            born = instance.case.birth_date
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.validators = [*field.validators,
                                    partial(check_date, born=born, may_be_later=name in self.later_dates)]


class RadiosWithoutBlank(forms.Form):
    """A radio group offers only real answers: the empty choice a model field brings ("---------") is
    dropped, so a new form starts with nothing chosen, and an answer is required (issue 11)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect) or isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            else:
                field.choices = [(value, text) for value, text in field.choices if value not in ("", None)]
            field.required = True


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero or more files, each checked by content and size."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault("help_text", _("PDF, JPG, PNG or DOCX; several files may be chosen."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(AttachmentsField, self).clean(item, initial) for item in items if item]
        for item in cleaned:
            validate_upload(item)
        return cleaned


class AttachmentsMixin(forms.Form):
    """Adds new attachments and, when editing, a choice of existing ones to remove."""

    attachments = AttachmentsField()
    remove_attachments = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        existing = list(instance.attachments.all()) if instance is not None and instance.pk else []
        if existing:
            self.fields["remove_attachments"].choices = [(str(a.pk), a.original_name) for a in existing]
        else:
            del self.fields["remove_attachments"]

    def removed_attachment_ids(self) -> list[int]:
        return [int(x) for x in self.cleaned_data.get("remove_attachments", [])]


class PersonForm(FieldMessages, forms.Form):
    """The applicant's basic information (registration and paper entry)."""

    name = forms.CharField(label=_("Name"), max_length=50, validators=[validate_name])
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=[("", "---------"), *ETHNICITY_CHOICES])
    id_number = forms.CharField(label=_("ID card number"), max_length=18, min_length=15,
                                help_text=_("18 digits; birth date and gender are read from it."))
    phone = forms.CharField(label=_("Mobile phone"), max_length=11)
    education = forms.ChoiceField(label=_("Education"), choices=[("", "---------"), *Education.choices])
    work_unit = forms.CharField(label=_("Work or study unit"), max_length=100)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter the name."))
        return name

    def clean_id_number(self):
        return validate_id_number(self.cleaned_data["id_number"])

    def clean_phone(self):
        # Full-width digits from Chinese input methods become ASCII; other scripts' digits are refused.
        phone = unicodedata.normalize("NFKC", self.cleaned_data["phone"]).strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Please enter an 11-digit mainland mobile number."))
        return phone


class RegistrationForm(PersonForm):
    username = forms.RegexField(
        label=_("Login name"), max_length=30, regex=r"^[A-Za-z][A-Za-z0-9_]{3,29}$",
        help_text=_("4–30 letters, digits or underscores, starting with a letter."),
        error_messages={"invalid": _("Use 4–30 letters, digits or underscores, starting with a letter.")})
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput,
                                help_text=password_validation.password_validators_help_text_html)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)
    consent = forms.BooleanField(
        label=_("I have read the personal information notice and agree to the processing of my "
                "personal information for the Party membership application."))
    sensitive_consent = forms.BooleanField(
        label=_("I separately agree to the processing of my sensitive personal information "
                "(ID card number, political information) for this purpose."))

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken; please choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            user = get_user_model()(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class LetterForm(DatesInRange, AttachmentsMixin, forms.ModelForm):
    class Meta:
        model = ApplicationLetter
        fields = ["title", "content", "written_date"]
        widgets = {"written_date": DateInput(), "content": forms.Textarea(attrs={"rows": 12})}


class PaperLetterForm(LetterForm):
    class Meta(LetterForm.Meta):
        fields = ["title", "content", "written_date", "received_date"]
        widgets = {**LetterForm.Meta.widgets, "received_date": DateInput()}

    def clean(self):
        cleaned = super().clean()
        written, received = cleaned.get("written_date"), cleaned.get("received_date")
        if written and received and received < written:
            self.add_error("received_date", _("The letter cannot be received before it was written."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give the reason for returning."))
        return reason


class CaseReturnForm(DatesInRange, ReasonForm):
    """退回重新备案: the points the person's stage can go back to (RETURN_POINTS), nothing chosen at
    first, and the date the return takes effect (today unless changed)."""

    point = forms.ChoiceField(label=_("Return to"), choices=ReturnPoint.choices, widget=forms.RadioSelect)
    effective_date = forms.DateField(label=_("Date returned"), widget=DateInput())

    def __init__(self, *args, stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [(p.value, p.label) for p in RETURN_POINTS.get(stage, ())]
        self.fields["effective_date"].initial = clock.today()
        self.order_fields(["point", "effective_date", "reason"])


class AcceptFilingForm(DatesInRange):
    effective_date = forms.DateField(label=_("Activist from"), widget=DateInput())


class RecordForm(DatesInRange, RadiosWithoutBlank, AttachmentsMixin, forms.ModelForm):
    """Step records: every date in range (DatesInRange: `later_dates` may lie after today). Editing
    carries the version of the record the page showed (`version`, hidden): the records service
    refuses the save when someone else saved the record in between (issue 10 finding 13).
    Radio groups have no empty choice (RadiosWithoutBlank)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = record_version(self.instance)
        else:
            del self.fields["version"]

    def seen_version(self) -> str | None:
        """The version the editor started from, as posted (None when the page sent none)."""
        return self.cleaned_data.get("version") or None


class TalkForm(RecordForm):
    class Meta:
        model = Talk
        fields = ["talk_date", "talkers", "other_talkers", "place", "content"]
        field_classes = {"talkers": MemberChoices}
        widgets = {"talk_date": DateInput(), "talkers": forms.CheckboxSelectMultiple,
                   "content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talkers"].queryset = roster
        self.fields["talkers"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("talkers") and not cleaned.get("other_talkers", "").strip():
            self.add_error("talkers", _("Choose at least one talker from the roster or enter one."))
        return cleaned


class RecommendationForm(RecordForm):
    class Meta:
        model = Recommendation
        fields = ["recommended_on", "method", "note"]
        widgets = {"recommended_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class ResolutionForm(RecordForm):
    class Meta:
        model = BranchResolution
        fields = ["meeting_date", "result", "note"]
        widgets = {"meeting_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3}),
                   "result": forms.RadioSelect}


class OpinionForm(RecordForm):
    """An opinion about an activist. The contact is asked only on 培养联系人确定意见."""

    class Meta:
        model = Opinion
        fields = ["given_on", "author", "contact", "content"]
        widgets = {"given_on": DateInput(), "content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, roster=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind == OpinionKind.CONTACT_CONFIRMATION:
            self.fields["contact"].queryset = Member.objects.filter(pk__in=roster)
            self.fields["contact"].required = True
            self.fields["contact"].help_text = _("The activist's current cultivation contact who gave it.")
        else:
            del self.fields["contact"]


class ContactsForm(DatesInRange):
    """Accepts any active member of `candidates` (the roster of the case's own Party committee);
    whether they may serve is the rule in process.checks. A member outside `candidates` gets the
    same "not one of the available choices" as an id that does not exist, so another committee's
    roster cannot be probed through this form (issue 10, finding 5)."""

    contacts = MemberChoices(
        label=_("Cultivation contacts"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose one or two cultivation contacts.")})
    assigned_on = forms.DateField(label=_("Appointed on"), widget=DateInput())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = candidates


class IntroducersForm(DatesInRange):
    """Any active member of the branch or of another branch of its 党委 (pc.member_pickers); whether
    they may serve is decided by introducer_problems. Used by the person page and the JSON API."""

    members = MemberChoices(
        label=_("Introducers"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose two introducers.")})
    assigned_on = forms.DateField(label=_("Determined on"), widget=DateInput())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates


class TransferForm(DatesInRange):
    to_branch = forms.ModelChoiceField(label=_("Transfer to"), queryset=None,
                                       empty_label=_("Choose a Party branch"))
    transferred_on = forms.DateField(label=_("Date of transfer"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=500)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches


class ConversionPostponeForm(DatesInRange):
    """2026 §35 / 2014 §36: the conversion discussion of a probationer transferred in is put off to
    `until`; whether that day is allowed is the rule's (postponement_problems), checked by the service."""

    later_dates = ("until",)

    until = forms.DateField(label=_("Postponed until"), widget=DateInput())
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for postponing"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ThoughtReportForm(DatesInRange, AttachmentsMixin, forms.ModelForm):
    class Meta:
        model = ThoughtReport
        fields = ["title", "content", "written_on"]
        widgets = {"written_on": DateInput(), "content": forms.Textarea(attrs={"rows": 12})}


class MarkReadForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
