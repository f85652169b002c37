"""Checks before a transition: problems(facts, action, today) -> list[Problem].

A blocking problem stops the transition; a warning is shown and kept with the filing. Severity
follows counting rule C9: 必须/不能/fixed counts block; a missed "应当…内" deadline warns.

A Problem holds only codes (the problem, the rule and its version, parameters); its message and
article are rendered when shown, in the reader's language, so a stored copy (a filing's warnings)
reads right to whoever opens it.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from partydev.common.dates import add_months, age_on

from .enums import Stage
from .facts import CaseFacts
from .versions import article_ref, version_by_code, version_on

FILE_ACTIVIST = "file_activist"

MESSAGES = {
    "not_applicant": _("Only an applicant can be filed as an activist."),
    "already_filed": _("A filing is already waiting for the Party committee."),
    "letter_not_approved": _("The application letter has not been approved."),
    "under_18": _("The applicant was under 18 when the application was received."),
    "no_talk": _("No talk with the applicant has been recorded."),
    "talk_before_letter": _("The talk is dated before the application letter was received."),
    "late_talk": _("The talk should be held within one month of receiving the application."),
    "no_recommendation": _("No recommendation by party members or a mass organisation is recorded."),
    "no_resolution": _("No branch committee resolution making the applicant an activist has passed."),
    "resolution_before_letter": _("The branch committee resolution is dated before the application was received."),
    "resolution_before_recommendation": _("The branch committee resolution is dated before the recommendation."),
    "contact_count": _("Choose one or two cultivation contacts."),
    "contact_not_full": _("%(name)s is a probationary member; cultivation contacts must be full members."),
    "contact_inactive": _("%(name)s is no longer on the roster."),
    "contact_outside": _("%(name)s belongs to another Party committee; choose a member of this branch or of "
                         "another branch under the same committee."),
}


@dataclass(frozen=True)
class Problem:
    code: str
    blocking: bool
    rule: str = ""
    version: str = ""
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        text = str(MESSAGES.get(self.code, self.code))  # a code from an older release shows as itself
        return text % self.params if self.params else text

    @property
    def article(self) -> str:
        return article_ref(self.rule, version_by_code(self.version)) if self.rule else ""

    def as_json(self) -> dict:
        return {"code": self.code, "blocking": self.blocking, "rule": self.rule, "version": self.version,
                "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> "Problem":
        return cls(data["code"], data.get("blocking", False), data.get("rule", ""), data.get("version", ""),
                   data.get("params", {}))


def _problem(code: str, blocking: bool, rule: str = "", on: date | None = None, **params) -> Problem:
    return Problem(code, blocking, rule, version_on(on).code if rule and on else "", params)


def problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    if action == FILE_ACTIVIST:
        return _activist_filing_problems(facts, today)
    from .membership_checks import ACTIONS, date_logic_problems

    if action in ACTIONS:
        return ACTIONS[action](facts, action, today) + date_logic_problems(facts, today)
    raise ValueError(f"No checks declared for action {action!r}")


def _activist_filing_problems(facts: CaseFacts, today: date) -> list[Problem]:
    found: list[Problem] = []
    if facts.case.stage != Stage.APPLICANT:
        found.append(_problem("not_applicant", True))
    if facts.pending_activist_filing:
        found.append(_problem("already_filed", True))
    found += _letter_problems(facts, today)
    found += _talk_problems(facts, today)
    found += _determination_problems(facts, today)
    return found


def _letter_problems(facts: CaseFacts, today: date) -> list[Problem]:
    letter = facts.approved_letter
    if letter is None:
        return [_problem("letter_not_approved", True, "where_to_apply", facts.received_date or today)]
    if age_on(facts.case.birth_date, letter.received_date) < 18:
        return [_problem("under_18", True, "age", letter.received_date)]
    return []


def _talk_problems(facts: CaseFacts, today: date) -> list[Problem]:
    received = facts.received_date
    talk = facts.first_talk
    if talk is None:
        return [_problem("no_talk", True, "talk_within_month", received or today)]
    if received is None:
        return []
    if talk.talk_date < received:
        return [_problem("talk_before_letter", False, "talk_within_month", talk.talk_date)]
    if talk.talk_date > add_months(received, 1):
        return [_problem("late_talk", False, "talk_within_month", talk.talk_date)]
    return []


def _determination_problems(facts: CaseFacts, today: date) -> list[Problem]:
    found: list[Problem] = []
    rule = "activist_determination"
    if not facts.recommendations:
        found.append(_problem("no_recommendation", True, rule, today))
    resolution = facts.passed_resolution
    if resolution is None:
        found.append(_problem("no_resolution", True, rule, today))
        return found
    on = resolution.meeting_date
    received = facts.received_date
    if received and on < received:
        found.append(_problem("resolution_before_letter", True, rule, on))
    earliest = min((r.recommended_on for r in facts.recommendations), default=None)
    if earliest and on < earliest:
        found.append(_problem("resolution_before_recommendation", False, rule, on))
    return found


def blocking(found: list[Problem]) -> list[Problem]:
    return [p for p in found if p.blocking]


# --- 培养联系人 (§9): one or two full members of the same Party committee --------------------------

MAX_CONTACTS = 2


def contact_problems(*, branch, members, on: date) -> list[Problem]:
    """Why these roster members cannot be the cultivation contacts of an activist of `branch`."""
    found = []
    if not 1 <= len(members) <= MAX_CONTACTS:
        found.append(_problem("contact_count", True, "contacts", on))
    committee = branch.owning_committee()
    for member in members:
        if member.member_type != "full":
            found.append(_problem("contact_not_full", True, "contacts", on, name=member.name))
        if not member.active:
            found.append(_problem("contact_inactive", True, "contacts", on, name=member.name))
        if committee is None or not member.branch.path.startswith(committee.path):
            found.append(_problem("contact_outside", True, "contacts", on, name=member.name))
    return found
