"""Checks for steps 7–25, registered into checks.problems(). Each step is judged by the rule
version in force on the date of that step (C7); severities follow C9."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from partydev.common.calendar import configured_calendar
from partydev.common.dates import add_months, add_years, calendar_is_known, working_days_between

from .checks import MESSAGES, Problem, _problem
from .enums import (
    ConversionOutcome,
    Discipline,
    FilingKind,
    NoticeResult,
    OpinionKind,
    ResolutionPurpose,
    ReviewConclusion,
    Stage,
)
from .facts import CaseFacts
from .versions import V2026, version_on

FILE_TARGET = "file_target"
CONFIRM_TARGET = "confirm_target"
FILE_PRE_REVIEW = "file_pre_review"
ADMISSION_MEETING = "admission_meeting"
FILE_APPROVAL = "file_approval"
APPROVE = "approve"
FILE_CONVERSION = "file_conversion"
APPROVE_CONVERSION = "approve_conversion"

NOTICE_WORKING_DAYS = 5
TRAINING_DAYS, TRAINING_HOURS = 3, 24

MESSAGES.update({
    "wrong_stage": _("This step is not open at the person's current stage."),
    "pending_request": _("A request is already waiting for the Party committee."),
    "already_decided": _("The Party committee has already decided this request."),
    "no_target_resolution": _("No branch committee resolution proposing the development target has passed."),
    "cultivation_under_year": _("Less than one year of cultivation on the date of the branch committee meeting "
                                "(activist since %(since)s)."),
    "no_group_opinion": _("The Party group's opinion has not been recorded."),
    "no_contact_opinion": _("The cultivation contacts' opinion has not been recorded."),
    "no_masses_opinion": _("The opinion of party members and the masses has not been recorded."),
    "no_agreement": _("The higher Party committee has not agreed to the development target yet."),
    "no_notice": _("The public notice has not been recorded."),
    "notice_too_short": _("The public notice lasted %(days)s working days; at least 5 are required."),
    "notice_not_over": _("The public notice has not ended yet."),
    "notice_objection": _("The public notice raised objections that block it."),
    "notice_before_agreement": _("The public notice started before the Party committee agreed."),
    "notice_calendar_unknown": _("The holiday calendar of that year is not published: working days are counted "
                                 "Monday to Friday, check them by hand."),
    "introducer_count": _("Two introducers are required; %(n)s determined."),
    "introducer_not_full": _("Introducer %(name)s is not a full member."),
    "introducer_barred": _("Introducer %(name)s is on probation within the Party and may not be an introducer."),
    "introducer_disciplined": _("Introducer %(name)s is within the effect period of a Party discipline and should "
                                "not serve as introducer."),
    "no_review": _("The political review has no conclusion."),
    "review_failed": _("The political review concluded that the person is not qualified."),
    "no_training": _("The centralised training has not been recorded."),
    "training_too_short": _("The training lasted %(days)s days and %(hours)s class hours; at least 3 days or 24 "
                            "class hours are required."),
    "no_admission_resolution": _("The branch committee has not examined the development target (no passed "
                                 "resolution)."),
    "leaving_soon": _("The development target is expected to leave the unit within 3 months (on %(date)s)."),
    "no_pre_review": _("The pre-review by the Party committee has not passed."),
    "no_volunteer_form": _("The application form for membership has not been filled in."),
    "meeting_late": _("The branch general meeting should be held within one month after the pre-review."),
    "no_admission_meeting": _("No branch general meeting has admitted the development target."),
    "meeting_failed": _("The branch general meeting did not pass the admission."),
    "no_committee_talk": _("The Party committee's talk with the development target has not been recorded."),
    "approval_late": _("More than 3 months since the branch general meeting: approval is allowed only in special "
                       "cases, within 6 months."),
    "approval_too_late": _("More than 6 months since the branch general meeting: the Party committee can no longer "
                           "approve; the admission must be redone."),
    "approver_not_committee": _("Only a Party committee may approve the admission of members."),
    "no_conversion_application": _("The application for full membership has not been submitted."),
    "no_conversion_meeting": _("No branch general meeting has discussed the conversion."),
    "conversion_meeting_failed": _("The branch general meeting on conversion was not valid or did not pass."),
    "meeting_before_probation_end": _("The conversion meeting is held before the probation ends (%(date)s)."),
    "extension_twice": _("The probation can be extended only once."),
    "extension_length": _("An extension lasts at least 6 months and at most one year."),
    "meeting_before_pre_review": _("The branch general meeting cannot be held before the pre-review passed and the "
                                   "application form was filled in."),
    "date_conflict": _("Step %(later)s is dated %(later_date)s, before step %(earlier)s (%(earlier_date)s) "
                       "it depends on."),
    "conversion_approval_late": _("The Party committee should decide on the conversion within 3 months of the "
                                  "branch general meeting."),
})


def target_problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    """确定发展对象 (§13): FILE_TARGET before the branch sends it up; CONFIRM_TARGET (2026) after 公示."""
    found = _stage(facts, Stage.ACTIVIST)
    resolution = facts.resolution(ResolutionPurpose.TARGET)
    on = resolution.meeting_date if resolution else today
    if action == FILE_TARGET:
        if facts.pending(FilingKind.TARGET):
            found.append(_problem("pending_request", True))
        if facts.decided(FilingKind.TARGET):
            found.append(_problem("already_decided", True))
        found += _target_basis(facts, resolution, on)
    else:
        found += _notice_problems(facts, today)
    return found


def _target_basis(facts, resolution, on):
    rule = "target_determination"
    if resolution is None:
        return [_problem("no_target_resolution", True, rule, on)]
    found = []
    since = facts.case.activist_since
    # C8: the one-year rule is checked on the date of the 支委会 meeting that proposes the target.
    if since is None or on < add_years(since, 1):
        found.append(_problem("cultivation_under_year", True, rule, on, since=str(since)))
    for kind, code in ((OpinionKind.PARTY_GROUP, "no_group_opinion"),
                       (OpinionKind.CONTACT_CONFIRMATION, "no_contact_opinion"),
                       (OpinionKind.MEMBERS_MASSES, "no_masses_opinion")):
        if not facts.opinions_of(kind):
            found.append(_problem(code, True, rule, on))
    return found


def target_needs_notice(facts: CaseFacts, today: date) -> bool:
    """2026: the committee agrees, then 公示, then the branch lists the target. 2014: filing only.
    Step 8 is judged by its own date (C7): the committee's decision, or today while it is pending."""
    decided = facts.decided(FilingKind.TARGET)
    return version_on(decided.effective_date if decided else today) == V2026


