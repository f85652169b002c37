"""What is due next for one case: the reminders of the rules that apply at its stage."""

from datetime import date

from django.conf import settings

from .deadlines import DueItem, due_item
from .enums import FilingStatus, Stage
from .facts import CaseFacts
from .rules import admission, application, cultivation, probation


def due_items(facts: CaseFacts, report_interval_months: int | None = None) -> list[DueItem]:
    interval = report_interval_months or settings.THOUGHT_REPORT_INTERVAL_MONTHS
    case = facts.case
    stage = case.stage
    if stage == Stage.APPLICANT:
        return application.talk_reminders(facts) + _waiting(facts, "filing_review")
    if stage == Stage.ACTIVIST and case.activist_since:
        return (cultivation.contacts_reminders(facts) + cultivation.replace_contact_reminders(facts)
                + cultivation.report_reminders(facts, case.activist_since, interval)
                + cultivation.cultivation_year_reminders(facts)
                + cultivation.opinion_reminders(facts)
                + _waiting(facts, "request_review"))
    if stage == Stage.TARGET:
        return (_waiting(facts, "request_review") + admission.admission_meeting_reminders(facts)
                + admission.approval_reminders(facts))
    if stage == Stage.PROBATIONARY and case.probation_start:
        return (_waiting(facts, "request_review") + probation.oath_reminders(facts)
                + cultivation.report_reminders(facts, case.probation_start, interval)
                + cultivation.probation_inspection_reminders(facts) + probation.conversion_reminders(facts))
    return []


def _waiting(facts: CaseFacts, code: str) -> list[DueItem]:
    """A request waiting for the committee is due from the day it was sent."""
    waiting = [f for f in facts.filings if f.status == FilingStatus.PENDING]
    if not waiting:
        return []
    sent_on = request_sent_on(waiting[0])
    return [due_item(code, sent_on, sent_on)]


def request_sent_on(filing) -> date:
    """The date the branch sent a request: its recorded effective date of sending."""
    return filing.sent_on
