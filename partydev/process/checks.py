"""Checks before a transition: problems(facts, action, today) -> list[Problem].

A blocking problem stops the transition; a warning is shown and kept with the filing. Severity
follows counting rule C9: 必须/不能/fixed counts block; a missed "应当…内" deadline warns.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from partydev.common.dates import add_months, age_on

from .enums import Stage
from .facts import CaseFacts
from .versions import article_ref, version_on

FILE_ACTIVIST = "file_activist"


@dataclass(frozen=True)
class Problem:
    code: str
    blocking: bool
    message: str
    article: str = ""


def problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    if action == FILE_ACTIVIST:
        return _activist_filing_problems(facts, today)
    raise ValueError(f"No checks declared for action {action!r}")


def _activist_filing_problems(facts: CaseFacts, today: date) -> list[Problem]:
    found: list[Problem] = []
    version = version_on(today)
    if facts.case.stage != Stage.APPLICANT:
        found.append(Problem("not_applicant", True, _("Only an applicant can be filed as an activist.")))
    if facts.pending_activist_filing:
        found.append(Problem("already_filed", True,
                             _("A filing is already waiting for the Party committee.")))
    found += _letter_problems(facts)
    found += _talk_problems(facts)
    found += _determination_problems(facts, version)
    return found


def _letter_problems(facts: CaseFacts) -> list[Problem]:
    letter = facts.approved_letter
    if letter is None:
        version = version_on(facts.received_date or date.today())
        return [Problem("letter_not_approved", True,
                        _("The application letter has not been approved."),
                        article_ref("where_to_apply", version))]
    version = version_on(letter.received_date)
    if age_on(facts.case.birth_date, letter.received_date) < 18:
        return [Problem("under_18", True,
                        _("The applicant was under 18 when the application was received."),
                        article_ref("age", version))]
    return []


def _talk_problems(facts: CaseFacts) -> list[Problem]:
    received = facts.received_date
    talk = facts.first_talk
    if talk is None:
        version = version_on(received or date.today())
        return [Problem("no_talk", True, _("No talk with the applicant has been recorded."),
                        article_ref("talk_within_month", version))]
    version = version_on(talk.talk_date)
    if received is None:
        return []
    if talk.talk_date < received:
        return [Problem("talk_before_letter", False,
                        _("The talk is dated before the application letter was received."),
                        article_ref("talk_within_month", version))]
    if talk.talk_date > add_months(received, 1):
        return [Problem("late_talk", False,
                        _("The talk should be held within one month of receiving the application."),
                        article_ref("talk_within_month", version))]
    return []


def _determination_problems(facts: CaseFacts, version) -> list[Problem]:
    found: list[Problem] = []
    article = article_ref("activist_determination", version)
    if not facts.recommendations:
        found.append(Problem("no_recommendation", True,
                             _("No recommendation by party members or a mass organisation is recorded."),
                             article))
    resolution = facts.passed_resolution
    if resolution is None:
        found.append(Problem("no_resolution", True,
                             _("No branch committee resolution making the applicant an activist has passed."),
                             article))
        return found
    received = facts.received_date
    if received and resolution.meeting_date < received:
        found.append(Problem("resolution_before_letter", True,
                             _("The branch committee resolution is dated before the application was received."),
                             article))
    earliest = min((r.recommended_on for r in facts.recommendations), default=None)
    if earliest and resolution.meeting_date < earliest:
        found.append(Problem("resolution_before_recommendation", False,
                             _("The branch committee resolution is dated before the recommendation."),
                             article))
    return found


def blocking(found: list[Problem]) -> list[Problem]:
    return [p for p in found if p.blocking]


# --- 培养联系人 (§9): one or two full members of the same Party committee --------------------------

MAX_CONTACTS = 2


def contact_problems(*, branch, members, on: date) -> list[Problem]:
    """Why these roster members cannot be the cultivation contacts of an activist of `branch`."""
    version = version_on(on)
    article = article_ref("contacts", version)
    found = []
    if not 1 <= len(members) <= MAX_CONTACTS:
        found.append(Problem("contact_count", True, _("Choose one or two cultivation contacts."), article))
    committee = branch.owning_committee()
    for member in members:
        if member.member_type != "full":
            found.append(Problem("contact_not_full", True, _(
                "%(name)s is a probationary member; cultivation contacts must be full members.")
                % {"name": member.name}, article))
        if not member.active:
            found.append(Problem("contact_inactive", True, _("%(name)s is no longer on the roster.")
                                 % {"name": member.name}, article))
        if committee is None or not member.branch.path.startswith(committee.path):
            found.append(Problem("contact_outside", True, _(
                "%(name)s belongs to another Party committee; choose a member of this branch or of "
                "another branch under the same committee.") % {"name": member.name}, article))
    return found
