"""Steps 19–25: the oath within one month of the approval (2026 §29), the probation of one year
from the admission meeting (C8), its conversion, extension or cancellation (§31–33), the postponed
conversion discussion of a probationer transferred in (2026 §35 / 2014 §36) and the archive list
(2026 §36 / 2014 §37)."""

from datetime import date

from partydev.common.dates import add_months, add_years

from ..deadlines import DueItem, due_item
from ..enums import (
    ARCHIVE_ITEMS,
    ARCHIVE_ITEMS_2014,
    ARCHIVE_ITEMS_2026,
    ConversionOutcome,
    FilingKind,
    Stage,
)
from ..facts import CaseFacts
from ..problems import Problem, problem, wrong_stage
from ..versions import V2026, version_on

OATH_WITHIN_MONTHS = 1  # 2026 §29
PROBATION_YEARS = 1
EXTENSION_MONTHS = (6, 12)
CONVERSION_DECISION_MONTHS = 3
POSTPONEMENT_MONTHS = 6  # 2026 §35 / 2014 §36: a probationer transferred in



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


def oath_is_late(facts: CaseFacts) -> bool:
    """2026 §29: the oath was taken later than one month after the approval (2014: no limit)."""
    due = oath_due(facts)
    return bool(due and facts.oath and facts.oath.oath_date > due)


def oath_problems(facts: CaseFacts) -> list[Problem]:
    """A late oath is not void ("一般应当…一个月内"): a warning, cited by the approval's version."""
    if not oath_is_late(facts):
        return []
    approval = facts.decided(FilingKind.APPROVAL)
    return [problem("oath_late", False, "oath", approval.effective_date, date=str(oath_due(facts)))]


# --- §31–33: conversion ----------------------------------------------------------------------------

def conversion_discussion_due(case) -> date | None:
    """When the conversion is discussed: the end of the probation, or the later day it was postponed
    to for a probationer transferred in (2026 §35 / 2014 §36). An extension past that day wins."""
    end = case.probation_end
    postponed = getattr(case, "conversion_postponed_until", None)
    if end is None or postponed is None:
        return end
    return max(end, postponed)


def conversion_reminders(facts: CaseFacts) -> list[DueItem]:
    meeting = facts.conversion_meeting
    end = facts.case.probation_end
    if meeting is None or meeting.meeting_date < end:
        # Judged by the version in force when the probation ends: the conversion date itself.
        return [due_item("conversion", conversion_discussion_due(facts.case), end)]
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


def early_conversion_problems(case, outcome: str, on: date) -> list[Problem]:
    """§32 (2014 §33) with 党章 Art. 7: a probationer converts on time only when the probation has
    ended, so a meeting deciding 按期转正 before probation_end is refused. Extension or cancellation
    may be decided earlier (a breach of discipline), with a warning."""
    end = case.probation_end
    if end is None or on >= end:
        return []
    return [problem("meeting_before_probation_end", outcome == ConversionOutcome.ON_TIME, "conversion", on,
                    date=str(end))]


def conversion_meeting_problems(case, outcome: str, months, on: date) -> list[Problem]:
    """What refuses or warns when a branch general meeting on conversion is recorded on `on`."""
    return early_conversion_problems(case, outcome, on) + extension_problems(case, outcome, months, on)


def conversion_problems(facts: CaseFacts, day: date, *, sending: bool) -> list[Problem]:
    """Before sending the conversion up (`sending`) and when the committee decides on `day`."""
    found = wrong_stage(facts, Stage.PROBATIONARY)
    if facts.conversion_application is None:
        found.append(problem("no_conversion_application", True, "conversion", day))
    meeting = facts.conversion_meeting
    if meeting is None:
        return found + [problem("no_conversion_meeting", True, "conversion", day)]
    on = meeting.meeting_date
    if not meeting.passed:
        found.append(problem("conversion_meeting_failed", True, "conversion", on))
    found += conversion_meeting_problems(facts.case, meeting.outcome, meeting.extension_months, on)
    end = facts.case.probation_end
    if not sending and meeting.outcome == ConversionOutcome.ON_TIME and end and day < end:
        # Party standing counts from the end of the probation (§33 / 2014 §34): approving before it
        # would date 党龄 in the future.
        found.append(problem("conversion_before_probation_end", True, "conversion_approval", day, date=str(end)))
    decided = facts.decided(FilingKind.CONVERSION)
    if sending and facts.pending(FilingKind.CONVERSION):
        found.append(problem("pending_request", True))
    if sending and decided and decided.effective_date >= on:
        # That meeting's outcome was already approved (an extension): a new meeting comes first.
        found.append(problem("already_decided", True))
    if not sending and day > add_months(on, CONVERSION_DECISION_MONTHS):
        found.append(problem("conversion_approval_late", False, "conversion_approval", on))
    return found


# --- 2026 §35 / 2014 §36: a probationer transferred in ------------------------------------------------

def postponement_problems(case, transfer_dates, until: date) -> list[Problem]:
    """The conversion discussion of a probationer transferred in during the probation may be put off
    to `until`, at most six months after the probation ends; the conversion date stays the end of the
    probation. Judged by the version in force on that end (C7)."""
    end = case.probation_end
    found = [] if case.stage == Stage.PROBATIONARY and end else [problem("wrong_stage", True)]
    if found:
        return found
    start = case.probation_start
    if not any(start <= d <= end for d in transfer_dates):
        found.append(problem("postponement_no_transfer", True, "transfer_postponement", end))
    latest = add_months(end, POSTPONEMENT_MONTHS)
    if not end < until <= latest:
        found.append(problem("postponement_length", True, "transfer_postponement", end, end=str(end),
                             latest=str(latest)))
    return found


# --- 2026 §36 / 2014 §37: 材料归档 ---------------------------------------------------------------------

def archive_required_items(on: date) -> list[str]:
    """The materials the version in force on the archive date puts into the personal file."""
    items = ARCHIVE_ITEMS_2026 if version_on(on) == V2026 else ARCHIVE_ITEMS_2014
    return [key for key, _label in items]


def archive_problems(items, on: date) -> list[Problem]:
    """An archive missing a required item is refused, naming what is missing (in the language of the
    request that checks it: this problem is shown at once, never stored)."""
    labels = dict(ARCHIVE_ITEMS)
    missing = [key for key in archive_required_items(on) if key not in set(items or ())]
    if not missing:
        return []
    return [problem("archive_incomplete", True, "archive", on, items="、".join(str(labels[k]) for k in missing))]
