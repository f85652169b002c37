"""全程纪实: the 25 steps with their state, dates and deadlines for one person."""

from datetime import date

from partydev.cases.models import ApplicationLetter, BranchResolution, Case, Filing, Recommendation, Talk
from partydev.process.facts import CaseFacts
from partydev.process.timeline import build_timeline

RECEIVED = date(2026, 1, 31)


def rows(today=date(2026, 2, 10), *, letter="approved", talks=(), recs=(), resolutions=(), filings=()):
    facts = CaseFacts(
        case=Case(stage="applicant", birth_date=date(2000, 1, 1)),
        letters=[ApplicationLetter(status=letter, received_date=RECEIVED)] if letter else [],
        talks=[Talk(talk_date=d) for d in talks],
        recommendations=[Recommendation(recommended_on=d) for d in recs],
        resolutions=[BranchResolution(meeting_date=d, result=r) for d, r in resolutions],
        filings=[Filing(kind="activist", status=s, effective_date=e) for s, e in filings],
    )
    return {row.step.code: row for row in build_timeline(facts, today)}


def test_25_steps_in_order():
    timeline = list(rows().values())
    assert [r.step.number for r in timeline] == list(range(1, 26))
    assert all(r.state == "not_yet" for r in timeline[4:])


def test_application_states():
    assert rows(letter=None)["application"].state == "not_yet"
    assert rows(letter="submitted")["application"].state == "in_progress"
    row = rows(letter="approved")["application"]
    assert (row.state, row.done_on) == ("done", RECEIVED)


def test_talk_due_until_the_deadline_then_overdue():
    assert rows(letter=None)["talk"].state == "not_yet"
    due = rows(date(2026, 2, 28))["talk"]
    assert (due.state, due.due_on) == ("due", date(2026, 2, 28))  # Jan 31 + 1 month, clamped
    assert rows(date(2026, 3, 1))["talk"].state == "overdue"


def test_talk_done_and_late_note():
    on_time = rows(talks=(date(2026, 2, 28),))["talk"]
    assert (on_time.state, on_time.done_on, on_time.note) == ("done", date(2026, 2, 28), "")
    late = rows(date(2026, 4, 1), talks=(date(2026, 3, 1),))["talk"]
    assert late.state == "done" and late.note


def test_determination_and_filing():
    assert rows()["activist_determination"].state == "not_yet"
    assert rows(recs=(date(2026, 3, 1),))["activist_determination"].state == "in_progress"
    assert rows(resolutions=((date(2026, 3, 1), "failed"),))["activist_determination"].state == "in_progress"
    done = rows(recs=(date(2026, 3, 1),), resolutions=((date(2026, 3, 5), "passed"),))["activist_determination"]
    assert (done.state, done.done_on) == ("done", date(2026, 3, 5))
    assert rows(filings=(("pending", None),))["activist_filing"].state == "in_progress"
    accepted = rows(filings=(("accepted", date(2026, 4, 1)),))["activist_filing"]
    assert (accepted.state, accepted.done_on) == ("done", date(2026, 4, 1))
    assert rows(filings=(("returned", None),))["activist_filing"].state == "not_yet"
