"""The transitions between stages, declared once. `case_transition` (cases.services.transitions)
reads this table: nobody passes from/to stages by hand, and pages ask `available(stage)` which
actions exist now.

Each transition says which stages it leaves from, the stage it reaches, who performs it, which gate
(`gates.GATES`) must find nothing blocking on its effective date, where that date comes from, the
history entry it writes and the dates of the case it sets.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .enums import FilingKind, Stage
from .facts import CaseFacts
from .gates import APPROVE, APPROVE_CONVERSION, CONFIRM_TARGET
from .rules.probation import probation_dates
from .rules.target import target_needs_notice


class Performer:
    BRANCH = "branch"  # the branch administrator of the person's branch
    COMMITTEE = "committee"  # an administrator of the committee the request was sent to


@dataclass(frozen=True)
class Transition:
    code: str
    source: tuple[str, ...]
    target: str
    performer: str
    gate: str | None
    effective: str  # where the effective date comes from (documentation, shown in docs/process.md)
    history: str  # StageChange.action, labelled by enums.HISTORY_ACTIONS
    sets: Callable[[CaseFacts, date], dict]
    # Whether the person page offers it now (its gate then says what still blocks); a committee's
    # transition is offered on the request it decides, not here.
    offered: Callable[[CaseFacts, date], bool] = lambda facts, day: True


def _admitted(facts: CaseFacts, on: date) -> dict:
    start, end = probation_dates(facts.admission_meeting.meeting_date)
    return {"probation_start": start, "probation_end": end}


ACCEPT_ACTIVIST = "accept_activist"
ACCEPT_TARGET = "accept_target"
CONFIRM_TARGET_TRANSITION = "confirm_target"
ADMIT = "admit"
CONVERT = "convert"
CANCEL_PROBATION = "cancel_probation"
RETURN_TO_LETTER = "return_to_letter"
RETURN_TO_FILING = "return_to_filing"
RETURN_TO_ACTIVIST = "return_to_activist"

TRANSITIONS: dict[str, Transition] = {t.code: t for t in (
    Transition(ACCEPT_ACTIVIST, (Stage.APPLICANT,), Stage.ACTIVIST, Performer.COMMITTEE, None,
               "the committee's decision date, not before the branch committee resolution",
               "activist_accepted", lambda facts, on: {"activist_since": on}),
    # 2014 §13: the committee's acceptance of the filing makes the target.
    Transition(ACCEPT_TARGET, (Stage.ACTIVIST,), Stage.TARGET, Performer.COMMITTEE, None,
               "the committee's decision date", "target_accepted", lambda facts, on: {"target_since": on}),
    # 2026 §13: the committee agrees, the 公示 ends without objection, the branch lists the target.
    Transition(CONFIRM_TARGET_TRANSITION, (Stage.ACTIVIST,), Stage.TARGET, Performer.BRANCH, CONFIRM_TARGET,
               "the date the branch lists the target, after the 公示 ended", "target_accepted",
               lambda facts, on: {"target_since": on},
               offered=lambda facts, day: target_needs_notice(facts, day)
               and facts.decided(FilingKind.TARGET) is not None),
    Transition(ADMIT, (Stage.TARGET,), Stage.PROBATIONARY, Performer.COMMITTEE, APPROVE,
               "the committee's approval date; the probation runs from the admission meeting",
               "admitted", _admitted),
    Transition(CONVERT, (Stage.PROBATIONARY,), Stage.FULL, Performer.COMMITTEE, APPROVE_CONVERSION,
               "the committee's approval date; Party standing from the end of the probation",
               "converted", lambda facts, on: {"full_member_since": facts.case.probation_end}),
    Transition(CANCEL_PROBATION, (Stage.PROBATIONARY,), Stage.CANCELLED, Performer.COMMITTEE, APPROVE_CONVERSION,
               "the committee's approval date", "probation_cancelled", lambda facts, on: {}),
    # The returns are taken through 退回重新备案 (its own page and button, which also reaches an
    # applicant's filing), so the person page does not offer them as actions of their own. Going
    # back clears the dates of the stages left; the records entered stay.
    Transition(RETURN_TO_LETTER, (Stage.ACTIVIST, Stage.TARGET), Stage.APPLICANT, Performer.BRANCH, None,
               "the date the branch returns the person", "returned_letter",
               lambda facts, on: {"activist_since": None, "target_since": None}, offered=lambda facts, day: False),
    Transition(RETURN_TO_FILING, (Stage.ACTIVIST, Stage.TARGET), Stage.APPLICANT, Performer.BRANCH, None,
               "the date the branch returns the person", "returned_filing",
               lambda facts, on: {"activist_since": None, "target_since": None}, offered=lambda facts, day: False),
    Transition(RETURN_TO_ACTIVIST, (Stage.TARGET,), Stage.ACTIVIST, Performer.BRANCH, None,
               "the date the branch returns the person", "returned_activist",
               lambda facts, on: {"target_since": None}, offered=lambda facts, day: False),
)}


def available(stage: str) -> list[Transition]:
    """The transitions that leave `stage` (whether their gate lets them through is the gate's answer)."""
    return [t for t in TRANSITIONS.values() if stage in t.source]