def _notice_problems(facts, today):
    rule = "target_determination"
    agreement = facts.decided(FilingKind.TARGET)
    if agreement is None:
        return [_problem("no_agreement", True, rule, today)]
    notice = facts.notice
    if notice is None:
        return [_problem("no_notice", True, rule, today)]
    on = notice.start_date
    found = []
    calendar = configured_calendar()
    days = working_days_between(notice.start_date, notice.end_date, calendar)
    if days < NOTICE_WORKING_DAYS:
        found.append(_problem("notice_too_short", True, rule, on, days=days))
    if notice.end_date >= today:
        found.append(_problem("notice_not_over", True, rule, on))
    if notice.result == NoticeResult.OBJECTION:
        found.append(_problem("notice_objection", True, rule, on))
    if agreement.effective_date and notice.start_date < agreement.effective_date:
        found.append(_problem("notice_before_agreement", True, rule, on))
    if not calendar_is_known(notice.start_date, notice.end_date, calendar):
        found.append(_problem("notice_calendar_unknown", False, rule, on))
    return found


def introducer_problems(members, on: date) -> list[Problem]:
    """Two full members; 留党察看 bars; (2026) other disciplines in effect warn (不宜)."""
    version = version_on(on)
    found = []
    if len(members) != 2:
        found.append(_problem("introducer_count", True, "introducers", on, n=len(members)))
    for m in members:
        if m.member_type != "full":
            found.append(_problem("introducer_not_full", True, "introducers", on, name=m.name))
        in_effect = m.discipline and (m.discipline_until is None or m.discipline_until >= on)
        if in_effect and m.discipline == Discipline.PROBATION:
            found.append(_problem("introducer_barred", True, "introducers", on, name=m.name))
        elif in_effect and version == V2026:
            found.append(_problem("introducer_disciplined", False, "introducers", on, name=m.name))
    return found


def pre_review_problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    """Before 预审 (§18): introducers, political review, training, the branch committee's examination."""
    found = _stage(facts, Stage.TARGET)
    if facts.pending(FilingKind.PRE_REVIEW):
        found.append(_problem("pending_request", True))
    if facts.decided(FilingKind.PRE_REVIEW):
        found.append(_problem("already_decided", True))
    found += introducer_problems([i.member for i in facts.active_introducers], today)
    review = facts.review
    if review is None:
        found.append(_problem("no_review", True, "political_review", today))
    elif review.conclusion != ReviewConclusion.QUALIFIED:
        found.append(_problem("review_failed", True, "political_review", review.review_date))
    found += _training_problems(facts, today)
    if facts.resolution(ResolutionPurpose.ADMISSION) is None:
        found.append(_problem("no_admission_resolution", True, "pre_review", today))
    leaving = facts.case.leaving_on
    if leaving and leaving <= add_months(today, 3):
        found.append(_problem("leaving_soon", False, "pre_review", today, date=str(leaving)))
    return found


def _training_problems(facts, today):
    training = facts.training
    if training is None:
        return [_problem("no_training", True, "training", today)]
    if training.days < TRAINING_DAYS and training.hours < TRAINING_HOURS:
        return [_problem("training_too_short", True, "training", training.end_date,
                         days=training.days, hours=str(training.hours))]
    return []


