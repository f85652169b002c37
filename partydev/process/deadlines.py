"""What is due next for a case, computed from its facts. The cases service stores the result in the
Deadline table on every write, so reminders across a committee are one indexed query."""

from dataclasses import dataclass
from datetime import date

from partydev.common.dates import add_months

from .enums import Stage
from .facts import CaseFacts
from .versions import article_ref, version_on

TALK = "talk"


@dataclass(frozen=True)
class DueItem:
    kind: str
    due_date: date
    rule: str
    rule_version: str

    @property
    def article(self) -> str:
        from .versions import V2014, V2026

        version = V2026 if self.rule_version == V2026.code else V2014
        return article_ref(self.rule, version)


def due_items(facts: CaseFacts) -> list[DueItem]:
    items: list[DueItem] = []
    if facts.case.stage == Stage.APPLICANT:
        items += _talk_due(facts)
    return items


def _talk_due(facts: CaseFacts) -> list[DueItem]:
    received = facts.received_date
    if received is None or facts.talks:
        return []
    # The talk step is judged by the version in force when the application was received.
    return [DueItem(TALK, add_months(received, 1), "talk_within_month", version_on(received).code)]
