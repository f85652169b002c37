"""The kinds of step record, declared once: the model that holds them, the stage in which the branch
keeps them, the step they belong to, their date, and the values every record of the kind has.
The services (create, update, delete), the generic record pages and the timeline read this."""

from dataclasses import dataclass, field

from .enums import ACTIVIST_OPINIONS, OpinionKind, ResolutionPurpose, Stage


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: str  # a model of the cases app
    stage: str  # the stage in which the branch keeps (adds, edits, deletes) this record
    step: str  # the step (steps.STEPS code) the record belongs to
    date_field: str
    fixed: dict = field(default_factory=dict)
    # Date fields that may lie after today (the end of a 公示 still running); every other date of the
    # record is not later than today. All of them lie in the range of datelogic.date_range_problems.
    later_dates: tuple[str, ...] = ()


RECORD_KINDS: dict[str, RecordKind] = {k.slug: k for k in (
    RecordKind("talks", "Talk", Stage.APPLICANT, "talk", "talk_date"),
    RecordKind("recommendations", "Recommendation", Stage.APPLICANT, "activist_determination", "recommended_on"),
    RecordKind("resolutions", "BranchResolution", Stage.APPLICANT, "activist_determination", "meeting_date",
               {"purpose": ResolutionPurpose.ACTIVIST.value}),
    *(RecordKind(f"opinion-{k.value}", "Opinion", Stage.ACTIVIST, "cultivation", "given_on", {"kind": k.value})
      for k in ACTIVIST_OPINIONS),
    RecordKind("target-resolutions", "BranchResolution", Stage.ACTIVIST, "target_determination", "meeting_date",
               {"purpose": ResolutionPurpose.TARGET.value}),
    RecordKind("notices", "PublicNotice", Stage.ACTIVIST, "target_filing", "start_date", later_dates=("end_date",)),
    RecordKind("reviews", "PoliticalReview", Stage.TARGET, "political_review", "review_date"),
    RecordKind("trainings", "Training", Stage.TARGET, "training", "end_date"),
    RecordKind("admission-resolutions", "BranchResolution", Stage.TARGET, "committee_examination",
               "meeting_date", {"purpose": ResolutionPurpose.ADMISSION.value}),
    RecordKind("volunteer-forms", "VolunteerForm", Stage.TARGET, "volunteer_form", "filled_on"),
    RecordKind("committee-talks", "CommitteeTalk", Stage.TARGET, "committee_talk", "talk_date"),
    RecordKind("placements", "Placement", Stage.PROBATIONARY, "placement", "placed_on"),
    RecordKind("oaths", "Oath", Stage.PROBATIONARY, "oath", "oath_date"),
    RecordKind("opinion-probation_inspection", "Opinion", Stage.PROBATIONARY, "continued_inspection", "given_on",
               {"kind": OpinionKind.PROBATION_INSPECTION.value}),
    RecordKind("conversion-applications", "ConversionApplication", Stage.PROBATIONARY, "conversion_application",
               "applied_on"),
    RecordKind("archives", "Archive", Stage.FULL, "archive", "archived_on"),
)}
