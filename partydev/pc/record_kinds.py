"""The record kinds the generic record pages show: the form, the titles and whether the form needs
the roster. Which stage keeps a kind and the values it carries come from the one declaration in
process.records, so the pages and the services cannot disagree."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from partydev.cases.models import (
    Archive,
    BranchResolution,
    CommitteeTalk,
    ConversionApplication,
    Oath,
    Opinion,
    Placement,
    PoliticalReview,
    PublicNotice,
    Recommendation,
    Talk,
    Training,
    VolunteerForm,
)
from partydev.process import records as declared
from partydev.process.enums import ACTIVIST_OPINIONS, OpinionKind
from partydev.webforms import records as case_forms
from partydev.webforms import step_records as forms
from partydev.webforms.records import ResolutionForm


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type
    form: type
    title: str
    add_label: str
    needs_roster: bool = False

    @property
    def declared(self) -> declared.RecordKind:
        return declared.RECORD_KINDS[self.slug]

    @property
    def stage(self) -> str:
        """The stage in which the branch keeps this record."""
        return self.declared.stage

    @property
    def fixed(self) -> dict:
        """Field values every record of this kind has."""
        return self.declared.fixed

    def records(self, case):
        return self.model.objects.filter(case=case, **self.fixed)


def _opinion_kind(kind: OpinionKind, add_label) -> RecordKind:
    return RecordKind(f"opinion-{kind.value}", Opinion, case_forms.OpinionForm, kind.label, add_label, needs_roster=True)


RECORD_KINDS = {
    k.slug: k
    for k in (
        RecordKind("talks", Talk, case_forms.TalkForm, gettext_lazy("Talk record"),
                   gettext_lazy("Enter talk record"), needs_roster=True),
        RecordKind("recommendations", Recommendation, case_forms.RecommendationForm,
                   gettext_lazy("Recommendation record"), gettext_lazy("Record recommendation")),
        RecordKind("resolutions", BranchResolution, case_forms.ResolutionForm,
                   gettext_lazy("Branch committee resolution"), gettext_lazy("Record resolution")),
        *(_opinion_kind(k, gettext_lazy("Add")) for k in ACTIVIST_OPINIONS),
        RecordKind("target-resolutions", BranchResolution, ResolutionForm,
                   _("Branch committee resolution on the development target"), _("Record resolution")),
        RecordKind("notices", PublicNotice, forms.PublicNoticeForm, _("Public notice"), _("Record public notice")),
        RecordKind("reviews", PoliticalReview, forms.PoliticalReviewForm, _("Political review"),
                   _("Record political review")),
        RecordKind("trainings", Training, forms.TrainingForm, _("Centralised training"), _("Record training")),
        RecordKind("admission-resolutions", BranchResolution, ResolutionForm,
                   _("Branch committee examination"), _("Record resolution")),
        RecordKind("volunteer-forms", VolunteerForm, forms.VolunteerFormForm,
                   _("Application form for membership"), _("Record the form")),
        RecordKind("committee-talks", CommitteeTalk, forms.CommitteeTalkForm, _("Talk by the Party committee"),
                   _("Record the talk")),
        RecordKind("placements", Placement, forms.PlacementForm, _("Placement in a party group"),
                   _("Record placement")),
        RecordKind("oaths", Oath, forms.OathForm, _("Admission oath"), _("Record the oath")),
        RecordKind("opinion-probation_inspection", Opinion, forms.ProbationInspectionForm,
                   OpinionKind.PROBATION_INSPECTION.label, _("Add"), needs_roster=True),
        RecordKind("conversion-applications", ConversionApplication, forms.ConversionApplicationForm,
                   _("Application for full membership"), _("Record the application")),
        RecordKind("archives", Archive, forms.ArchiveForm, _("Archive of materials"), _("Record the archive")),
    )
}


