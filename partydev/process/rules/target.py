"""§13: determining the development target — one year of cultivation on the 支委会 date, the
opinions it rests on, and (2026) the committee's agreement and 公示 of at least 5 working days."""

from datetime import date

from partydev.common.dates import add_years, calendar_is_known, working_days_between

from ..enums import HALF_YEARLY_OPINIONS, FilingKind, NoticeResult, OpinionKind, ResolutionPurpose, Stage
from ..facts import CaseFacts
from ..problems import Problem, problem, wrong_stage
from ..versions import V2026, version_on
from .cultivation import missing_half_years

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
    return found + half_year_problems(facts, on)


def half_year_problems(facts: CaseFacts, on: date) -> list[Problem]:
    """§11 (both versions): "党支部每半年对入党积极分子进行一次考察". Every half-year of cultivation
    completed by the 支委会 date `on` has its opinion of each HALF_YEARLY_OPINIONS kind.

    Severity: a WARNING (C9). The article states a periodic duty of the branch; it says neither 必须
    nor 不得, and §13 makes "一年以上培养教育和考察" the condition, not a count of records, so a missed
    half-yearly entry does not void the cultivation; the committee sees the gap when it decides. This
    is a design choice (uncertain in C9's terms): a province that treats the 登记表 entries as a hard
    condition would make it blocking. An opinion counts only for the half-year its date falls in."""
    found = []
    for kind in HALF_YEARLY_OPINIONS:
        for period in missing_half_years(facts, kind, on):
            found.append(problem(f"half_year_no_{kind.value}", False, "half_year_inspection", on,
                                 n=period.number, start=str(period.start), end=str(period.end)))
    return found


def notice_record_problems(start: date, end: date, mobile: bool, place: str, second_place: str,
                           calendar) -> list[Problem]:
    """What the 公示 record itself must satisfy: checked by its form as it is entered and by the gate
    before the target is listed (one computation for both)."""
    found = []
    days = working_days_between(start, end, calendar)
    if days < NOTICE_WORKING_DAYS:
        found.append(problem("notice_too_short", True, RULE, start, days=days, required=NOTICE_WORKING_DAYS))
    # 2026 §13: "拟列为发展对象的流动人员，应当在流出地和流入地同时公示". Blocking: the notice is a condition of
    # listing the target ("公示结果不影响发展入党的，可以列为发展对象"), and a notice at one place is not the
    # notice the article requires for a mobile person (design choice: 应当, but no deadline to miss).
    if mobile and not ((place or "").strip() and (second_place or "").strip()):
        found.append(problem("notice_one_place", True, RULE, start))
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
    found = notice_record_problems(notice.start_date, notice.end_date, getattr(notice, "mobile", False),
                                   notice.place, getattr(notice, "second_place", ""), facts.calendar)
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
    found = wrong_stage(facts, Stage.ACTIVIST)
    if facts.pending(FilingKind.TARGET):
        found.append(problem("pending_request", True))
    if facts.decided(FilingKind.TARGET):
        found.append(problem("already_decided", True))
    return found + basis_problems(facts, today)


def confirm_target_problems(facts: CaseFacts, today: date) -> list[Problem]:
    return wrong_stage(facts, Stage.ACTIVIST) + notice_problems(facts, today)


