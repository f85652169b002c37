"""Steps 19–24 through membership_services: placement, oath and the application, then the conversion
meeting with each outcome (§31–33) and the committee's approval. Party standing counts from the end of
the probation; an extension moves that end once, by 6 to 12 months; cancellation ends the case."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from partydev.audit.models import AuditEvent
from partydev.cases.services import filing_accept
from partydev.process.enums import ConversionOutcome, FilingKind, MeetingPurpose, Stage

ON_TIME, EXTEND, CANCEL = ConversionOutcome.ON_TIME, ConversionOutcome.EXTEND, ConversionOutcome.CANCEL


@pytest.fixture
def probationer(w, rk):
    """Admitted at the meeting of 2025-06-10, approved 2025-06-20: probation 2025-06-10 .. 2026-06-10.
    Placed 2025-06-25, oath 2025-07-01, applied for full membership 2026-05-20."""
    case = rk.probationary(w, date(2025, 6, 10), date(2025, 6, 20))
    rk.placement(w, case, date(2025, 6, 25))
    rk.oath(w, case, date(2025, 7, 1))
    rk.conversion_application(w, case, date(2026, 5, 20))
    return rk.fresh(case)


def test_before_the_meeting_the_conversion_is_due_when_the_probation_ends(rk, probationer):
    assert rk.deadlines(probationer)["conversion"] == date(2026, 6, 10)


def test_conversion_request_after_the_meeting(w, rk, probationer):
    rk.meeting(w, probationer, MeetingPurpose.CONVERSION, date(2026, 6, 12), outcome=ON_TIME)
    # The committee decides within 3 months of the meeting: 06-12 + 3 months = 09-12.
    assert rk.deadlines(probationer)["conversion_approval"] == date(2026, 9, 12)
    assert "conversion" not in rk.deadlines(probationer)
    mark = rk.audit_mark()
    filing = rk.request_send(case=probationer, actor=w.branch_admin, kind=FilingKind.CONVERSION,
                             sent_on=date(2026, 6, 13))
    assert filing.committee == w.committee
    assert rk.history(probationer)[-1] == ("conversion_filed", Stage.PROBATIONARY, Stage.PROBATIONARY,
                                           date(2026, 6, 13))
    assert rk.audit_since(mark) == ["filing.submit"]


def test_on_time_party_standing_from_the_end_of_the_probation(w, rk, probationer):
    filing = rk.conversion_sent(w, probationer, date(2026, 6, 12), ON_TIME)
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 20))
    case = rk.fresh(probationer)
    # Not the meeting (06-12) nor the approval (06-20): the day the probation ended.
    assert (case.stage, case.full_member_since) == (Stage.FULL, date(2026, 6, 10))
    assert rk.history(case)[-1] == ("converted", Stage.PROBATIONARY, Stage.FULL, date(2026, 6, 20))
    assert rk.audit_since(mark) == ["case.converted", "filing.accept"]
    assert rk.deadlines(case) == {}


@pytest.mark.parametrize("months, new_end", [
    (6, date(2026, 12, 10)),  # 2026-06-10 + 6 months
    (12, date(2027, 6, 10)),  # + 12 months
])
def test_extension_moves_the_end_of_the_probation(w, rk, probationer, months, new_end):
    filing = rk.conversion_sent(w, probationer, date(2026, 6, 12), EXTEND, months=months)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 20))
    case = rk.fresh(probationer)
    assert (case.stage, case.probation_start, case.probation_end, case.probation_extended) == (
        Stage.PROBATIONARY, date(2025, 6, 10), new_end, True)
    assert case.full_member_since is None
    last = rk.last_history(case)
    assert (last.action, last.effective_date) == ("probation_extended", date(2026, 6, 20))
    # The conversion is due again when the extended probation ends.
    assert rk.deadlines(case)["conversion"] == new_end


def test_extension_changes_a_key_date_and_the_audit_trail_shows_it(w, rk, probationer):
    filing = rk.conversion_sent(w, probationer, date(2026, 6, 12), EXTEND, months=6)
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 20))
    # Who moved the end of the probation, from what to what (2026-06-10 → 2026-12-10).
    events = AuditEvent.objects.filter(pk__gt=mark, case=probationer)
    assert any("2026-12-10" in str(e.after) and "2026-06-10" in str(e.before) for e in events), \
        [(e.action, e.before, e.after) for e in events]


@pytest.mark.parametrize("months", [5, 13, None])
def test_extension_length_refused_at_the_meeting(w, rk, probationer, months):
    before = rk.snapshot(probationer)
    with pytest.raises(ValidationError):
        rk.meeting(w, probationer, MeetingPurpose.CONVERSION, date(2026, 6, 12), outcome=EXTEND, months=months)
    assert rk.snapshot(probationer) == before


def test_a_second_extension_is_refused_and_conversion_then_counts_from_the_extended_end(w, rk, probationer):
    filing = rk.conversion_sent(w, probationer, date(2026, 6, 12), EXTEND, months=6)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 20))
    case = rk.fresh(probationer)

    before = rk.snapshot(case)
    with pytest.raises(ValidationError):
        rk.meeting(w, case, MeetingPurpose.CONVERSION, date(2026, 12, 11), outcome=EXTEND, months=6)
    assert rk.snapshot(case) == before

    filing = rk.conversion_sent(w, case, date(2026, 12, 11), ON_TIME)
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 12, 15))
    case = rk.fresh(case)
    assert (case.stage, case.full_member_since) == (Stage.FULL, date(2026, 12, 10))


def test_cancellation(w, rk, probationer):
    filing = rk.conversion_sent(w, probationer, date(2026, 6, 12), CANCEL)
    mark = rk.audit_mark()
    filing_accept(filing=filing, actor=w.committee_admin, effective_date=date(2026, 6, 20))
    case = rk.fresh(probationer)
    assert (case.stage, case.full_member_since) == (Stage.CANCELLED, None)
    assert rk.history(case)[-1] == ("probation_cancelled", Stage.PROBATIONARY, Stage.CANCELLED, date(2026, 6, 20))
    assert rk.audit_since(mark) == ["case.probation_cancelled", "filing.accept"]
    assert rk.deadlines(case) == {}
