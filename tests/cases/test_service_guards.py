"""Every service checks its own preconditions, whichever interface calls it: called with the wrong
stage, kind, actor or date it raises one clear error carrying the problem, and nothing is written."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from partydev.cases.models import Talk
from partydev.cases.services import (
    Refused,
    StaleState,
    case_create_paper,
    case_transfer,
    case_transition,
    filing_accept,
    record_delete,
    record_save,
    report_submit,
    request_reject,
    request_send,
)
from partydev.pc.record_kinds import RECORD_KINDS as PAGE_KINDS
from partydev.process import transitions
from partydev.process.enums import FilingKind
from partydev.process.records import RECORD_KINDS
from tests.factories import db_state, person


def _codes(exc):
    return [p.code for p in exc.value.problems]


def test_a_record_of_another_branch_is_refused(world):
    before = db_state()
    with pytest.raises(Refused) as exc:
        record_save(kind="talks", case=world.case, actor=world.sibling_admin,
                    data={"talk_date": world.today, "place": "会议室", "content": "谈话"})
    assert _codes(exc) == ["not_permitted"]
    assert db_state() == before


def test_part_one_records_are_frozen_once_filed(world):
    talk = Talk.objects.filter(case=world.filed_case).first()
    before = db_state()
    with pytest.raises(Refused):
        record_save(kind="talks", case=world.filed_case, actor=world.branch_admin,
                    data={"talk_date": world.today, "place": "会议室", "content": "补录"})
    with pytest.raises(Refused):
        record_delete(record=talk, actor=world.branch_admin)
    assert db_state() == before


def test_a_record_dated_in_the_future_is_refused(world):
    before = db_state()
    with pytest.raises(Refused) as exc:
        record_save(kind="recommendations", case=world.case, actor=world.branch_admin,
                    data={"recommended_on": world.today + timedelta(days=1), "method": "members"})
    assert _codes(exc) == ["date_in_future"]
    assert db_state() == before


def test_someone_else_cannot_hand_in_a_thought_report(world):
    before = db_state()
    with pytest.raises(Refused):
        report_submit(case=world.sibling_activist, actor=world.applicant,
                      data={"title": "思想汇报", "content": "……", "written_on": world.today})
    assert db_state() == before


def test_an_applicant_is_not_transferred_and_another_branch_cannot_move_a_person(world):
    before = db_state()
    with pytest.raises(Refused):
        case_transfer(case=world.case, to_branch=world.sibling, actor=world.branch_admin,
                      transferred_on=world.today)
    with pytest.raises(Refused):
        case_transfer(case=world.sibling_activist, to_branch=world.branch, actor=world.branch_admin,
                      transferred_on=world.today)
    assert db_state() == before


def test_an_activist_filing_can_be_returned_but_not_refused(world):
    before = db_state()
    with pytest.raises(Refused) as exc:
        request_reject(filing=world.filing, actor=world.committee_admin, opinion="不同意")
    assert _codes(exc) == ["wrong_kind"]
    assert db_state() == before


def test_only_the_committee_the_request_went_to_decides_it(world):
    before = db_state()
    with pytest.raises(Refused):
        filing_accept(filing=world.filing, actor=world.other_committee_admin, effective_date=world.today)
    assert db_state() == before


def test_a_decision_cannot_precede_the_day_the_request_was_sent(world):
    before = db_state()
    with pytest.raises(Refused) as exc:
        filing_accept(filing=world.filing, actor=world.committee_admin,
                      effective_date=world.filing.sent_on - timedelta(days=1))
    assert _codes(exc) == ["date_before_dependency"]
    assert db_state() == before


def test_a_request_is_not_sent_in_the_future_nor_before_what_it_rests_on(world):
    before = db_state()
    with pytest.raises(Refused):
        request_send(case=world.case, actor=world.branch_admin, kind=FilingKind.ACTIVIST,
                     sent_on=world.today + timedelta(days=1))
    with pytest.raises(Refused) as exc:
        request_send(case=world.case, actor=world.branch_admin, kind=FilingKind.ACTIVIST,
                     sent_on=world.resolution.meeting_date - timedelta(days=1))
    assert "date_before_dependency" in _codes(exc)
    assert db_state() == before


def test_a_transition_from_another_stage_is_stale(world):
    before = db_state()
    with pytest.raises(StaleState):
        case_transition(case=world.case, code=transitions.CONVERT, actor=world.committee_admin,
                        effective_date=world.today)
    assert db_state() == before


def test_a_paper_application_received_before_the_birth_date_is_refused(world):
    before = db_state()
    with pytest.raises(ValidationError) as exc:
        case_create_paper(actor=world.branch_admin, branch=world.branch, data=person(birth=date(2000, 3, 1)),
                          letter={"title": "入党申请书", "content": "……", "written_date": date(1999, 1, 1),
                                  "received_date": date(1999, 1, 2)})
    assert "received_date" in exc.value.message_dict
    assert db_state() == before


def test_a_paper_application_is_entered_only_by_the_branch(world):
    before = db_state()
    with pytest.raises(Refused):
        case_create_paper(actor=world.sibling_admin, branch=world.branch, data=person(),
                          letter={"title": "入党申请书", "content": "……", "written_date": world.today,
                                  "received_date": world.today})
    assert db_state() == before


def test_the_pages_and_the_services_declare_the_same_record_kinds():
    assert set(PAGE_KINDS) == set(RECORD_KINDS)
    assert all(PAGE_KINDS[slug].model.__name__ == kind.model for slug, kind in RECORD_KINDS.items())


def test_a_letter_is_submitted_only_by_the_persons_own_account(world):
    """The phone checks it before offering the form; the service checks it too (the API calls it)."""
    from partydev.cases.services import letter_submit

    before = db_state()
    for actor in (world.branch_admin, world.applicant, None):
        with pytest.raises(Refused) as exc:
            letter_submit(case=world.sibling_case, actor=actor, data={
                "title": "入党申请书", "content": "申请", "written_date": world.today})
        assert _codes(exc) == ["not_permitted"]
    assert db_state() == before


def test_a_letter_is_reviewed_only_by_the_persons_branch_while_not_filed(world):
    from partydev.cases.services import letter_approve, letter_return

    before = db_state()
    for actor in (world.sibling_admin, world.committee_admin, world.applicant, world.other_branch_admin):
        with pytest.raises(Refused) as exc:
            letter_approve(letter=world.pending_letter, actor=actor)
        assert _codes(exc) == ["not_permitted"]
        with pytest.raises(Refused):
            letter_return(letter=world.pending_letter, actor=actor, reason="重写")
    assert db_state() == before
    letter_approve(letter=world.pending_letter, actor=world.branch_admin)
    world.pending_letter.refresh_from_db()
    assert world.pending_letter.status == "approved"
