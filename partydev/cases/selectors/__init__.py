"""Reads: scope (what a user may see; outside it is 404), the facts the rules read, reminders.
The scope API is re-exported here because every interface starts with it."""

from .scope import (  # noqa: F401
    case_for,
    case_list,
    cases_visible_to,
    filing_for,
    filing_inbox,
    filings_visible_to,
    name_search,
)
