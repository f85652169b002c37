"""The date-logic check across all of a person's records ("时间先后符合逻辑"): no step is dated
before a step it depends on. Shown on the timeline and before every transition.

And the range of every date the system accepts (`date_range_problems`): the one bound that every
form (webforms.records.DatesInRange) and every service (cases.services.guards.require_date) applies."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from ..problems import Problem, problem
from ..steps import STEP_BY_CODE

# No record of this system is older than the founding of the Party (1 July 1921); a year 0001 typed
# by mistake would otherwise be kept and counted ("已逾期739924天", issue 10 finding 8).
EARLIEST_DATE = date(1921, 7, 1)
# A date allowed to lie ahead (the end of a running 公示, a postponed conversion discussion) is still
# never further ahead than this: the longest lawful one (a probation extended by 12 months, then the
# discussion put off by 6) ends within three years.
LATEST_AHEAD_YEARS = 5


def date_range_problems(day: date, *, today: date, born: date | None = None,
                        may_be_later: bool = False) -> list[Problem]:
    """The range of every date the system accepts: not before EARLIEST_DATE, not before the person's
    date of birth (`born`, when the person is known), and not later than `today` — or, for a date
    that may lie ahead (`may_be_later`), not more than LATEST_AHEAD_YEARS later. At most one problem,
    the first that applies."""
    if day < EARLIEST_DATE:
        return [problem("date_too_early", True)]
    if born is not None and day < born:
        return [problem("date_before_birth", True)]
    if not may_be_later and day > today:
        return [problem("date_in_future", True)]
    if day.year > today.year + LATEST_AHEAD_YEARS:
        return [problem("date_too_far", True)]
    return []

# step code → the steps that must not be dated after it (the chart's dependencies, not its order:
# introducers, political review and training run side by side).
DEPENDS_ON = {
    "talk": ["application"],
    "activist_determination": ["application"],
    "activist_filing": ["activist_determination"],
    "contacts": ["activist_filing"],
    "target_determination": ["activist_filing", "contacts"],
    "target_filing": ["target_determination"],
    "introducers": ["activist_filing"],
    "committee_examination": ["target_filing"],
    "pre_review": ["committee_examination", "introducers", "political_review", "training"],
    "volunteer_form": ["pre_review"],
    "admission_meeting": ["volunteer_form", "pre_review"],
    "committee_talk": ["pre_review"],
    "approval": ["admission_meeting", "committee_talk"],
    "approval_filing": ["approval"],
    "placement": ["approval"],
    "oath": ["approval"],
    "conversion_application": ["approval"],
    "conversion_meeting": ["conversion_application", "approval"],
    "conversion_approval": ["conversion_meeting"],
    "archive": ["conversion_approval"],
}


@dataclass(frozen=True)
class DateConflict:
    step: str
    step_date: date
    before: str
    before_date: date

    @property
    def message(self) -> str:
        return str(_("Step %(later_no)s (%(later)s, %(later_date)s) is dated before step %(earlier_no)s "
                      "(%(earlier)s, %(earlier_date)s) it depends on.")) % {
            "later_no": STEP_BY_CODE[self.step].number, "later": STEP_BY_CODE[self.step].name,
            "later_date": self.step_date, "earlier_no": STEP_BY_CODE[self.before].number,
            "earlier": STEP_BY_CODE[self.before].name, "earlier_date": self.before_date}


def date_conflicts(rows) -> list[DateConflict]:
    """`rows`: the timeline rows (each with .step.code and .done_on)."""
    done = {r.step.code: r.done_on for r in rows if r.done_on}
    found = []
    for step, earlier_steps in DEPENDS_ON.items():
        if step not in done:
            continue
        for earlier in earlier_steps:
            if earlier in done and done[step] < done[earlier]:
                found.append(DateConflict(step, done[step], earlier, done[earlier]))
    return found
