"""C7: each step is judged by the text in force on its date; the 2026 text applies from 2026-05-11.

The same person meets the 2014 rules for a step dated 2026-05-10 and the 2026 rules for one dated
2026-05-11: the development-target path, the introducer bar and the articles cited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partydev.cases.models import (
    BranchMeeting,
    Case,
    CommitteeTalk,
    ConversionApplication,
    Filing,
    Introducer,
    VolunteerForm,
)
from partydev.cases.services import BlockedByProblems, filing_accept, introducers_set, target_confirm
from partydev.orgs.models import Member
from partydev.process.enums import NoticeResult, Stage
from partydev.process.facts import CaseFacts
from partydev.process.gates import APPROVE_CONVERSION, FILE_APPROVAL, problems
from partydev.process.rules.admission import approval_time_problems
from partydev.process.rules.members import introducer_problems
from partydev.process.rules.probation import extension_problems
from partydev.process.schedule import due_items

SINCE = date(2025, 3, 2)  # activist since: a full year before both dates below
OLD, NEW = date(2026, 5, 10), date(2026, 5, 11)


# --- the development-target path (§13) -----------------------------------------------------------

def test_2014_the_accepted_filing_makes_the_target(w, rk):
    case = rk.activist(w, SINCE)
    filing = rk.proposed_target(w, case, OLD)
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=OLD)
    case = rk.fresh(case)
    assert (case.stage, case.target_since) == (Stage.TARGET, OLD)
    assert rk.history(case)[-1] == ("target_accepted", Stage.ACTIVIST, Stage.TARGET, OLD)
    assert "target_agreed" not in [h[0] for h in rk.history(case)]
    assert rk.audit_since(mark) == ["case.target_accepted", "filing.accept"]
    assert rk.deadlines(case) == {}  # a new target owes nothing yet (no pre-review)


def test_2026_the_committee_only_agrees_then_the_notice_then_the_branch_lists_the_target(w, rk):
    case = rk.activist(w, SINCE)
    filing = rk.proposed_target(w, case, NEW)
    with pytest.raises(BlockedByProblems) as refused:  # nothing agreed yet
        target_confirm(case=case, actor=w.branch_admin, on=NEW)
    assert rk.codes(refused.value.problems) == {"no_agreement": True}

    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=NEW)
    case = rk.fresh(case)
    assert (case.stage, case.target_since) == (Stage.ACTIVIST, None)
    assert rk.history(case)[-1] == ("target_agreed", Stage.ACTIVIST, Stage.ACTIVIST, NEW)
    assert rk.audit_since(mark) == ["filing.accept"]

    with pytest.raises(BlockedByProblems) as refused:
        target_confirm(case=case, actor=w.branch_admin, on=date(2026, 5, 12))
    assert rk.codes(refused.value.problems) == {"no_notice": True}

    # Mon 05-11 .. Fri 05-15: 5 working days. On 05-15 it is still running.
    rk.notice(w, case, NEW, date(2026, 5, 15))
    before = rk.snapshot(case)
    with pytest.raises(BlockedByProblems) as refused:
        target_confirm(case=case, actor=w.branch_admin, on=date(2026, 5, 15))
    assert rk.codes(refused.value.problems) == {"notice_not_over": True}
    assert rk.snapshot(case) == before

    mark = rk.audit_mark()
    target_confirm(case=case, actor=w.branch_admin, on=date(2026, 5, 16))
    case = rk.fresh(case)
    assert (case.stage, case.target_since) == (Stage.TARGET, date(2026, 5, 16))
    assert rk.history(case)[-1] == ("target_accepted", Stage.ACTIVIST, Stage.TARGET, date(2026, 5, 16))
    assert rk.audit_since(mark) == ["case.target_accepted"]


@pytest.mark.parametrize("agreed_on, notice_result, code", [
    (NEW, NoticeResult.OBJECTION, "notice_objection"),
    # The notice was posted on 05-11, the day before the committee agreed on 05-12.
    (date(2026, 5, 12), NoticeResult.NO_OBJECTION, "notice_before_agreement"),
])
def test_2026_confirmation_refused(w, rk, agreed_on, notice_result, code):
    case = rk.activist(w, SINCE)
    filing_accept(filing=rk.proposed_target(w, case, NEW), actor=w.committee_admin, effective_date=agreed_on)
    rk.notice(w, case, NEW, date(2026, 5, 15), result=notice_result)
    before = rk.snapshot(case)
    with pytest.raises(BlockedByProblems) as refused:
        target_confirm(case=case, actor=w.branch_admin, on=date(2026, 5, 18))
    assert rk.codes(refused.value.problems) == {code: True}
    assert rk.snapshot(case) == before


def test_a_committee_decision_dated_under_the_2026_text_is_an_agreement(w, rk):
    # The 支委会 met on 2026-05-10 (2014 text) but the committee decides on 2026-05-11: step 8 is judged
    # by the text in force on its own date (C7), so the decision is an agreement and the 公示 must
    # follow; the person must not become a target without it.
    case = rk.activist(w, SINCE)
    filing_accept(filing=rk.proposed_target(w, case, OLD), actor=w.committee_admin, effective_date=NEW)
    case = rk.fresh(case)
    assert case.stage == Stage.ACTIVIST
    assert rk.history(case)[-1][0] == "target_agreed"


# --- introducers (§14) ------------------------------------------------------------------------------

def member(name, discipline="", until=None, member_type="full"):
    return Member(name=name, member_type=member_type, discipline=discipline, discipline_until=until)


GOOD = member("王建国")


@pytest.mark.parametrize("other, on, expected", [
    # 警告 in effect until 2026-12-31: 2014 has no bar, 2026 says "不宜" → a warning.
    (member("孙警告", "warning", date(2026, 12, 31)), OLD, {}),
    (member("孙警告", "warning", date(2026, 12, 31)), NEW, {"introducer_disciplined": False}),
    (member("严重", "serious_warning", date(2026, 12, 31)), NEW, {"introducer_disciplined": False}),
    (member("撤职", "removal", date(2026, 12, 31)), NEW, {"introducer_disciplined": False}),
    # The effect period includes its last day, and is over the day after.
    (member("孙警告", "warning", date(2026, 6, 1)), date(2026, 6, 1), {"introducer_disciplined": False}),
    (member("孙警告", "warning", date(2026, 6, 1)), date(2026, 6, 2), {}),
    # 留党察看 with rights not restored bars in both versions.
    (member("周察看", "probation"), OLD, {"introducer_barred": True}),
    (member("周察看", "probation"), NEW, {"introducer_barred": True}),
    (member("黄敏", member_type="probationary"), NEW, {"introducer_not_full": True}),
])
def test_introducer_bar(other, on, expected):
    assert {p.code: p.blocking for p in introducer_problems([GOOD, other], on)} == expected


def test_two_introducers_are_required():
    assert {p.code: p.blocking for p in introducer_problems([GOOD], NEW)} == {"introducer_count": True}


def test_the_service_refuses_a_barred_introducer_and_accepts_a_warned_one(w, rk):
    case = rk.target_2014(w, since=date(2024, 3, 1), on=date(2025, 3, 1))
    before = rk.snapshot(case)
    with pytest.raises(ValidationError):
        introducers_set(case=case, members=[w.full[0], w.on_probation], assigned_on=NEW, actor=w.branch_admin)
    assert rk.snapshot(case) == before

    mark = rk.audit_mark()
    introducers_set(case=case, members=[w.full[0], w.warned], assigned_on=NEW, actor=w.branch_admin)
    assert sorted(Introducer.objects.filter(case=case, ended_on=None).values_list("member__name", flat=True)) == \
        sorted(["王建国", "孙警告"])
    assert rk.audit_since(mark) == ["introducers.set"]


# --- articles: the number cited follows the version of the step's date ---------------------------

def admission_facts(meeting_on, *, passed=True, talk=True):
    return CaseFacts(
        case=Case(stage="target"),
        filings=[Filing(kind="pre_review", status="accepted", effective_date=meeting_on)],
        volunteer_forms=[VolunteerForm(serial_number="ZY1", filled_on=meeting_on)],
        meetings=[BranchMeeting(purpose="admission", meeting_date=meeting_on, passed=passed)],
        committee_talks=[CommitteeTalk(talk_date=meeting_on)] if talk else [],
    )


def conversion_facts(meeting_on):
    return CaseFacts(
        case=Case(stage="probationary", probation_start=meeting_on.replace(year=meeting_on.year - 1),
                  probation_end=meeting_on),
        conversion_applications=[ConversionApplication(applied_on=meeting_on)],
        meetings=[BranchMeeting(purpose="conversion", meeting_date=meeting_on, passed=True, outcome="on_time")],
    )


def article(found, code):
    return next(p.article for p in found if p.code == code)


def test_pre_review_article(zh):
    # §18 in 2026, §19 in 2014 ("not leaving within 3 months", the 支委会's examination).
    def found(on):
        f = CaseFacts(case=Case(stage="target", leaving_on=on))
        return problems(f, "file_pre_review", on)
    assert article(found(OLD), "no_admission_resolution") == "2014年细则第十九条"
    assert article(found(NEW), "no_admission_resolution") == "2026年细则第十八条"
    assert article(found(NEW), "leaving_soon") == "2026年细则第十八条"


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第二十一条"), (NEW, "2026年细则第二十条")])
def test_admission_meeting_article(zh, on, expected):
    # A failed vote cites the meeting's decision (majority of those entitled), not the quorum article.
    found = problems(admission_facts(on, passed=False), FILE_APPROVAL, on)
    assert article(found, "meeting_failed") == expected


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第二十六条"), (NEW, "2026年细则第二十五条")])
def test_approval_time_article(zh, on, expected):
    # Decided 4 months after the meeting: a warning citing the approval-time article.
    found = approval_time_problems(on, date(on.year, on.month + 4, on.day))
    assert article(found, "approval_late") == expected


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第二十四条"), (NEW, "2026年细则第二十三条")])
def test_committee_talk_article(zh, on, expected):
    # The higher committee's talk before approval is §23 (2014 §24), not the approval-power article §22.
    found = problems(admission_facts(on, talk=False), FILE_APPROVAL, on)
    assert article(found, "no_committee_talk") == expected


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第三十二条"), (NEW, "2026年细则第三十一条")])
def test_extension_article(zh, on, expected):
    # Extension once, 6–12 months: §31 (2014 §32).
    found = extension_problems(Case(probation_extended=True), "extend", 13, on)
    assert {article(found, "extension_twice"), article(found, "extension_length")} == {expected}


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第三十四条"), (NEW, "2026年细则第三十三条")])
def test_conversion_approval_article(zh, on, expected):
    # The committee decides on the conversion within 3 months: §33 (2014 §34), for the check and the reminder.
    found = problems(conversion_facts(on), APPROVE_CONVERSION, date(2027, 1, 1))
    assert article(found, "conversion_approval_late") == expected
    item = next(i for i in due_items(conversion_facts(on)) if i.kind == "conversion_approval")
    assert item.article == expected


@pytest.mark.parametrize("on, expected", [(OLD, "2014年细则第三十三条"), (NEW, "2026年细则第三十二条")])
def test_conversion_meeting_article(zh, on, expected):
    found = problems(CaseFacts(case=Case(stage="probationary")), APPROVE_CONVERSION, on)
    assert article(found, "no_conversion_meeting") == expected

