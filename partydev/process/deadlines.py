"""The kinds of deadline the rules produce, and a due item. The rules in `rules/` say when each is
due; `schedule.due_items` gathers them for one case; the cases service stores them in the Deadline
table on every write, so reminders across a committee are one indexed query."""

from dataclasses import dataclass
from datetime import date

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .enums import HALF_YEARLY_OPINIONS
from .versions import article_ref, version_by_code, version_on


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    rule: str
    anchor: str  # section of the person's detail page where the work is done
    milestone: bool = False  # a date from which something becomes possible, not a duty


KINDS = {k.code: k for k in (
    DeadlineKind("talk", _("Talk with the applicant"), "talk_within_month", "talk-deadline"),
    DeadlineKind("filing_review", _("Filing awaiting the Party committee"), "activist_filing", "letters"),
    DeadlineKind("contacts", _("Appoint cultivation contacts"), "contacts", "contacts"),
    # 2026 §9: a contact who can no longer serve is replaced.
    DeadlineKind("replace_contact", _("Replace a cultivation contact who can no longer serve"), "contacts",
                 "contacts"),
    DeadlineKind("thought_report", _("Thought report"), "half_year_inspection", "reports"),
    DeadlineKind("cultivation_year", _("One year of cultivation: may become a development target"),
                 "target_determination", "timeline", milestone=True),
    *(DeadlineKind(f"opinion_{k.value}", format_lazy(_("Half-yearly: {kind}"), kind=k.label),
                   "half_year_inspection", f"opinion-{k.value}") for k in HALF_YEARLY_OPINIONS),
    DeadlineKind("request_review", _("Request awaiting the Party committee"), "approval", "requests"),
    DeadlineKind("admission_meeting", _("Branch general meeting within one month of the pre-review"),
                 "admission_meeting", "meetings"),
    DeadlineKind("approval", _("Approval within 3 months of the branch general meeting"), "approval_time",
                 "requests"),
    DeadlineKind("oath", _("Admission oath within one month of the approval"), "oath", "oaths"),
    DeadlineKind("probation_inspection", _("Half-yearly: inspection of the probationary member"),
                 "probation_education", "opinion-probation_inspection"),
    DeadlineKind("conversion", _("Probation ends: discuss the conversion"), "probation", "meetings"),
    DeadlineKind("conversion_approval", _("Decision on the conversion within 3 months"), "conversion_approval",
                 "requests"),
)}


MILESTONES = [k.code for k in KINDS.values() if k.milestone]


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_date: date
    rule: str
    rule_version: str

    @property
    def article(self) -> str:
        return article_ref(self.rule, version_by_code(self.rule_version))


def due_item(code: str, due: date, judged_on: date) -> DueItem:
    # Each step is judged by the version in force on the date it concerns (counting rule C7).
    return DueItem(code, due, KINDS[code].rule, version_on(judged_on).code)
