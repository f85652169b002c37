"""Default-deny predicates shared by every interface: may this user do this to this case now?"""

from partydev.orgs.models import Role
from partydev.orgs.selectors import path_within, scope_paths
from partydev.process.enums import RETURN_POINTS, FilingStatus, LetterStatus, Stage


def is_branch_admin_of(user, case) -> bool:
    return path_within(case.org_path, scope_paths(user, (Role.BRANCH_ADMIN,)))


def is_committee_admin_of(user, case) -> bool:
    return path_within(case.org_path, scope_paths(user, (Role.COMMITTEE_ADMIN,)))


def has_pending_filing(case) -> bool:
    return case.filings.filter(status=FilingStatus.PENDING).exists()


def can_edit_applicant_records(user, case, *, pending_filing: bool | None = None) -> bool:
    """Part 一 records are edited by the branch while the person is an applicant and not yet filed.
    After filing they are the committee's evidence: a change goes through 退回重新备案."""
    if not is_branch_admin_of(user, case) or case.stage != Stage.APPLICANT:
        return False
    if pending_filing is None:
        pending_filing = has_pending_filing(case)
    return not pending_filing


def can_edit_activist_records(user, case) -> bool:
    """Part 二 records (contacts, opinions, reading reports) are kept by the branch while the person
    is an activist."""
    return case.stage == Stage.ACTIVIST and is_branch_admin_of(user, case)


def can_edit_stage_records(user, case, stage: str, *, pending_filing: bool | None = None) -> bool:
    if stage == Stage.APPLICANT:
        return can_edit_applicant_records(user, case, pending_filing=pending_filing)
    if stage == Stage.ACTIVIST:
        return can_edit_activist_records(user, case)
    # Steps 7–25: the branch keeps the records of the stage the person is in.
    return case.stage == stage and is_branch_admin_of(user, case)


# Who can move to another branch: an activist (§12, the cultivation time continues) and a probationary
# member (§34 / 2014 §35, the inspection record goes along; the probation continues).
TRANSFERABLE_STAGES = (Stage.ACTIVIST, Stage.PROBATIONARY)


def can_transfer(user, case) -> bool:
    return case.stage in TRANSFERABLE_STAGES and is_branch_admin_of(user, case)


def can_postpone_conversion(user, case) -> bool:
    """2026 §35 / 2014 §36: the branch now holding a probationary member may put off the conversion
    discussion. Whether the person was transferred in during the probation is the rule's problem
    (postponement_problems), shown on the page, not a question of scope."""
    return case.stage == Stage.PROBATIONARY and case.probation_end is not None and is_branch_admin_of(user, case)


def can_submit_report(user, case) -> bool:
    """Activists report to the branch, and so do probationary members during the probation."""
    return case.user_id == user.pk and case.stage in (Stage.ACTIVIST, Stage.PROBATIONARY)


def can_review_letter(user, letter) -> bool:
    return letter.status == LetterStatus.SUBMITTED and can_edit_applicant_records(user, letter.case)


def can_return_case(user, case) -> bool:
    """退回重新备案 reaches back from an applicant, activist or development target (RETURN_POINTS);
    later stages have their own outcomes (not approved, extension, cancellation)."""
    return case.stage in RETURN_POINTS and is_branch_admin_of(user, case)


def is_committee_of_filing(user, filing) -> bool:
    """The request was sent to a committee within this administrator's scope."""
    return path_within(filing.committee_path, scope_paths(user, (Role.COMMITTEE_ADMIN,)))


def can_decide_filing(user, filing) -> bool:
    return filing.status == FilingStatus.PENDING and is_committee_of_filing(user, filing)


def can_submit_letter(user, case, letters) -> bool:
    """The applicant writes a letter when none is waiting or approved (a returned one is rewritten)."""
    if case.user_id != user.pk or case.stage != Stage.APPLICANT:
        return False
    return not any(x.status in (LetterStatus.SUBMITTED, LetterStatus.APPROVED) for x in letters)
