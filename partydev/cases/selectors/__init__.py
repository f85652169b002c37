"""Reads: scope (what a user may see; outside it is 404), the facts the rules read, reminders.
The scope API is re-exported here because every interface starts with it."""

from ..models import StageChange
from .scope import (  # noqa: F401
    case_for,
    case_list,
    cases_visible_to,
    filing_for,
    filing_inbox,
    filings_visible_to,
    name_search,
)


def open_return(case):
    """The 退回重新备案 the person has not moved on from: the latest history entry, when it is a return
    (what the applicant's phone explains, with the reason). None otherwise."""
    latest = StageChange.objects.filter(case=case).order_by("-at", "-id").first()
    return latest if latest is not None and latest.action.startswith("returned_") else None
