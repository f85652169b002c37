"""Steps 9–18: introducers, political review and training before the pre-review (§14–18), the
branch general meeting within one month of the pre-review (2026 §19) and the committee's approval
within 3, at most 6, months (§25)."""

from datetime import date

from partydev.common.dates import add_months, is_strict_majority
from partydev.common.numbers import plain_number
from partydev.orgs.vocabulary import OrgKind

from ..deadlines import DueItem, due_item
from ..enums import FilingKind, ResolutionPurpose, ReviewConclusion, Stage, VotingMethod
from ..facts import CaseFacts
from ..problems import Problem, problem, wrong_stage
from ..versions import V2026, version_on
from .members import introducer_problems

TRAINING_DAYS, TRAINING_HOURS = 3, 24
LEAVING_WITHIN_MONTHS = 3
MEETING_WITHIN_MONTHS = 1  # 2026 §19
APPROVAL_WITHIN_MONTHS, APPROVAL_AT_MOST_MONTHS = 3, 6  # §25



# --- §16–18: before the pre-review ------------------------------------------------------------------

def training_problems(facts: CaseFacts, today: date) -> list[Problem]:
    training = facts.training
    if training is None:
        return [problem("no_training", True, "training", today)]
    if training.days < TRAINING_DAYS and training.hours < TRAINING_HOURS:
        return [problem("training_too_short", True, "training", training.end_date,
                        days=training.days, hours=plain_number(training.hours))]
    return []


def pre_review_problems(facts: CaseFacts, today: date) -> list[Problem]:
    """Before 预审 (§18): introducers, political review, training, the branch committee's examination."""
    found = wrong_stage(facts, Stage.TARGET)
    if facts.pending(FilingKind.PRE_REVIEW):
        found.append(problem("pending_request", True))
    if facts.decided(FilingKind.PRE_REVIEW):
        found.append(problem("already_decided", True))
    found += introducer_problems([i.member for i in facts.active_introducers], today)
    review = facts.review
    if review is None:
        found.append(problem("no_review", True, "political_review", today))
    elif review.conclusion != ReviewConclusion.QUALIFIED:
        found.append(problem("review_failed", True, "political_review", review.review_date))
    found += training_problems(facts, today)
    if facts.resolution(ResolutionPurpose.ADMISSION) is None:
        found.append(problem("no_admission_resolution", True, "pre_review", today))
    leaving = facts.case.leaving_on
    if leaving and leaving <= add_months(today, LEAVING_WITHIN_MONTHS):
        found.append(problem("leaving_soon", False, "pre_review", today, date=str(leaving)))
    return found


# --- 2026 §19: the branch general meeting within one month of the pre-review --------------------

def admission_meeting_due(facts: CaseFacts) -> date | None:
    """The limit exists only in the 2026 text; a meeting due after its start is judged by it."""
    pre = facts.decided(FilingKind.PRE_REVIEW)
    if pre is None:
        return None
    due = add_months(pre.effective_date, MEETING_WITHIN_MONTHS)
    return due if version_on(due) == V2026 else None


def meeting_is_late(pre_review_on: date | None, meeting_on: date) -> bool:
    return bool(pre_review_on) and version_on(meeting_on) == V2026 and \
        meeting_on > add_months(pre_review_on, MEETING_WITHIN_MONTHS)


def admission_meeting_reminders(facts: CaseFacts) -> list[DueItem]:
    due = admission_meeting_due(facts)
    if due is None or facts.admission_meeting:
        return []
    return [due_item("admission_meeting", due, due)]


def _meeting_timing(pre_review_on, meeting_on):
    if meeting_is_late(pre_review_on, meeting_on):
        return [problem("meeting_late", False, "admission_meeting", meeting_on)]
    return []


def admission_meeting_problems(facts: CaseFacts, meeting_on: date) -> list[Problem]:
    """Before recording the 支部大会 on `meeting_on`: the pre-review passed and the form filled in."""
    found = wrong_stage(facts, Stage.TARGET)
    pre = facts.decided(FilingKind.PRE_REVIEW)
    if pre is None:
        return found + [problem("no_pre_review", True, "pre_review", meeting_on)]
    form = facts.volunteer_form
    if form is None:
        found.append(problem("no_volunteer_form", True, "pre_review", meeting_on))
    if meeting_on < pre.effective_date or (form and meeting_on < form.filled_on):
        found.append(problem("meeting_before_pre_review", True, "admission_meeting", meeting_on))
    return found + _meeting_timing(pre.effective_date, meeting_on)


