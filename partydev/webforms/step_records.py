"""Forms of the step records 7–25. They validate input; the rules across records live in
process/membership_checks.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partydev.cases.models import (
    Archive,
    CommitteeTalk,
    ConversionApplication,
    Oath,
    Placement,
    PoliticalReview,
    PublicNotice,
    Training,
    VolunteerForm,
)
from partydev.common import clock
from partydev.common.calendar import configured_calendar
from partydev.orgs.models import Organisation, OrgKind
from partydev.process.enums import ARCHIVE_ITEMS
from partydev.process.records import RECORD_KINDS
from partydev.process.rules.probation import archive_problems, archive_required_items
from partydev.process.rules.target import notice_record_problems

from .messages import HOURS
from .records import DateInput, OpinionForm, RecordForm

ProbationInspectionForm = OpinionForm


def _ordered(cleaned, form, first, second, message):
    a, b = cleaned.get(first), cleaned.get(second)
    if a and b and b < a:
        form.add_error(second, message)


class PublicNoticeForm(RecordForm):
    """公示: the end date may lie ahead (the notice is still running); at least 5 working days."""

    later_dates = RECORD_KINDS["notices"].later_dates

    class Meta:
        model = PublicNotice
        fields = ["start_date", "end_date", "place", "mobile", "second_place", "result", "feedback"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "result": forms.RadioSelect,
                   "feedback": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"mobile": _("2026 §13: a mobile person's notice is posted at the place of origin and the "
                                  "place of residence at the same time; enter both places.")}

    # Which field each problem of the record is shown on.
    PROBLEM_FIELDS = {"notice_too_short": "end_date", "notice_one_place": "second_place"}

    def clean(self):
        cleaned = super().clean()
        _ordered(cleaned, self, "start_date", "end_date", _("The notice cannot end before it starts."))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end >= start:
            for found in notice_record_problems(start, end, cleaned.get("mobile"), cleaned.get("place"),
                                                cleaned.get("second_place"), configured_calendar()):
                self.add_error(self.PROBLEM_FIELDS[found.code], found.message)
        return cleaned


class PoliticalReviewForm(RecordForm):
    class Meta:
        model = PoliticalReview
        fields = ["review_date", "methods", "conclusion", "summary"]
        widgets = {"review_date": DateInput(), "conclusion": forms.RadioSelect,
                   "summary": forms.Textarea(attrs={"rows": 6})}


class TrainingForm(RecordForm):
    class Meta:
        model = Training
        fields = ["start_date", "end_date", "hours", "mode", "organiser", "certificate"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "mode": forms.RadioSelect}
        error_messages = {"hours": HOURS}

    def clean(self):
        cleaned = super().clean()
        _ordered(cleaned, self, "start_date", "end_date", _("The training cannot end before it starts."))
        hours = cleaned.get("hours")
        if hours is not None and hours <= 0:
            self.add_error("hours", _("Enter the class hours."))
        return cleaned


class VolunteerFormForm(RecordForm):
    class Meta:
        model = VolunteerForm
        fields = ["serial_number", "filled_on"]
        widgets = {"filled_on": DateInput()}


class CommitteeTalkForm(RecordForm):
    class Meta:
        model = CommitteeTalk
        fields = ["talk_date", "talker", "place", "opinion"]
        widgets = {"talk_date": DateInput(), "opinion": forms.Textarea(attrs={"rows": 5})}


class PlacementForm(RecordForm):
    class Meta:
        model = Placement
        fields = ["group", "placed_on"]
        widgets = {"placed_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        branch = self.instance.case.branch
        self.fields["group"].queryset = Organisation.objects.filter(
            kind=OrgKind.GROUP, path__startswith=branch.path).order_by("path")


class OathForm(RecordForm):
    class Meta:
        model = Oath
        fields = ["oath_date", "place", "organiser"]
        widgets = {"oath_date": DateInput()}


class ConversionApplicationForm(RecordForm):
    class Meta:
        model = ConversionApplication
        fields = ["applied_on", "content"]
        widgets = {"applied_on": DateInput(), "content": forms.Textarea(attrs={"rows": 10})}




class ArchiveForm(RecordForm):
    """材料归档: the materials the version in force on the archive date requires (2026 §36: six items;
    2014 §37: five) must all be ticked; the records service checks the same rule."""

    items = forms.MultipleChoiceField(label=_("Materials"), choices=ARCHIVE_ITEMS,
                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Archive
        fields = ["archived_on", "receiver", "items"]
        widgets = {"archived_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:  # a new archive starts with the list in force today ticked
            self.initial["items"] = archive_required_items(clock.today())

    def clean(self):
        cleaned = super().clean()
        on, items = cleaned.get("archived_on"), cleaned.get("items")
        if on and items is not None:
            for found in archive_problems(items, on):
                self.add_error("items", f"{found.message}（{found.article}）")
        return cleaned
