"""全程纪实: the 25 steps of one person with their dates, state and the rule behind each deadline."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from partydev.common.numbers import plain_number

from .enums import FilingKind, ResolutionPurpose, Stage
from .facts import CaseFacts
from .rules import admission, application, cultivation, probation
from .steps import STAGE_NAMES, STEPS, Step
from .versions import V2026, article_ref, version_on


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


def current_row(rows: list[TimelineRow], stage: str) -> TimelineRow | None:
    """The step the person is at: the first step not done from the phase of the person's stage on (an
    earlier step left open, such as a late half-year opinion, shows in its own row, not here)."""
    phases = list(STAGE_NAMES)
    start = phases.index(stage) if stage in phases else len(phases)
    for row in rows:
        if phases.index(row.step.stage) >= start and row.state != StepState.DONE:
            return row
    return None


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
    row.due_on = application.talk_due(facts)
    row.article = article_ref("talk_within_month", version_on(received))
    if talk is None:
        row.state = StepState.OVERDUE if today > row.due_on else StepState.DUE
    elif application.talk_is_late(facts):
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
    if facts.case.stage == Stage.ACTIVIST:
        # 2026 §9: a contact who can no longer serve is to be replaced (judged today).
        replace = cultivation.contact_replacement(facts, today)
        if replace:
            row.state, row.due_on = StepState.DUE, today
            row.article = article_ref("contacts", version_on(today))
            row.note = "；".join(p.message for p in replace)


def _cultivation(row, facts, today):
    since = facts.case.activist_since
    if since is None:
        return
    if facts.case.target_since:
        row.state, row.done_on = StepState.DONE, facts.case.target_since
        return
    row.state = StepState.IN_PROGRESS
    row.due_on = cultivation.cultivation_year_on(facts)
    row.article = article_ref("target_determination", version_on(since))
    row.note = str(_("At least one year of cultivation; inspected every half year"))


def _done(row, on, note=""):
    row.state, row.done_on = StepState.DONE, on
    if note:
        row.note = str(note)


def _waiting(row, facts, kind):
    if facts.pending(kind):
        row.state, row.note = StepState.IN_PROGRESS, str(_("Awaiting the Party committee"))


def _target_determination(row, facts, today):
    resolution = facts.resolution(ResolutionPurpose.TARGET)
    if facts.case.target_since:
        _done(row, resolution.meeting_date if resolution else facts.case.target_since)
    elif resolution:
        row.state = StepState.IN_PROGRESS
    elif facts.case.activist_since:
        row.due_on = cultivation.cultivation_year_on(facts)
        row.article = article_ref("target_determination", version_on(facts.case.activist_since))


def _target_filing(row, facts, today):
    decided = facts.decided(FilingKind.TARGET)
    if decided:
        notice = facts.notice
        note = _("Public notice %(start)s–%(end)s") % {"start": notice.start_date, "end": notice.end_date} if notice else ""
        _done(row, decided.effective_date, note)
    else:
        _waiting(row, facts, FilingKind.TARGET)


def _introducers(row, facts, today):
    if facts.active_introducers:
        _done(row, min(i.assigned_on for i in facts.active_introducers),
              "、".join(i.member.name for i in facts.active_introducers))
    elif facts.case.stage == Stage.TARGET:
        row.state = StepState.DUE


def _review(row, facts, today):
    review = facts.review
    if review:
        _done(row, review.review_date, review.get_conclusion_display())
    elif facts.case.stage == Stage.TARGET:
        row.state = StepState.DUE


def _training(row, facts, today):
    training = facts.training
    if training:
        _done(row, training.end_date, _("%(days)s days, %(hours)s class hours") % {
            "days": training.days, "hours": plain_number(training.hours)})
    elif facts.case.stage == Stage.TARGET:
        row.state = StepState.DUE


def _examination(row, facts, today):
    resolution = facts.resolution(ResolutionPurpose.ADMISSION)
    if resolution:
        _done(row, resolution.meeting_date)


def _pre_review(row, facts, today):
    decided = facts.decided(FilingKind.PRE_REVIEW)
    if decided:
        _done(row, decided.effective_date, decided.opinion)
    else:
        _waiting(row, facts, FilingKind.PRE_REVIEW)


def _volunteer_form(row, facts, today):
    form = facts.volunteer_form
    if form:
        _done(row, form.filled_on, form.serial_number)


def _admission_meeting(row, facts, today):
    meeting = facts.admission_meeting
    if meeting:
        _done(row, meeting.meeting_date, _meeting_note(meeting))
        if not meeting.passed:
            row.state = StepState.IN_PROGRESS
    due = admission.admission_meeting_due(facts)
    if due:
        row.due_on, row.article = due, article_ref("admission_meeting", V2026)
        if meeting is None:
            row.state = StepState.OVERDUE if today > row.due_on else StepState.DUE
        elif meeting.meeting_date > due:
            late = _("Held after the one-month limit")  # outside the f-string, where xgettext finds it
            row.note = f"{row.note}；{late}"


def _meeting_note(meeting):
    return _("%(entitled)s entitled, %(present)s present, %(written)s written; for %(for)s, against %(against)s, "
             "abstain %(abstain)s") % {"entitled": meeting.entitled, "present": meeting.present,
                                       "written": meeting.written, "for": meeting.votes_for,
                                       "against": meeting.votes_against, "abstain": meeting.votes_abstain}


def _committee_talk(row, facts, today):
    talk = facts.committee_talk
    if talk:
        _done(row, talk.talk_date, talk.talker)


def _approval(row, facts, today):
    meeting = facts.admission_meeting
    decided = facts.decided(FilingKind.APPROVAL)
    if admission.approval_due(facts):
        row.due_on = admission.approval_due(facts)
        row.article = article_ref("approval_time", version_on(meeting.meeting_date))
    if decided:
        _done(row, decided.effective_date, _("Probation %(start)s – %(end)s") % {
            "start": facts.case.probation_start, "end": facts.case.probation_end})
    elif row.due_on:
        _waiting(row, facts, FilingKind.APPROVAL)
        if row.state == StepState.NOT_YET:
            row.state = StepState.OVERDUE if today > row.due_on else StepState.DUE


def _approval_filing(row, facts, today):
    decided = facts.decided(FilingKind.APPROVAL)
    if decided:
        _done(row, decided.effective_date)


def _placement(row, facts, today):
    placement = facts.placement
    if placement:
        _done(row, placement.placed_on, placement.group.name)


def _oath(row, facts, today):
    oath = facts.oath
    if probation.oath_due(facts):
        row.due_on = probation.oath_due(facts)
        row.article = article_ref("oath", V2026)
    if oath:
        _done(row, oath.oath_date)
        late = probation.oath_problems(facts)  # a warning: the oath stands, held late (§29)
        if late:
            row.note = late[0].message
    elif row.due_on:
        row.state = StepState.OVERDUE if today > row.due_on else StepState.DUE


def _continued(row, facts, today):
    if facts.case.probation_start:
        row.state = StepState.DONE if facts.case.full_member_since else StepState.IN_PROGRESS
        row.due_on = facts.case.probation_end


def _conversion_application(row, facts, today):
    application = facts.conversion_application
    if application:
        _done(row, application.applied_on)


def _conversion_meeting(row, facts, today):
    meeting = facts.conversion_meeting
    if facts.case.probation_end:
        row.due_on = probation.conversion_discussion_due(facts.case)
        row.article = article_ref("conversion", version_on(facts.case.probation_end))
        if row.due_on != facts.case.probation_end:
            # A probationer transferred in: the discussion is postponed, the conversion date is not.
            row.article = article_ref("transfer_postponement", version_on(facts.case.probation_end))
            row.note = str(_("Postponed after a transfer; the probation still ends %(date)s")
                           % {"date": facts.case.probation_end})
    if meeting:
        _done(row, meeting.meeting_date, meeting.get_outcome_display())
        if facts.case.probation_end and meeting.meeting_date < facts.case.probation_end:
            early = _("Held before the probation ended")
            row.note = f"{row.note}；{early}"


def _conversion_approval(row, facts, today):
    decided = facts.decided(FilingKind.CONVERSION)
    if decided:
        note = _("Party standing from %(date)s") % {"date": facts.case.full_member_since} \
            if facts.case.full_member_since else ""
        _done(row, decided.effective_date, note)
    else:
        _waiting(row, facts, FilingKind.CONVERSION)


def _archive(row, facts, today):
    archive = facts.archive
    if archive:
        _done(row, archive.archived_on, archive.receiver)


_FILLERS = {
    "application": _application,
    "talk": _talk,
    "activist_determination": _determination,
    "activist_filing": _filing,
    "contacts": _contacts,
    "cultivation": _cultivation,
    "target_determination": _target_determination,
    "target_filing": _target_filing,
    "introducers": _introducers,
    "political_review": _review,
    "training": _training,
    "committee_examination": _examination,
    "pre_review": _pre_review,
    "volunteer_form": _volunteer_form,
    "admission_meeting": _admission_meeting,
    "committee_talk": _committee_talk,
    "approval": _approval,
    "approval_filing": _approval_filing,
    "placement": _placement,
    "oath": _oath,
    "continued_inspection": _continued,
    "conversion_application": _conversion_application,
    "conversion_meeting": _conversion_meeting,
    "conversion_approval": _conversion_approval,
    "archive": _archive,
}