def voting_method_problems(meeting) -> list[Problem]:
    """§20 (2014 §21): "采取无记名投票方式进行表决". Blocking: the article prescribes the one method, and
    §24 has the committee approve only when "入党手续完备"; a vote by show of hands is not the vote the
    article describes, so the meeting must be held again (design choice, uncertain in C9's terms:
    the sentence has no 必须)."""
    if getattr(meeting, "voting_method", VotingMethod.SECRET_BALLOT) == VotingMethod.SHOW_OF_HANDS:
        return [problem("meeting_not_secret_ballot", True, "admission_vote", meeting.meeting_date)]
    return []


# --- §22–25: approval by the committee ------------------------------------------------------------

def approval_due(facts: CaseFacts) -> date | None:
    meeting = facts.admission_meeting
    if meeting is None or not meeting.passed:
        return None
    return add_months(meeting.meeting_date, APPROVAL_WITHIN_MONTHS)


def approval_time_problems(meeting_on: date, decided_on: date) -> list[Problem]:
    """§25: decide within 3 months of the branch meeting; 6 months at most (C8)."""
    if decided_on > add_months(meeting_on, APPROVAL_AT_MOST_MONTHS):
        return [problem("approval_too_late", True, "approval_time", meeting_on)]
    if decided_on > add_months(meeting_on, APPROVAL_WITHIN_MONTHS):
        return [problem("approval_late", False, "approval_time", meeting_on)]
    return []


def approval_limits(facts: CaseFacts) -> tuple[date, date] | None:
    """(normal limit, last possible day) of the approval, for the committee's page."""
    meeting = facts.admission_meeting
    if meeting is None:
        return None
    return (add_months(meeting.meeting_date, APPROVAL_WITHIN_MONTHS),
            add_months(meeting.meeting_date, APPROVAL_AT_MOST_MONTHS))


def approval_reminders(facts: CaseFacts) -> list[DueItem]:
    due = approval_due(facts)
    if due is None:
        return []
    return [due_item("approval", due, facts.admission_meeting.meeting_date)]


def approver_problems(approver_kind: str, on: date) -> list[Problem]:
    """§22: only a Party committee (党委) approves an admission — never a 党总支 or a branch."""
    if approver_kind == OrgKind.COMMITTEE:
        return []
    return [problem("approver_not_committee", True, "approval", on)]


def committee_vote_problems(*, meeting_on: date | None, votes: dict | None, sent_on: date,
                            decided_on: date) -> list[Problem]:
    """§24 (2014 §25): "党委审批预备党员，必须集体讨论和表决" — blocking. The 党委会 is held between the day
    the branch sent the request and the decision, and its vote passes (more for than against and
    abstaining together: more than half of the votes cast; the 细则 leaves the committee's majority
    to its rules of procedure, so this is the minimum)."""
    if meeting_on is None or votes is None:
        return [problem("no_committee_vote", True, "committee_vote", decided_on)]
    found = []
    if meeting_on > decided_on:
        found.append(problem("committee_meeting_after_decision", True, "committee_vote", decided_on,
                             date=str(meeting_on)))
    if meeting_on < sent_on:
        found.append(problem("committee_meeting_before_request", True, "committee_vote", decided_on,
                             date=str(meeting_on), sent=str(sent_on)))
    cast = votes["votes_for"] + votes["votes_against"] + votes["votes_abstain"]
    if not is_strict_majority(votes["votes_for"], cast):
        found.append(problem("committee_vote_failed", True, "committee_vote", decided_on,
                             **{"for": votes["votes_for"], "against": votes["votes_against"],
                                "abstain": votes["votes_abstain"]}))
    return found


def approval_problems(facts: CaseFacts, day: date, *, sending: bool) -> list[Problem]:
    """Before the branch sends the admission up (`sending`) and when the committee decides on `day`."""
    found = wrong_stage(facts, Stage.TARGET)
    pre = facts.decided(FilingKind.PRE_REVIEW)
    if pre is None:
        return found + [problem("no_pre_review", True, "pre_review", day)]
    if facts.volunteer_form is None:
        found.append(problem("no_volunteer_form", True, "pre_review", day))
    meeting = facts.admission_meeting
    if meeting is None:
        return found + [problem("no_admission_meeting", True, "admission_meeting", day)]
    found += _meeting_timing(pre.effective_date, meeting.meeting_date)
    if not meeting.passed:
        # The majority that makes the decision is §20 (2014 §21); §19 (2014 §20) is the quorum.
        found.append(problem("meeting_failed", True, "admission_vote", meeting.meeting_date))
    found += voting_method_problems(meeting)
    if facts.committee_talk is None:
        found.append(problem("no_committee_talk", True, "committee_talk", day))
    if sending and facts.pending(FilingKind.APPROVAL):
        found.append(problem("pending_request", True))
    return found + approval_time_problems(meeting.meeting_date, day)
