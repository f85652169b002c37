"""What the branch can do next on a person's page, read from the declarations: the requests of
`requests.REQUEST_KINDS` whose stage is the person's, and the branch's transitions of
`transitions.TRANSITIONS` that leave it. Each action carries the problems its gate finds today, so
a page can show it enabled, or disabled with the reasons — the same functions the services call."""

from dataclasses import dataclass, field
from datetime import date

from .facts import CaseFacts
from .gates import problems
from .problems import Problem, blocking
from .requests import BRANCH_REQUESTS, REQUEST_KINDS, RequestKind
from .transitions import Performer, available

REQUEST = "request"
TRANSITION = "transition"


@dataclass(frozen=True)
class Action:
    kind: str  # REQUEST or TRANSITION
    code: str  # the request kind (FilingKind) or the transition code
    gate: str | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(blocking(self.problems))


def _request_offered(facts: CaseFacts, request: RequestKind) -> bool:
    """Not while one is waiting, not once accepted, and only after the request it follows."""
    if facts.pending(request.kind) or facts.decided(request.kind):
        return False
    return request.after is None or facts.decided(request.after) is not None


def branch_actions(facts: CaseFacts, day: date) -> list[Action]:
    """The requests and transitions the branch may take now for this person, in declaration order.
    (确定积极分子并备案 has its own page in part 一 and is not listed here.)"""
    stage = facts.case.stage
    actions = [Action(REQUEST, kind, REQUEST_KINDS[kind].send_gate,
                      problems(facts, REQUEST_KINDS[kind].send_gate, day))
               for kind in BRANCH_REQUESTS
               if REQUEST_KINDS[kind].stage == stage and _request_offered(facts, REQUEST_KINDS[kind])]
    actions += [Action(TRANSITION, t.code, t.gate, problems(facts, t.gate, day) if t.gate else [])
                for t in available(stage) if t.performer == Performer.BRANCH and t.offered(facts, day)]
    return actions


def offered(actions: list[Action], kind: str, code: str) -> Action | None:
    return next((a for a in actions if a.kind == kind and a.code == code), None)
