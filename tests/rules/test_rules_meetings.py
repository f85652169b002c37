"""The 支部党员大会 vote (§19–20; C5, C6): quorum is present > ½ of those entitled, the admission
passes only if votes for > ½ of those entitled; written opinions of absent voters count in the vote,
not in attendance; probationary members never count; one person, one vote. An invalid meeting is
refused and nothing is written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partydev.cases.models import BranchMeeting, MeetingAttendance
from partydev.cases.services import BlockedByProblems, meeting_record
from partydev.process.enums import Attendance, FilingKind, MeetingPurpose
from partydev.process.meetings import count_attendance

P, W, A, X = Attendance.PRESENT, Attendance.WRITTEN, Attendance.ABSENT, Attendance.EXCLUDED


def count(statuses, for_, against=0, abstain=0):
    return count_attendance(list(statuses), votes_for=for_, votes_against=against, votes_abstain=abstain)


# --- the arithmetic --------------------------------------------------------------------------------

@pytest.mark.parametrize("statuses, quorum", [
    ([P, P, A, A], False),  # exactly half present: 2·2 = 4 is not > 4
    ([P, P, P, A], True),
    ([P, P, A, A, A], False),  # 2 of 5
    ([P, P, P, A, A], True),  # 3 of 5
    ([P, P, W, W], False),  # written opinions are not attendance: still 2 of 4
    ([P, P, X, A, A], False),  # one excluded: 2 of 4 entitled
    ([P, P, P, X, A], True),  # 3 of 4
])
def test_quorum(statuses, quorum):
    assert count(statuses, for_=0).quorum is quorum


@pytest.mark.parametrize("statuses, for_, against, passed", [
    ([P, P, P, P], 2, 2, False),  # for = exactly half of the 4 entitled
    ([P, P, P, P], 3, 1, True),
    # A majority of those present is not enough: 3 of 6 entitled is exactly half.
    ([P, P, P, P, A, A], 3, 1, False),
    # Written opinions count in the vote: 3 present + 2 written, all 5 for.
    ([P, P, P, W, W], 5, 0, True),
    # ... and make a majority the present members alone could not: 3 present for of 6 entitled is half,
    # one written opinion for makes 4 of 6.
    ([P, P, P, P, W, A], 4, 1, True),
])
def test_majority_of_those_entitled(statuses, for_, against, passed):
    assert count(statuses, for_=for_, against=against).passed is passed


def test_one_person_one_vote():
    c = count([P, P, P, W, A], for_=4, against=1)  # 5 ballots, 4 people could vote
    assert (c.tally_possible, c.passed) == (False, False)
    assert count([P, P, P, W, A], for_=3, against=1).tally_possible


# --- through the service: refused meetings write nothing ---------------------------------------

@pytest.fixture
def target(w, rk):
    # Pre-review passed 2026-07-16; the meeting below (2026-08-05) is within the month (2026 §19).
    return rk.ready_for_meeting(w, date(2026, 7, 16))


def admission(w, case, attendance, votes):
    return meeting_record(case=case, actor=w.branch_admin, purpose=MeetingPurpose.ADMISSION,
                          meeting_date=date(2026, 8, 5), attendance=attendance, votes=votes, resolution="同意接收")


@pytest.mark.parametrize("present, written, excluded, votes", [
    (2, 0, 1, (2, 0, 0)),  # 2 present of 4 entitled: exactly half, no quorum
    (2, 2, 0, (4, 0, 0)),  # 2 present + 2 written of 5: written opinions are not attendance
    (3, 1, 0, (4, 1, 0)),  # 5 ballots from 4 people
])
def test_an_invalid_meeting_is_refused_and_nothing_is_written(w, rk, target, present, written, excluded, votes):
    before = rk.snapshot(target)
    with pytest.raises(ValidationError):
        admission(w, target, rk.attendance(w, present, written, excluded), rk.votes(*votes))
    assert rk.snapshot(target) == before


def test_an_exclusion_needs_a_reason(w, rk, target):
    attendance = rk.attendance(w, 4) | {w.full[4]: (Attendance.EXCLUDED, "  ")}
    before = rk.snapshot(target)
    with pytest.raises(ValidationError):
        admission(w, target, attendance, rk.votes(4))
    assert rk.snapshot(target) == before


def test_a_probationary_member_is_never_entitled(w, rk, target):
    # Full members: 2 present, 1 excluded, 2 absent → 2 of 4 entitled: no quorum. The probationary
    # member 黄敏 sitting in the room changes nothing (C6), so the meeting must be refused.
    attendance = rk.attendance(w, 2, excluded=1, extra={w.probationary: (Attendance.PRESENT, "")})
    before = rk.snapshot(target)
    with pytest.raises(ValidationError):
        admission(w, target, attendance, rk.votes(3))
    assert rk.snapshot(target) == before


def test_a_valid_meeting_is_recorded_with_its_counts(w, rk, target):
    mark = rk.audit_mark()
    # 3 present, 1 written opinion, 1 absent; 4 for (3 in the room + 1 written).
    m = admission(w, target, rk.attendance(w, 3, written=1), rk.votes(4))
    m.refresh_from_db()
    assert (m.entitled, m.present, m.written, m.votes_for, m.passed) == (5, 3, 1, 4, True)
    assert sorted(MeetingAttendance.objects.filter(meeting=m).values_list("status", flat=True)) == sorted(
        [P, P, P, W, A])
    assert rk.audit_since(mark) == ["branchmeeting.create"]
    # The 党委 decides within 3 months: 2026-08-05 + 3 months = 2026-11-05.
    assert rk.deadlines(target)["approval"] == date(2026, 11, 5)
    assert "admission_meeting" not in rk.deadlines(target)


def test_a_valid_meeting_that_did_not_pass_is_recorded_but_cannot_be_sent_up(w, rk, target):
    # 4 entitled (1 excluded), all present; 2 for, 2 against: exactly half is not a majority.
    m = admission(w, target, rk.attendance(w, 4, excluded=1), rk.votes(2, 2))
    assert (m.entitled, m.present, m.passed) == (4, 4, False)
    with pytest.raises(BlockedByProblems) as refused:
        rk.request_send(case=rk.fresh(target), actor=w.branch_admin, kind=FilingKind.APPROVAL,
                        sent_on=date(2026, 8, 10))
    assert rk.codes(refused.value.problems).get("meeting_failed") is True


def test_no_admission_meeting_before_the_pre_review_passed(w, rk):
    case = rk.target_2014(w, since=date(2024, 7, 1), on=date(2025, 7, 1))
    before = rk.snapshot(case)
    with pytest.raises(BlockedByProblems) as refused:
        admission(w, case, rk.attendance(w, 4), rk.votes(4))
    assert rk.codes(refused.value.problems) == {"no_pre_review": True}
    assert rk.snapshot(case) == before
    assert not BranchMeeting.objects.filter(case=case).exists()
