"""Checks before 确定积极分子并备案: each problem code appears exactly when its rule is broken.

The rules are pure functions of CaseFacts, so most tests build the facts from unsaved rows; one
test goes through the database (load_facts) to show the same answer comes from real records."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from partydev.cases.models import ApplicationLetter, BranchResolution, Case, Filing, Recommendation, Talk
from partydev.cases.selectors.facts import load_facts
from partydev.process.facts import CaseFacts
from partydev.process.gates import FILE_ACTIVIST, problems
from partydev.process.problems import blocking
from tests.factories import CaseFactory, LetterFactory, RecommendationFactory, ResolutionFactory, TalkFactory

TODAY = date(2026, 11, 27)
RECEIVED = date(2026, 6, 10)


def facts(*, birth=date(2000, 1, 1), stage="applicant", letter="approved", received=RECEIVED,
          talks=(date(2026, 6, 20),), recommendations=(date(2026, 8, 1),),
          resolutions=((date(2026, 9, 1), "passed"),), filings=()):
    return CaseFacts(
        case=Case(stage=stage, birth_date=birth),
        letters=[ApplicationLetter(status=letter, received_date=received)] if letter else [],
        talks=[Talk(talk_date=d) for d in talks],
        recommendations=[Recommendation(recommended_on=d) for d in recommendations],
        resolutions=[BranchResolution(meeting_date=d, result=r) for d, r in resolutions],
        filings=[Filing(kind="activist", status=s) for s in filings],
    )


def found(f, today=TODAY):
    return {p.code: p.blocking for p in problems(f, FILE_ACTIVIST, today)}


def test_a_complete_case_has_no_problems():
    assert found(facts()) == {}


@pytest.mark.parametrize("kwargs, code, is_blocking", [
    ({"letter": None}, "letter_not_approved", True),
    ({"letter": "submitted"}, "letter_not_approved", True),
    ({"letter": "returned"}, "letter_not_approved", True),
    ({"birth": date(2008, 6, 11)}, "under_18", True),
    ({"talks": ()}, "no_talk", True),
    ({"talks": (date(2026, 7, 11),)}, "late_talk", False),
    ({"talks": (date(2026, 6, 9),)}, "talk_before_letter", False),
    ({"recommendations": ()}, "no_recommendation", True),
    ({"resolutions": ()}, "no_resolution", True),
    ({"resolutions": ((date(2026, 9, 1), "failed"),)}, "no_resolution", True),
    ({"resolutions": ((date(2026, 6, 9), "passed"),), "recommendations": (date(2026, 6, 1),)},
     "resolution_before_letter", True),
    ({"resolutions": ((date(2026, 7, 1), "passed"),)}, "resolution_before_recommendation", False),
    ({"filings": ("pending",)}, "already_filed", True),
    ({"stage": "activist"}, "not_applicant", True),
])
def test_each_problem_appears_alone_when_its_rule_is_broken(kwargs, code, is_blocking):
    assert found(facts(**kwargs)) == {code: is_blocking}


def test_returned_or_accepted_filings_are_not_already_filed():
    assert found(facts(filings=("returned", "withdrawn"))) == {}


def test_turning_18_on_the_day_of_receipt_is_old_enough():
    assert found(facts(birth=date(2008, 6, 10))) == {}
    assert found(facts(birth=date(2008, 6, 11))) == {"under_18": True}


def test_born_on_29_february_is_18_on_28_february():
    base = {"birth": date(2008, 2, 29), "talks": (date(2026, 3, 1),)}
    assert "under_18" not in found(facts(received=date(2026, 2, 28), **base))
    assert "under_18" in found(facts(received=date(2026, 2, 27), **base))


@pytest.mark.parametrize("received, on_time, late", [
    (date(2026, 6, 10), date(2026, 7, 10), date(2026, 7, 11)),   # exactly one calendar month
    (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 1)),    # clamped to the month's end
    (date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 1)),    # leap year
    (date(2026, 12, 15), date(2027, 1, 15), date(2027, 1, 16)),  # over the year end
])
def test_talk_within_one_calendar_month(received, on_time, late):
    common = {"received": received, "recommendations": (), "resolutions": ()}
    assert "late_talk" not in found(facts(talks=(on_time,), **common), today=late)
    assert found(facts(talks=(late,), **common), today=late)["late_talk"] is False


def test_the_first_talk_counts():
    f = facts(talks=(date(2026, 8, 1), date(2026, 6, 20)))
    assert found(f) == {}


def test_late_talk_is_a_warning_and_does_not_block():
    found_problems = problems(facts(talks=(date(2026, 7, 11),)), FILE_ACTIVIST, TODAY)
    assert blocking(found_problems) == []


def test_several_problems_at_once_keep_a_stable_order():
    f = facts(stage="activist", letter=None, talks=(), recommendations=(), resolutions=(), filings=("pending",))
    assert [p.code for p in problems(f, FILE_ACTIVIST, TODAY)] == [
        "not_applicant", "already_filed", "letter_not_approved", "no_talk", "no_recommendation", "no_resolution"]


def test_articles_are_given_in_the_active_language():
    f = facts(letter=None, talks=(), recommendations=())
    with translation.override("zh-hans"):
        articles = {p.code: p.article for p in problems(f, FILE_ACTIVIST, TODAY)}
    assert articles["no_talk"].endswith("细则第七条")
    assert articles["no_recommendation"] == "2026年细则第八条"
    with translation.override("en"):
        articles = {p.code: p.article for p in problems(f, FILE_ACTIVIST, TODAY)}
    assert articles["no_recommendation"] == "2026 Rules, Art. 8"


def test_under_18_cites_article_5_of_the_version_in_force_at_receipt():
    f = facts(birth=date(2008, 5, 11), received=date(2026, 5, 10), talks=(date(2026, 5, 20),))
    with translation.override("zh-hans"):
        (problem,) = problems(f, FILE_ACTIVIST, TODAY)
    assert (problem.code, problem.article) == ("under_18", "2014年细则第五条")


def test_the_same_answer_from_database_records(db):
    from tests.factories import child, committee

    branch = child(committee("检查党委"), "检查支部")
    case = CaseFactory(branch=branch, birth=date(2000, 1, 1))
    LetterFactory(case=case, received_date=RECEIVED)
    TalkFactory(case=case, talk_date=RECEIVED + timedelta(days=40))
    RecommendationFactory(case=case, recommended_on=date(2026, 8, 1))
    ResolutionFactory(case=case, meeting_date=date(2026, 7, 1))
    assert found(load_facts(case)) == {"late_talk": False, "resolution_before_recommendation": False}
