"""Every write goes through a function here: keyword-only, typed data in, one transaction, its own
preconditions checked (stage, kind, the actor's permission, the rule gate, date order), an audit
event and a refresh of the case's deadlines. Any interface — web, API, import, generator — calls these.

Modules by subdomain: registration, letters, records, requests (to the committee), transitions (the
one stage-changing service), returns, cultivation (contacts, reports, transfer), admission
(introducers, meetings); errors and guards are shared.
"""

from .admission import meeting_record
from .appointments import contacts_set, introducers_set
from .cultivation import case_transfer, conversion_postpone, report_mark_read, report_submit
from .derived import counters_tree_changed, deadlines_deferred, deadlines_refresh
from .erasure import case_erase
from .errors import BlockedByProblems, Refused, StaleState
from .letters import letter_approve, letter_return, letter_submit
from .records import kind_of, record_delete, record_save, record_version
from .registration import CONSENT_VERSION, case_create_paper, case_register
from .requests import (
    filing_accept,
    filing_return,
    filing_submit,
    request_reject,
    request_send,
    target_confirm,
)
from .returns import case_return
from .transitions import case_transition

__all__ = [
    "BlockedByProblems", "CONSENT_VERSION", "Refused", "StaleState", "case_create_paper", "case_erase", "case_register",
    "case_return", "case_transfer", "case_transition", "contacts_set", "conversion_postpone", "counters_tree_changed", "deadlines_deferred", "deadlines_refresh", "filing_accept",
    "filing_return", "filing_submit", "introducers_set", "kind_of", "letter_approve", "letter_return", "letter_submit",
    "meeting_record", "record_delete", "record_save", "record_version", "report_mark_read", "report_submit", "request_reject",
    "request_send", "target_confirm",
]
