"""Deadlines live in the Deadline table, written by the services in the same transaction as the
change: due a month after the letter is received, gone once a talk is recorded."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from partydev.cases.models import Deadline
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import filing_accept, filing_submit, letter_return, letter_submit, record_delete
from partydev.common.dates import add_months
from partydev.process.schedule import due_items
from tests.factories import add_talk, paper_case, prepare_for_filing


def deadline(case):
    return Deadline.objects.filter(case=case, kind="talk").first()


@pytest.mark.parametrize("received, due, version", [
    (date(2026, 1, 31), date(2026, 2, 28), "2014"),
    (date(2026, 5, 10), date(2026, 6, 10), "2014"),
    (date(2026, 5, 11), date(2026, 6, 11), "2026"),
])
def test_talk_deadline_is_stored_when_the_letter_arrives(world, received, due, version):
    case = paper_case(world.branch, world.branch_admin, received=received)
    stored = deadline(case)
    assert (stored.kind, stored.due_date, stored.rule_version, stored.org_path) == (
        "talk", due, version, world.branch.path)


def test_recording_a_talk_removes_the_deadline_and_deleting_it_brings_it_back(world):
    case = paper_case(world.branch, world.branch_admin, received=world.today - timedelta(days=5))
    assert deadline(case) is not None
    talk = add_talk(case, world.branch_admin, world.today)
    assert deadline(case) is None
    record_delete(record=talk, actor=world.branch_admin)
    assert deadline(case).due_date == add_months(world.today - timedelta(days=5), 1)


def test_a_returned_letter_has_no_talk_deadline_and_a_resubmission_restarts_it(world):
    case = world.sibling_case
    first = letter_submit(case=case, actor=world.stranger, data={
        "title": "t", "content": "c", "written_date": world.today})
    assert deadline(case).due_date > world.today
    letter_return(letter=first, actor=world.sibling_admin, reason="重写")
    assert deadline(case) is None
    letter_submit(case=case, actor=world.stranger, data={"title": "t", "content": "c2",
                                                         "written_date": world.today})
    assert deadline(case) is not None


def test_an_activist_has_no_talk_deadline(world):
    assert deadline(world.sibling_activist) is None
    assert "talk" not in {i.kind for i in due_items(load_facts(world.sibling_activist))}


def test_accepting_the_filing_clears_the_talk_deadline(world):
    case = paper_case(world.branch, world.branch_admin)
    assert deadline(case) is not None
    case = prepare_for_filing(case, world.branch_admin)
    filing = filing_submit(case=case, actor=world.branch_admin, sent_on=world.today)
    filing_accept(filing=filing, actor=world.committee_admin, effective_date=world.today)
    assert deadline(case) is None


def test_stored_article_does_not_depend_on_the_language_of_the_request(world):
    """The Deadline row is shared by every reader: it must not store text in the writer's language."""
    with translation.override("en"):
        english = paper_case(world.branch, world.branch_admin)
    with translation.override("zh-hans"):
        chinese = paper_case(world.branch, world.branch_admin)
    assert deadline(english).article == deadline(chinese).article
