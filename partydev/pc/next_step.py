"""The top of the person page: the stepper of the 5 stages and 25 steps with the current step, and
下一步 — what the branch can do now, each action enabled or disabled with the problems that block it.
Both read the process declarations (process.timeline, process.actions): no second list of steps or
conditions lives here, only labels and addresses."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from partydev.cases.permissions import is_branch_admin_of
from partydev.process.actions import MEETING, REQUEST, TRANSITION, branch_actions
from partydev.process.enums import FilingKind, MeetingPurpose
from partydev.process.problems import blocking
from partydev.process.steps import STAGE_NAMES
from partydev.process.timeline import StepState, current_row
from partydev.process.transitions import CONFIRM_TARGET_TRANSITION

from .sections import request_label


@dataclass
class Phase:
    number: int
    name: str
    rows: list
    state: str  # "done", "current" or "later"

    @property
    def steps(self) -> str:
        return f"{self.rows[0].step.number}–{self.rows[-1].step.number}"

    @property
    def done_on(self):
        """The date its last step was done (shown on a finished phase)."""
        dates = [r.done_on for r in self.rows if r.done_on]
        return max(dates) if dates else None


def stepper(rows, stage) -> dict:
    """The phases with their state and the current step (None once every step is done)."""
    current = current_row(rows, stage)
    phases = list(STAGE_NAMES)
    if current is not None:
        at = phases.index(current.step.stage)
    else:
        done = [r for r in rows if r.state == StepState.DONE]
        at = phases.index(done[-1].step.stage) + 1 if done else 0
    result = []
    for index, phase in enumerate(phases):
        state = "done" if index < at else ("current" if index == at else "later")
        result.append(Phase(index + 1, str(STAGE_NAMES[phase]), [r for r in rows if r.step.stage == phase], state))
    return {"phases": result, "current": current,
            "current_phase": next((p for p in result if p.state == "current"), None)}


@dataclass
class NextAction:
    label: str
    url: str
    problems: list
    code: str = ""  # the request kind, meeting purpose or transition (the page adds a note to some)

    @property
    def blocked(self) -> bool:
        return bool(blocking(self.problems))


MEETING_LABELS = {
    MeetingPurpose.ADMISSION: lambda: _("Hold the branch general meeting (admission)"),
    MeetingPurpose.CONVERSION: lambda: _("Hold the branch general meeting (conversion)"),
}


def _label_and_url(action, case, facts, today):
    if action.kind == REQUEST and action.code == FilingKind.ACTIVIST:
        return _("Determine as activist and file"), reverse("pc:case_filing", args=[case.public_id])
    if action.kind == REQUEST:
        return (request_label(action.code, facts, today),
                reverse("pc:request_send", args=[case.public_id, action.code]))
    if action.kind == MEETING:
        return MEETING_LABELS[action.code](), reverse("pc:meeting_new", args=[case.public_id, action.code])
    if action.kind == TRANSITION and action.code == CONFIRM_TARGET_TRANSITION:
        return _("Confirm as development target"), reverse("pc:target_confirm", args=[case.public_id])
    raise LookupError(f"no page for the action {action.kind}:{action.code}")


def next_actions(user, case, facts, today) -> list[NextAction]:
    """下一步 for the branch holding the person; others (the committee, an auditor) see none."""
    if not is_branch_admin_of(user, case):
        return []
    return [NextAction(*_label_and_url(a, case, facts, today), a.problems, a.code)
            for a in branch_actions(facts, today)]
