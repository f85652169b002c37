"""全程纪实: the 25 steps of one person with their dates, state and the rule behind each deadline."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from partydev.common.dates import add_months, add_years

from .facts import CaseFacts
from .steps import STAGE_NAMES, STEPS, Step
from .versions import article_ref, version_on


class StepState:
    DONE = "done"
    IN_PROGRESS = "in_progress"
    DUE = "due"
    OVERDUE = "overdue"
    NOT_YET = "not_yet"


STATE_LABELS = {
    StepState.DONE: _("Done"),
    StepState.IN_PROGRESS: _("In progress"),
    StepState.DUE: _("Due"),
    StepState.OVERDUE: _("Overdue"),
    StepState.NOT_YET: _("Not yet"),
}


@dataclass
class TimelineRow:
    step: Step
    phase: str
    state: str
    done_on: date | None = None
    due_on: date | None = None
    article: str = ""
    note: str = ""

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def build_timeline(facts: CaseFacts, today: date) -> list[TimelineRow]:
    rows = []
    for step in STEPS:
        row = TimelineRow(step=step, phase=str(STAGE_NAMES[step.stage]), state=StepState.NOT_YET)
        filler = _FILLERS.get(step.code)
        if filler:
            filler(row, facts, today)
        rows.append(row)
    return rows


def _application(row, facts, today):
    letter = facts.approved_letter
    if letter:
        row.state, row.done_on = StepState.DONE, letter.received_date
    elif facts.pending_letter:
        row.state, row.note = StepState.IN_PROGRESS, str(_("Awaiting approval"))


def _talk(row, facts, today):
    received = facts.received_date
    talk = facts.first_talk
    if talk:
        row.state, row.done_on = StepState.DONE, talk.talk_date
    if received is None:
        return
    row.due_on = add_months(received, 1)
    row.article = article_ref("talk_within_month", version_on(received))
    if talk is None:
        row.state = StepState.OVERDUE if today > row.due_on else StepState.DUE
    elif talk.talk_date > row.due_on:
        row.note = str(_("Held after the one-month limit"))


def _determination(row, facts, today):
    resolution = facts.passed_resolution
    if resolution and facts.recommendations:
        row.state, row.done_on = StepState.DONE, resolution.meeting_date
    elif facts.recommendations or facts.resolutions:
        row.state = StepState.IN_PROGRESS


def _filing(row, facts, today):
    accepted = facts.accepted_activist_filing
    if accepted:
        row.state, row.done_on = StepState.DONE, accepted.effective_date
    elif facts.pending_activist_filing:
        row.state, row.note = StepState.IN_PROGRESS, str(_("Awaiting the Party committee"))


def _contacts(row, facts, today):
    if facts.contacts:
        row.state, row.done_on = StepState.DONE, min(c.assigned_on for c in facts.contacts)
    elif facts.case.activist_since:
        row.state, row.due_on = StepState.DUE, facts.case.activist_since
        row.article = article_ref("contacts", version_on(facts.case.activist_since))


def _cultivation(row, facts, today):
    since = facts.case.activist_since
    if since is None:
        return
    row.state = StepState.IN_PROGRESS
    row.due_on = add_years(since, 1)
    row.article = article_ref("target_determination", version_on(since))
    row.note = str(_("At least one year of cultivation; inspected every half year"))


_FILLERS = {
    "application": _application,
    "talk": _talk,
    "activist_determination": _determination,
    "activist_filing": _filing,
    "contacts": _contacts,
    "cultivation": _cultivation,
}
