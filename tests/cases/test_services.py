"""Services: every write is whole or nothing, audited once, and refuses stale or blocked changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, StageChange
from partydev.cases.services import (
    BlockedByProblems,
    StaleState,
    case_register,
    case_return,
    case_transition,
    filing_accept,
    filing_return,
    filing_submit,
    letter_approve,
    letter_return,
    letter_submit,
)
from partydev.orgs.models import Organisation, OrgKind
from partydev.process import transitions
from partydev.registration.models import RegistrationCode
from tests.factories import branch_admin, db_state, paper_case, person, prepare_for_filing


def audit_actions(since_id):
    return list(AuditEvent.objects.filter(id__gt=since_id).order_by("id").values_list("action", flat=True))


def last_audit_id():
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_transition_from_a_stale_stage_raises_and_writes_nothing(world):
    before = db_state()
    with pytest.raises(StaleState):
        # Returning to the applicant stage leaves from the activist stage; this case is an applicant.
        case_transition(case=world.case, code=transitions.RETURN_TO_FILING, actor=world.branch_admin,
                        effective_date=world.today)
    assert db_state() == before


def test_transition_writes_history_audit_and_stage(world):
    mark = last_audit_id()
    case_transition(case=world.case, code=transitions.ACCEPT_ACTIVIST, actor=world.committee_admin,
                    effective_date=world.today)
    case = Case.objects.get(pk=world.case.pk)
    assert (case.stage, case.activist_since) == ("activist", world.today)
    assert StageChange.objects.filter(case=case, action="activist_accepted").count() == 1
    assert audit_actions(mark) == ["case.activist_accepted"]


def test_blocked_filing_raises_with_the_problems_and_writes_nothing(world):
    before = db_state()
    with pytest.raises(BlockedByProblems) as exc:
        filing_submit(case=world.pending_case, actor=world.branch_admin, sent_on=world.today)
    assert "no_talk" in [p.code for p in exc.value.problems]
    assert db_state() == before


def test_branch_without_a_committee_cannot_file(db):
    # A branch that is itself a root: there is no 党委 above it to file with.
    root_branch = Organisation.objects.add_root({"name": "独立支部", "kind": OrgKind.BRANCH})
    admin_user = branch_admin(root_branch)
    case = prepare_for_filing(paper_case(root_branch, admin_user), admin_user)
    before = db_state()
    with pytest.raises(ValidationError):
        filing_submit(case=case, actor=admin_user, sent_on=timezone.localdate())
    assert db_state() == before


def test_one_audit_event_per_write(world):
    mark = last_audit_id()
    letter = letter_submit(case=world.sibling_case, actor=world.stranger,
                           data={"title": "t", "content": "c", "written_date": world.today})
    letter_approve(letter=letter, actor=world.sibling_admin)
    assert audit_actions(mark) == ["letter.submit", "letter.approved"]


def test_second_letter_while_one_is_waiting_is_stale(world):
    # The person's own account (a paper case has none: only the branch's letter, see test_service_guards).
    letter_submit(case=world.sibling_case, actor=world.stranger,
                  data={"title": "t", "content": "c", "written_date": world.today})
    before = db_state()
    with pytest.raises(StaleState):
        letter_submit(case=world.sibling_case, actor=world.stranger,
                      data={"title": "t", "content": "c", "written_date": world.today})
    assert db_state() == before


def test_letter_return_needs_a_reason(world):
    before = db_state()
    with pytest.raises(ValidationError):
        letter_return(letter=world.pending_letter, actor=world.branch_admin, reason="  ")
    assert db_state() == before


def test_filing_return_and_accept_cannot_both_happen(world):
    filing_return(filing=world.filing, actor=world.committee_admin, reason="补充材料")
    before = db_state()
    with pytest.raises(StaleState):
        filing_accept(filing=world.filing, actor=world.committee_admin, effective_date=world.today)
    assert db_state() == before


def test_registration_with_a_closed_code_creates_no_account(world):
    RegistrationCode.objects.filter(pk=world.code.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    world.code.refresh_from_db()
    before = db_state()
    with pytest.raises(ValidationError):
        case_register(code=world.code, data=person() | {"username": "late1"}, password="Late#2026pw")
    assert db_state() == before


def test_registration_with_a_duplicate_id_rolls_back_the_account(world):
    before = db_state()
    data = person() | {"username": "dup12345", "id_number": world.other_case.id_number}
    with pytest.raises(ValidationError):
        case_register(code=world.code, data=data, password="Dup#2026pw")
    assert db_state() == before


def test_case_return_only_from_the_expected_stage(world):
    before = db_state()
    with pytest.raises(StaleState):
        case_return(case=world.case, actor=world.branch_admin, point="letter", reason="r",
                    expected_stage="activist", effective_date=world.today)
    assert db_state() == before
