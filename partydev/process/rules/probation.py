"""Steps 19–25: the oath within one month of the approval (2026 §29), the probation of one year
from the admission meeting (C8), its conversion, extension or cancellation (§31–33)."""

from datetime import date

from partydev.common.dates import add_months, add_years

from ..deadlines import DueItem, due_item
from ..enums import ConversionOutcome, FilingKind, Stage
from ..facts import CaseFacts
from ..problems import Problem, problem
from ..versions import V2026, version_on

OATH_WITHIN_MONTHS = 1  # 2026 §29
PROBATION_YEARS = 1
EXTENSION_MONTHS = (6, 12)
CONVERSION_DECISION_MONTHS = 3


def _stage(facts, stage):
    return [] if facts.case.stage == stage else [problem("wrong_stage", True)]


def probation_dates(admission_meeting_on: date) -> tuple[date, date]:
    """The probation runs one year from the branch general meeting that admitted the person (C8)."""
    return admission_meeting_on, add_years(admission_meeting_on, PROBATION_YEARS)


# --- 2026 §29: the oath ----------------------------------------------------------------------------

def oath_due(facts: CaseFacts) -> date | None:
    approval = facts.decided(FilingKind.APPROVAL)
    if approval is None or version_on(approval.effective_date) != V2026:
        return None
    return add_months(approval.effective_date, OATH_WITHIN_MONTHS)


def oath_reminders(facts: CaseFacts) -> list[DueItem]:
    due = oath_due(facts)
    if due is None or facts.oath:
        return []
    approval = facts.decided(FilingKind.APPROVAL)
    return [due_item("oath", due, approval.effective_date)]


# --- §31–33: conversion ----------------------------------------------------------------------------

def conversion_reminders(facts: CaseFacts) -> list[DueItem]:
    meeting = facts.conversion_meeting
    end = facts.case.probation_end
    if meeting is None or meeting.meeting_date < end:
        return [due_item("conversion", end, end)]
    if facts.decided(FilingKind.CONVERSION) is None:
        return [due_item("conversion_approval", add_months(meeting.meeting_date, CONVERSION_DECISION_MONTHS),
                         meeting.meeting_date)]
    return []


def extension_problems(case, outcome: str, months, on: date) -> list[Problem]:
    if outcome != ConversionOutcome.EXTEND:
        return []
    found = []
    if case.probation_extended:
        found.append(problem("extension_twice", True, "extension", on))
    low, high = EXTENSION_MONTHS
    if months is None or not low <= months <= high:
        found.append(problem("extension_length", True, "extension", on))
    return found


def conversion_problems(facts: CaseFacts, day: date, *, sending: bool) -> list[Problem]:
    """Before sending the conversion up (`sending`) and when the committee decides on `day`."""
    found = _stage(facts, Stage.PROBATIONARY)
    if facts.conversion_application is None:
        found.append(problem("no_conversion_application", True, "conversion", day))
    meeting = facts.conversion_meeting
    if meeting is None:
        return found + [problem("no_conversion_meeting", True, "conversion", day)]
    on = meeting.meeting_date
    if not meeting.passed:
        found.append(problem("conversion_meeting_failed", True, "conversion", on))
    end = facts.case.probation_end
    if end and on < end:
        found.append(problem("meeting_before_probation_end", False, "conversion", on, date=str(end)))
    found += extension_problems(facts.case, meeting.outcome, meeting.extension_months, on)
    decided = facts.decided(FilingKind.CONVERSION)
    if sending and facts.pending(FilingKind.CONVERSION):
        found.append(problem("pending_request", True))
    if sending and decided and decided.effective_date >= on:
        # That meeting's outcome was already approved (an extension): a new meeting comes first.
        found.append(problem("already_decided", True))
    if not sending and day > add_months(on, CONVERSION_DECISION_MONTHS):
        found.append(problem("conversion_approval_late", False, "conversion_approval", on))
    return found
