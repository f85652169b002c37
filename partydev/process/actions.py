"""What the branch can do next on a person's page (下一步), read from the declarations: the requests of
`requests.REQUEST_KINDS` whose stage is the person's, the branch's transitions of
`transitions.TRANSITIONS` that leave it, and the 支部党员大会 of `MEETINGS`. Each action carries the
problems its gate finds today, so a page can show it enabled, or disabled with the reasons — the same
functions the services call."""

from dataclasses import dataclass, field
from datetime import date

from .enums import FilingKind, FilingStatus, MeetingPurpose, Stage
from .facts import CaseFacts
from .gates import ADMISSION_MEETING, problems
from .problems import Problem, blocking
from .requests import REQUEST_KINDS, RequestKind, basis_date
from .transitions import Performer, available

REQUEST = "request"
TRANSITION = "transition"
MEETING = "meeting"


@dataclass(frozen=True)
class MeetingAction:
    purpose: str
    stage: str
    gate: str | None  # the conversion meeting's problems depend on the outcome chosen at the meeting
    offered: object  # (facts) -> bool


def _meeting_needed(facts: CaseFacts, purpose: str, request: str) -> bool:
    """Until a passed meeting stands that the committee has not yet decided on: after a refusal, or an
    accepted extension of the probation, another meeting is needed (after a return, only the request)."""
    meeting = facts.meeting(purpose)
    if meeting is None or not meeting.passed:
        return True
    if facts.pending(request):
        return False
    decided = facts.latest_filing(request, FilingStatus.ACCEPTED, FilingStatus.REJECTED)
    return decided is not None and decided.effective_date is not None and decided.effective_date >= meeting.meeting_date


MEETINGS = (
    MeetingAction(MeetingPurpose.ADMISSION, Stage.TARGET, ADMISSION_MEETING,
                  lambda facts: _meeting_needed(facts, MeetingPurpose.ADMISSION, FilingKind.APPROVAL)),
    MeetingAction(MeetingPurpose.CONVERSION, Stage.PROBATIONARY, None,
                  lambda facts: _meeting_needed(facts, MeetingPurpose.CONVERSION, FilingKind.CONVERSION)),
)


@dataclass(frozen=True)
class Action:
    kind: str  # REQUEST, MEETING or TRANSITION
    code: str  # the request kind (FilingKind), the meeting's purpose or the transition code
    gate: str | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(blocking(self.problems))


def _request_offered(facts: CaseFacts, request: RequestKind) -> bool:
    """Not while one is waiting and only after the request it follows; once accepted, again only when
    it was undone (a return) or what it rests on is newer than the decision (a new meeting after an
    extension)."""
    if facts.pending(request.kind):
        return False
    if request.after is not None and facts.decided(request.after) is None:
        return False
    decided = facts.decided(request.kind)
    if decided is None or request.leaves_stage:
        return True
    basis = basis_date(facts, request.kind)
    return bool(basis and decided.effective_date and basis > decided.effective_date)


def branch_actions(facts: CaseFacts, day: date) -> list[Action]:
    """The requests, meetings and transitions the branch may take now for this person, in the order of
    the process."""
    stage = facts.case.stage
    actions = [Action(REQUEST, kind, request.send_gate, problems(facts, request.send_gate, day))
               for kind, request in REQUEST_KINDS.items()
               if request.stage == stage and _request_offered(facts, request)]
    meetings = [Action(MEETING, m.purpose, m.gate, problems(facts, m.gate, day) if m.gate else [])
                for m in MEETINGS if m.stage == stage and m.offered(facts)]
    # A meeting comes before the request that rests on it (审批 after 支部大会, 转正审批 after its meeting).
    waiting_on_meeting = {FilingKind.APPROVAL, FilingKind.CONVERSION} if meetings else set()
    actions = ([a for a in actions if a.code not in waiting_on_meeting] + meetings
               + [a for a in actions if a.code in waiting_on_meeting])
    actions += [Action(TRANSITION, t.code, t.gate, problems(facts, t.gate, day) if t.gate else [])
                for t in available(stage) if t.performer == Performer.BRANCH and t.offered(facts, day)]
    return actions


def offered(actions: list[Action], kind: str, code: str) -> Action | None:
    return next((a for a in actions if a.kind == kind and a.code == code), None)
