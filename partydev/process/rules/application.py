"""Part 一: the application letter (§5–6), the talk within one month (§7), the determination of the
activist (§8) and its filing with the committee."""

from datetime import date

from partydev.common.dates import add_months, age_on

from ..deadlines import DueItem, due_item
from ..enums import Stage
from ..facts import CaseFacts
from ..problems import Problem, problem

ADULT_AGE = 18


# --- §5–6: the letter, and the age on the day it was received -----------------------------------

def received_before_birth(birth_date: date | None, received: date | None) -> bool:
    """A letter cannot be received before its writer was born: refused at entry, and never allowed
    to reach an age computation (age_on raises)."""
    return bool(birth_date and received and received < birth_date)


def letter_problems(facts: CaseFacts, today: date) -> list[Problem]:
    letter = facts.approved_letter
    if letter is None:
        return [problem("letter_not_approved", True, "where_to_apply", facts.received_date or today)]
    if received_before_birth(facts.case.birth_date, letter.received_date):
        return [problem("received_before_birth", True, "age", letter.received_date)]
    if age_on(facts.case.birth_date, letter.received_date) < ADULT_AGE:
        return [problem("under_18", True, "age", letter.received_date)]
    return []


# --- §7: talk within one month of receiving the letter -------------------------------------------

def talk_due(facts: CaseFacts) -> date | None:
    """The last day of the talk: one calendar month after the letter was received (C2)."""
    received = facts.received_date
    return add_months(received, 1) if received else None


def talk_is_late(facts: CaseFacts) -> bool:
    talk, due = facts.first_talk, talk_due(facts)
    return bool(talk and due and talk.talk_date > due)


def talk_problems(facts: CaseFacts, today: date) -> list[Problem]:
    received = facts.received_date
    talk = facts.first_talk
    if talk is None:
        return [problem("no_talk", True, "talk_within_month", received or today)]
    if received is None:
        return []
    if talk.talk_date < received:
        return [problem("talk_before_letter", False, "talk_within_month", talk.talk_date)]
    if talk_is_late(facts):
        return [problem("late_talk", False, "talk_within_month", talk.talk_date)]
    return []


def talk_reminders(facts: CaseFacts) -> list[DueItem]:
    due = talk_due(facts)
    if due is None or facts.talks:
        return []
    return [due_item("talk", due, facts.received_date)]


# --- §8: recommendation and the branch committee's resolution -------------------------------------

def determination_problems(facts: CaseFacts, today: date) -> list[Problem]:
    found: list[Problem] = []
    rule = "activist_determination"
    if not facts.recommendations:
        found.append(problem("no_recommendation", True, rule, today))
    resolution = facts.passed_resolution
    if resolution is None:
        found.append(problem("no_resolution", True, rule, today))
        return found
    on = resolution.meeting_date
    received = facts.received_date
    if received and on < received:
        found.append(problem("resolution_before_letter", True, rule, on))
    earliest = min((r.recommended_on for r in facts.recommendations), default=None)
    if earliest and on < earliest:
        found.append(problem("resolution_before_recommendation", False, rule, on))
    return found


def activist_filing_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """确定积极分子并备案: everything part 一 requires before the branch files."""
    found: list[Problem] = []
    if facts.case.stage != Stage.APPLICANT:
        found.append(problem("not_applicant", True))
    if facts.pending_activist_filing:
        found.append(problem("already_filed", True))
    return found + letter_problems(facts, today) + talk_problems(facts, today) + determination_problems(facts, today)
