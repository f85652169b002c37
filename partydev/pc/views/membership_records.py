"""Simple step records of steps 7–25, declared for the generic record views (records.py)."""

from django.utils.translation import gettext_lazy as _

from partydev.cases import membership_forms as forms
from partydev.cases.forms import ResolutionForm
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
    Training,
    VolunteerForm,
)
from partydev.process.enums import OpinionKind, ResolutionPurpose, Stage


def record_kinds(RecordKind):
    return (
        RecordKind("target-resolutions", BranchResolution, ResolutionForm,
                   _("Branch committee resolution on the development target"), _("Record resolution"),
                   stage=Stage.ACTIVIST, fixed={"purpose": ResolutionPurpose.TARGET}),
        RecordKind("notices", PublicNotice, forms.PublicNoticeForm, _("Public notice"), _("Record public notice"),
                   stage=Stage.ACTIVIST),
        RecordKind("reviews", PoliticalReview, forms.PoliticalReviewForm, _("Political review"),
                   _("Record political review"), stage=Stage.TARGET),
        RecordKind("trainings", Training, forms.TrainingForm, _("Centralised training"), _("Record training"),
                   stage=Stage.TARGET),
        RecordKind("admission-resolutions", BranchResolution, ResolutionForm,
                   _("Branch committee examination"), _("Record resolution"),
                   stage=Stage.TARGET, fixed={"purpose": ResolutionPurpose.ADMISSION}),
        RecordKind("volunteer-forms", VolunteerForm, forms.VolunteerFormForm,
                   _("Application form for membership"), _("Record the form"), stage=Stage.TARGET),
        RecordKind("committee-talks", CommitteeTalk, forms.CommitteeTalkForm, _("Talk by the Party committee"),
                   _("Record the talk"), stage=Stage.TARGET),
        RecordKind("placements", Placement, forms.PlacementForm, _("Placement in a party group"),
                   _("Record placement"), stage=Stage.PROBATIONARY),
        RecordKind("oaths", Oath, forms.OathForm, _("Admission oath"), _("Record the oath"),
                   stage=Stage.PROBATIONARY),
        RecordKind("opinion-probation_inspection", Opinion, forms.ProbationInspectionForm,
                   OpinionKind.PROBATION_INSPECTION.label, _("Add"), stage=Stage.PROBATIONARY,
                   fixed={"kind": OpinionKind.PROBATION_INSPECTION.value}, needs_roster=True),
        RecordKind("conversion-applications", ConversionApplication, forms.ConversionApplicationForm,
                   _("Application for full membership"), _("Record the application"), stage=Stage.PROBATIONARY),
        RecordKind("archives", Archive, forms.ArchiveForm, _("Archive of materials"), _("Record the archive"),
                   stage=Stage.FULL),
    )
