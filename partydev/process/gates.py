"""Gates: the problems that block or warn before an action, `problems(facts, gate, day)`.

`day` is the date the action takes effect (a meeting's date, the committee's decision date, the
day the branch sends a request). Each gate is a list of rule functions from `rules/`; the same
functions give the deadlines and the timeline, so a gate can never disagree with a reminder.
"""

from collections.abc import Callable
from datetime import date

from .facts import CaseFacts
from .problems import Problem, blocking, problem  # noqa: F401  (blocking: part of the gate API)
from .rules import admission, application, datelogic, probation, target
from .steps import STEP_BY_CODE
from .timeline import build_timeline

FILE_ACTIVIST = "file_activist"
FILE_TARGET = "file_target"
CONFIRM_TARGET = "confirm_target"
FILE_PRE_REVIEW = "file_pre_review"
ADMISSION_MEETING = "admission_meeting"
FILE_APPROVAL = "file_approval"
APPROVE = "approve"
FILE_CONVERSION = "file_conversion"
APPROVE_CONVERSION = "approve_conversion"

GATES: dict[str, Callable[[CaseFacts, date], list[Problem]]] = {
    FILE_ACTIVIST: application.activist_filing_problems,
    FILE_TARGET: target.file_target_problems,
    CONFIRM_TARGET: target.confirm_target_problems,
    FILE_PRE_REVIEW: admission.pre_review_problems,
    ADMISSION_MEETING: admission.admission_meeting_problems,
    FILE_APPROVAL: lambda facts, day: admission.approval_problems(facts, day, sending=True),
    APPROVE: lambda facts, day: admission.approval_problems(facts, day, sending=False),
    FILE_CONVERSION: lambda facts, day: probation.conversion_problems(facts, day, sending=True),
    APPROVE_CONVERSION: lambda facts, day: probation.conversion_problems(facts, day, sending=False),
}

# Part 一 has its own, more specific date checks; from step 7 on the whole record's dates are
# checked in order before every action.
WITH_DATE_LOGIC = set(GATES) - {FILE_ACTIVIST}


def problems(facts: CaseFacts, gate: str, day: date) -> list[Problem]:
    try:
        rule = GATES[gate]
    except KeyError:
        raise ValueError(f"No gate declared for {gate!r}") from None
    found = rule(facts, day)
    if gate in WITH_DATE_LOGIC:
        found += date_logic_problems(facts, day)
    return found


def date_logic_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """The whole record's dates in order (时间先后符合逻辑), as warnings."""
    return [problem("date_conflict", False, later=STEP_BY_CODE[c.step].number, later_date=str(c.step_date),
                    earlier=STEP_BY_CODE[c.before].number, earlier_date=str(c.before_date))
            for c in datelogic.date_conflicts(build_timeline(facts, today))]
