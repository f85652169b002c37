"""Default-deny predicates: which actions a user may take on a case now."""

import pytest

from partydev.cases.permissions import (
    can_decide_filing,
    can_edit_applicant_records,
    can_return_case,
    can_review_letter,
    can_submit_letter,
)


@pytest.mark.parametrize("who, expected", [
    ("branch_admin", True), ("sibling_admin", False), ("committee_admin", False),
    ("other_committee_admin", False), ("auditor", False), ("applicant", False)])
def test_edit_records_only_own_branch(world, who, expected):
    assert can_edit_applicant_records(getattr(world, who), world.case) is expected


def test_no_editing_while_filed_or_after_becoming_an_activist(world):
    assert can_edit_applicant_records(world.branch_admin, world.filed_case) is False
    assert can_edit_applicant_records(world.sibling_admin, world.sibling_activist) is False


def test_review_only_a_submitted_letter(world):
    assert can_review_letter(world.branch_admin, world.pending_letter) is True
    assert can_review_letter(world.branch_admin, world.letter) is False  # already approved
    assert can_review_letter(world.committee_admin, world.pending_letter) is False


def test_return_only_by_own_branch(world):
    assert can_return_case(world.branch_admin, world.case) is True
    assert can_return_case(world.committee_admin, world.case) is False
    assert can_return_case(world.sibling_admin, world.case) is False


def test_decide_only_a_pending_filing_of_own_committee(world):
    assert can_decide_filing(world.committee_admin, world.filing) is True
    assert can_decide_filing(world.other_committee_admin, world.filing) is False
    assert can_decide_filing(world.branch_admin, world.filing) is False
    world.filing.status = "accepted"
    assert can_decide_filing(world.committee_admin, world.filing) is False


def test_submit_letter_only_own_case_without_a_waiting_or_approved_letter(world):
    assert can_submit_letter(world.stranger, world.sibling_case, []) is True
    assert can_submit_letter(world.applicant, world.sibling_case, []) is False
    assert can_submit_letter(world.applicant, world.case, list(world.case.applicationletters.all())) is False
    assert can_submit_letter(world.branch_admin, world.pending_case, []) is False
