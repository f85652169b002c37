"""One person from activist to full member, every step 7–24 under the 2026 text, through the
services; at the end the history, the timeline (one date per step) and the date-logic check agree.

Dates (2026 calendar; the 公示 avoids holidays):
  activist since 2025-03-02 → 支委会 proposes the target 2026-05-25 (one year reached 2026-03-02)
  → the 党委 agrees 05-27 → 公示 Thu 05-28 .. Wed 06-03 (28, 29, 1, 2, 3: 5 working days) → listed 06-04
  → introducers 06-05, review 07-10, training 07-13..07-15, 支委会 examination 07-20
  → pre-review sent 07-21, passed 07-24 → volunteer form 07-28 → general meeting 08-05 (≤ 08-24)
  → committee talk 08-10 → approval sent 08-12, approved 08-20: probation 2026-08-05 .. 2027-08-05
  → placement 08-25, oath 09-01 (≤ 09-20), inspection and application 11-20
  → conversion meeting 2027-08-06 → sent 08-07 → approved 08-10: full member since 2027-08-05.
"""

from datetime import date

from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import filing_accept, introducers_set, target_confirm
from partydev.process.enums import (
    ConversionOutcome,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)
from partydev.process.rules.datelogic import date_conflicts
from partydev.process.timeline import StepState, build_timeline
from tests.factories import committee_vote


def test_journey_under_the_2026_rules(w, rk):
    admin, committee = w.branch_admin, w.committee_admin
    case = rk.activist(w, date(2025, 3, 2))

    # Steps 7–8: proposed, agreed, 公示, listed.
    filing = rk.proposed_target(w, case, date(2026, 5, 25))
    filing_accept(filing=filing, actor=committee, effective_date=date(2026, 5, 27), opinion="同意")
    rk.notice(w, case, date(2026, 5, 28), date(2026, 6, 3))
    target_confirm(case=case, actor=admin, on=date(2026, 6, 4))
    assert rk.fresh(case).target_since == date(2026, 6, 4)

    # Steps 9–13.
    introducers_set(case=case, members=w.full[:2], assigned_on=date(2026, 6, 5), actor=admin)
    rk.review(w, case, date(2026, 7, 10))
    rk.training(w, case, date(2026, 7, 13), date(2026, 7, 15), "24")
    rk.resolution(w, case, ResolutionPurpose.ADMISSION, date(2026, 7, 20))
    rk.pre_review(w, case, date(2026, 7, 21), date(2026, 7, 24))
    assert rk.deadlines(case) == {"admission_meeting": date(2026, 8, 24)}  # 07-24 + 1 month

    # Steps 14–18.
    rk.volunteer_form(w, case, date(2026, 7, 28))
    rk.meeting_record(case=rk.fresh(case), actor=admin, purpose=MeetingPurpose.ADMISSION,
                      meeting_date=date(2026, 8, 5), attendance=rk.attendance(w, 3, written=1),
                      votes=rk.votes(4), resolution="同意接收为预备党员")
    assert rk.deadlines(case) == {"approval": date(2026, 11, 5)}
    rk.committee_talk(w, case, date(2026, 8, 10))
    filing = rk.request_send(case=rk.fresh(case), actor=admin, kind=FilingKind.APPROVAL, sent_on=date(2026, 8, 12))
    assert filing.committee == w.committee and filing.warnings == []
    filing_accept(filing=filing, actor=committee, effective_date=date(2026, 8, 20), opinion="同意",
                  committee_vote=committee_vote(date(2026, 8, 20)))
    case = rk.fresh(case)
    assert (case.probation_start, case.probation_end) == (date(2026, 8, 5), date(2027, 8, 5))

    # Steps 19–22: simple records, each audited.
    mark = rk.audit_mark()
    rk.placement(w, case, date(2026, 8, 25))
    rk.oath(w, case, date(2026, 9, 1))
    rk.opinion(w, case, OpinionKind.PROBATION_INSPECTION, date(2026, 11, 20))
    rk.conversion_application(w, case, date(2026, 11, 20))
    assert rk.audit_since(mark) == ["placement.create", "oath.create", "opinion.create",
                                    "conversionapplication.create"]
    assert rk.deadlines(case) == {
        "thought_report": date(2026, 11, 5),  # none handed in: overdue since 08-05 + 3 months
        "probation_inspection": date(2027, 8, 5),  # first half-year done; the second ends 2027-08-05
        "conversion": date(2027, 8, 5),
    }

    # Steps 23–24.
    filing = rk.conversion_sent(w, case, date(2027, 8, 6), ConversionOutcome.ON_TIME)
    filing_accept(filing=filing, actor=committee, effective_date=date(2027, 8, 10))
    case = rk.fresh(case)
    assert (case.stage, case.full_member_since) == ("full", date(2027, 8, 5))

    assert [h[0] for h in rk.history(case)] == [
        "entered", "activist_filed", "activist_accepted", "contacts_changed",
        "target_filed", "target_agreed", "target_accepted", "introducers_set",
        "pre_review_filed", "pre_review_passed", "admission_meeting", "approval_filed", "admitted",
        "conversion_meeting", "conversion_filed", "converted",
    ]

    rows = build_timeline(load_facts(case), date(2027, 8, 11))
    done = {r.step.number: r.done_on for r in rows if r.state == StepState.DONE}
    assert done == {
        **{n: done[n] for n in range(1, 7)},  # steps 1–6 belong to the activist tests
        7: date(2026, 5, 25), 8: date(2026, 5, 27), 9: date(2026, 6, 5), 10: date(2026, 7, 10),
        11: date(2026, 7, 15), 12: date(2026, 7, 20), 13: date(2026, 7, 24), 14: date(2026, 7, 28),
        15: date(2026, 8, 5), 16: date(2026, 8, 10), 17: date(2026, 8, 20), 18: date(2026, 8, 20),
        19: date(2026, 8, 25), 20: date(2026, 9, 1), 21: None, 22: date(2026, 11, 20),
        23: date(2027, 8, 6), 24: date(2027, 8, 10),
    }
    assert rows[24].state == StepState.NOT_YET  # step 25, the archive
    assert date_conflicts(rows) == []
