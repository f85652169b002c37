"""§13: determining the development target — one year of cultivation on the 支委会 date, the
opinions it rests on, and (2026) the committee's agreement and 公示 of at least 5 working days."""

from datetime import date

from partydev.common.dates import add_years, calendar_is_known, working_days_between

from ..enums import FilingKind, NoticeResult, OpinionKind, ResolutionPurpose, Stage
from ..facts import CaseFacts
from ..problems import Problem, problem
from ..versions import V2026, version_on

RULE = "target_determination"
NOTICE_WORKING_DAYS = 5

# Opinions that must exist when the branch proposes the target.
REQUIRED_OPINIONS = (
    (OpinionKind.PARTY_GROUP, "no_group_opinion"),
    (OpinionKind.CONTACT_CONFIRMATION, "no_contact_opinion"),
    (OpinionKind.MEMBERS_MASSES, "no_masses_opinion"),
)


def target_needs_notice(facts: CaseFacts, today: date) -> bool:
    """2026: the committee agrees, then 公示, then the branch lists the target. 2014: filing only.
    Step 8 is judged by its own date (C7): the committee's decision, or today while it is pending."""
    decided = facts.decided(FilingKind.TARGET)
    return version_on(decided.effective_date if decided else today) == V2026


def basis_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """What the branch committee's proposal rests on (checked when the branch sends it up)."""
    resolution = facts.resolution(ResolutionPurpose.TARGET)
    on = resolution.meeting_date if resolution else today
    if resolution is None:
        return [problem("no_target_resolution", True, RULE, on)]
    found = []
    since = facts.case.activist_since
    # C8: the one-year rule is checked on the date of the 支委会 meeting that proposes the target.
    if since is None or on < add_years(since, 1):
        found.append(problem("cultivation_under_year", True, RULE, on, since=str(since)))
    for kind, code in REQUIRED_OPINIONS:
        if not facts.opinions_of(kind):
            found.append(problem(code, True, RULE, on))
    return found


def notice_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """2026: after the committee agreed, a 公示 of at least 5 working days without blocking objections."""
    agreement = facts.decided(FilingKind.TARGET)
    if agreement is None:
        return [problem("no_agreement", True, RULE, today)]
    notice = facts.notice
    if notice is None:
        return [problem("no_notice", True, RULE, today)]
    on = notice.start_date
    found = []
    days = working_days_between(notice.start_date, notice.end_date, facts.calendar)
    if days < NOTICE_WORKING_DAYS:
        found.append(problem("notice_too_short", True, RULE, on, days=days, required=NOTICE_WORKING_DAYS))
    if notice.end_date >= today:
        found.append(problem("notice_not_over", True, RULE, on))
    if notice.result == NoticeResult.OBJECTION:
        found.append(problem("notice_objection", True, RULE, on))
    if agreement.effective_date and notice.start_date < agreement.effective_date:
        found.append(problem("notice_before_agreement", True, RULE, on))
    if not calendar_is_known(notice.start_date, notice.end_date, facts.calendar):
        found.append(problem("notice_calendar_unknown", False, RULE, on))
    return found


def file_target_problems(facts: CaseFacts, today: date) -> list[Problem]:
    found = _stage(facts, Stage.ACTIVIST)
    if facts.pending(FilingKind.TARGET):
        found.append(problem("pending_request", True))
    if facts.decided(FilingKind.TARGET):
        found.append(problem("already_decided", True))
    return found + basis_problems(facts, today)


def confirm_target_problems(facts: CaseFacts, today: date) -> list[Problem]:
    return _stage(facts, Stage.ACTIVIST) + notice_problems(facts, today)


def _stage(facts, stage):
    return [] if facts.case.stage == stage else [problem("wrong_stage", True)]
