"""The 5 stages and 25 steps (中组部 chart), declared once. Pages, timeline and checks read this."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import Stage


@dataclass(frozen=True)
class Step:
    number: int
    code: str
    stage: str
    name: str
    rule: str | None = None  # key into versions.ARTICLES


STAGE_NAMES = {
    Stage.APPLICANT: _("Applying for membership"),
    Stage.ACTIVIST: _("Determining and cultivating activists"),
    Stage.TARGET: _("Determining and examining development targets"),
    Stage.PROBATIONARY: _("Admitting probationary members"),
    Stage.FULL: _("Educating, inspecting and converting probationary members"),
}

STEPS: tuple[Step, ...] = (
    Step(1, "application", Stage.APPLICANT, _("Submit the application letter"), "where_to_apply"),
    Step(2, "talk", Stage.APPLICANT, _("The Party organisation talks with the applicant"), "talk_within_month"),
    Step(3, "activist_determination", Stage.ACTIVIST, _("Recommend and determine the activist"),
         "activist_determination"),
    Step(4, "activist_filing", Stage.ACTIVIST, _("File with the higher Party committee"), "activist_filing"),
    Step(5, "contacts", Stage.ACTIVIST, _("Appoint cultivation contacts"), "contacts"),
    Step(6, "cultivation", Stage.ACTIVIST, _("Cultivate, educate and inspect"), "half_year_inspection"),
    Step(7, "target_determination", Stage.TARGET, _("Determine the development target"), "target_determination"),
    Step(8, "target_filing", Stage.TARGET, pgettext_lazy("step 8", "Report to the higher Party committee for filing"),
         "target_determination"),
    Step(9, "introducers", Stage.TARGET, _("Determine the introducers"), "introducers"),
    Step(10, "political_review", Stage.TARGET, _("Political review"), "political_review"),
    Step(11, "training", Stage.TARGET, _("Centralised training"), "training"),
    Step(12, "committee_examination", Stage.PROBATIONARY, _("Branch committee examination"), "pre_review"),
    Step(13, "pre_review", Stage.PROBATIONARY, _("Pre-review by the higher Party committee"), "pre_review"),
    Step(14, "volunteer_form", Stage.PROBATIONARY, _("Fill in the application form for membership")),
    Step(15, "admission_meeting", Stage.PROBATIONARY, _("Branch general meeting discussion"), "admission_meeting"),
    Step(16, "committee_talk", Stage.PROBATIONARY, _("Talk by the higher Party committee")),
    Step(17, "approval", Stage.PROBATIONARY, _("Approval by the higher Party committee"), "approval_time"),
    Step(18, "approval_filing", Stage.PROBATIONARY, _("File with the organisation department above")),
    Step(19, "placement", Stage.FULL, _("Place in a branch and a Party group")),
    Step(20, "oath", Stage.FULL, _("Admission oath"), "oath"),
    Step(21, "continued_inspection", Stage.FULL, _("Continued education and inspection")),
    Step(22, "conversion_application", Stage.FULL, _("Apply for full membership"), "conversion"),
    Step(23, "conversion_meeting", Stage.FULL, _("Branch general meeting on conversion"), "conversion"),
    Step(24, "conversion_approval", Stage.FULL, _("Approval by the higher Party committee"), "conversion"),
    Step(25, "archive", Stage.FULL, _("Archive the materials"), "archive"),
)

STEP_BY_CODE = {step.code: step for step in STEPS}