def admission_problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    """ADMISSION_MEETING: before recording the 支部大会; FILE_APPROVAL: before sending it up;
    APPROVE: the committee's own checks on its decision date."""
    found = _stage(facts, Stage.TARGET)
    pre = facts.decided(FilingKind.PRE_REVIEW)
    if pre is None:
        return found + [_problem("no_pre_review", True, "pre_review", today)]
    if facts.volunteer_form is None:
        found.append(_problem("no_volunteer_form", True, "pre_review", today))
    if action == ADMISSION_MEETING:
        # `today` is the meeting date here: it cannot precede the pre-review or the form.
        if today < pre.effective_date or (facts.volunteer_form and today < facts.volunteer_form.filled_on):
            found.append(_problem("meeting_before_pre_review", True, "admission_meeting", today))
        return found + _meeting_timing(pre.effective_date, today)
    meeting = facts.admission_meeting
    if meeting is None:
        return found + [_problem("no_admission_meeting", True, "admission_meeting", today)]
    found += _meeting_timing(pre.effective_date, meeting.meeting_date)
    if not meeting.passed:
        found.append(_problem("meeting_failed", True, "admission_meeting", meeting.meeting_date))
    if facts.committee_talk is None:
        found.append(_problem("no_committee_talk", True, "committee_talk", today))
    if action == FILE_APPROVAL and facts.pending(FilingKind.APPROVAL):
        found.append(_problem("pending_request", True))
    found += approval_time_problems(meeting.meeting_date, today)
    return found


def _meeting_timing(pre_review_on, meeting_on):
    # 2026 §19: within one month after the pre-review (no limit in 2014).
    if pre_review_on and version_on(meeting_on) == V2026 and meeting_on > add_months(pre_review_on, 1):
        return [_problem("meeting_late", False, "admission_meeting", meeting_on)]
    return []


def approval_time_problems(meeting_on: date, decided_on: date) -> list[Problem]:
    """§25: decide within 3 months of the branch meeting; 6 months at most (C8)."""
    if decided_on > add_months(meeting_on, 6):
        return [_problem("approval_too_late", True, "approval_time", meeting_on)]
    if decided_on > add_months(meeting_on, 3):
        return [_problem("approval_late", False, "approval_time", meeting_on)]
    return []


def conversion_problems(facts: CaseFacts, action: str, today: date) -> list[Problem]:
    """Before sending the conversion up (§31–33) and when the committee decides."""
    found = _stage(facts, Stage.PROBATIONARY)
    if facts.conversion_application is None:
        found.append(_problem("no_conversion_application", True, "conversion", today))
    meeting = facts.conversion_meeting
    if meeting is None:
        return found + [_problem("no_conversion_meeting", True, "conversion", today)]
    on = meeting.meeting_date
    if not meeting.passed:
        found.append(_problem("conversion_meeting_failed", True, "conversion", on))
    end = facts.case.probation_end
    if end and on < end:
        found.append(_problem("meeting_before_probation_end", False, "conversion", on, date=str(end)))
    found += extension_problems(facts.case, meeting.outcome, meeting.extension_months, on)
    if action == FILE_CONVERSION and facts.pending(FilingKind.CONVERSION):
        found.append(_problem("pending_request", True))
    decided = facts.decided(FilingKind.CONVERSION)
    if action == FILE_CONVERSION and decided and decided.effective_date >= on:
        # That meeting's outcome was already approved (an extension): a new meeting comes first.
        found.append(_problem("already_decided", True))
    if action == APPROVE_CONVERSION and today > add_months(on, 3):
        found.append(_problem("conversion_approval_late", False, "conversion_approval", on))
    return found


def extension_problems(case, outcome, months, on) -> list[Problem]:
    if outcome != ConversionOutcome.EXTEND:
        return []
    found = []
    if case.probation_extended:
        found.append(_problem("extension_twice", True, "extension", on))
    if months is None or not 6 <= months <= 12:
        found.append(_problem("extension_length", True, "extension", on))
    return found


def date_logic_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """The whole record's dates in order (时间先后符合逻辑), as warnings before every step from 7 on.
    (Part 一 has its own, more specific date checks.)"""
    from .datelogic import date_conflicts
    from .steps import STEP_BY_CODE
    from .timeline import build_timeline

    return [_problem("date_conflict", False, later=STEP_BY_CODE[c.step].number, later_date=str(c.step_date),
                     earlier=STEP_BY_CODE[c.before].number, earlier_date=str(c.before_date))
            for c in date_conflicts(build_timeline(facts, today))]


def _stage(facts, stage):
    return [] if facts.case.stage == stage else [_problem("wrong_stage", True)]


ACTIONS = {
    FILE_TARGET: target_problems,
    CONFIRM_TARGET: target_problems,
    FILE_PRE_REVIEW: pre_review_problems,
    ADMISSION_MEETING: admission_problems,
    FILE_APPROVAL: admission_problems,
    APPROVE: admission_problems,
    FILE_CONVERSION: conversion_problems,
    APPROVE_CONVERSION: conversion_problems,
}
