"""Half-year periods of cultivation and the deadlines derived from them (§11: the branch inspects
activists every half year). Periods count by counting rule C1/C2: six calendar months, clamped to
the month's last day, the end day included."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import Case, Deadline
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import contacts_set, record_delete, report_submit
from partydev.common.dates import add_months, add_years
from partydev.process.deadlines import KINDS, MILESTONES
from partydev.process.enums import HALF_YEARLY_OPINIONS, OpinionKind
from partydev.process.rules.cultivation import half_years

pytestmark = pytest.mark.usefixtures("english")

SINCE = date(2025, 8, 31)
EDU = OpinionKind.EDUCATION


@pytest.fixture
def since_aug31(w, kit):
    return kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=SINCE)


def periods(case, kind=EDU, until=date(2026, 11, 26)):
    return half_years(load_facts(Case.objects.get(pk=case.pk)), kind, until)


def due(case, kind):
    return Deadline.objects.get(case=case, kind=kind).due_date


def test_half_year_periods_clamp_to_month_end(since_aug31):
    # Six months from 31 August is 28 February (C1), and that day still belongs to the first
    # half-year ("within six months" includes the end day, C2).
    got = [(p.number, p.start, p.end) for p in periods(since_aug31)]
    assert got == [
        (1, date(2025, 8, 31), date(2026, 2, 28)),
        (2, date(2026, 3, 1), date(2026, 8, 31)),
        (3, date(2026, 9, 1), date(2027, 2, 28)),
    ]


def test_first_half_year_deadline_is_six_months_after(since_aug31):
    assert {due(since_aug31, f"opinion_{k.value}") for k in HALF_YEARLY_OPINIONS} == {date(2026, 2, 28)}


def test_an_inspection_on_the_last_day_of_six_months_counts_for_the_first(w, kit, since_aug31):
    kit.add_opinion(since_aug31, w.b1_admin, EDU, given_on=date(2026, 2, 28))
    assert periods(since_aug31)[0].state(date(2026, 11, 26)) == "done"


def test_periods_are_contiguous_and_cover_every_day(since_aug31):
    got = periods(since_aug31, until=date(2028, 1, 1))
    assert got[0].start == SINCE
    for previous, nxt in zip(got, got[1:], strict=False):
        assert nxt.start == previous.end + timedelta(days=1)


def test_a_record_in_period_one_marks_it_done(w, kit, since_aug31):
    kit.add_opinion(since_aug31, w.b1_admin, EDU, given_on=date(2025, 11, 15))
    got = periods(since_aug31)
    today = date(2026, 11, 26)
    assert [p.state(today) for p in got] == ["done", "overdue", "due"]
    # The next duty is the earliest period without a record: the second.
    assert due(since_aug31, "opinion_education") == got[1].end
    # Other kinds are not satisfied by an education opinion.
    assert due(since_aug31, "opinion_branch_inspection") == got[0].end


def test_a_late_record_counts_for_its_own_period_and_the_reminder_moves_past_it(w, kit, since_aug31):
    # Period one was missed; the record dated in period two counts for period two only (it does not
    # shift the periods, still counted from activist_since) and the reminder moves on to period three
    # instead of staying frozen on period one. The missed period stays "overdue" on the page and is
    # reported when the branch proposes the target (target.half_year_problems).
    kit.add_opinion(since_aug31, w.b1_admin, EDU, given_on=date(2026, 5, 15))
    got = periods(since_aug31)
    assert [p.state(date(2026, 11, 26)) for p in got] == ["overdue", "done", "due"]
    assert due(since_aug31, "opinion_education") == got[2].end == date(2027, 2, 28)


def test_period_states_before_and_after_their_dates(since_aug31):
    first = periods(since_aug31, until=date(2025, 9, 1))
    assert len(first) == 1
    assert first[0].state(date(2025, 8, 30)) == "not_yet"
    assert first[0].state(SINCE) == "due"
    assert first[0].state(date(2026, 3, 2)) == "overdue"


def test_records_of_every_period_move_the_deadline_past_today(w, kit, since_aug31):
    for day in (date(2025, 10, 1), date(2026, 4, 1), date(2026, 10, 1)):
        kit.add_opinion(since_aug31, w.b1_admin, EDU, given_on=day)
    got = periods(since_aug31, until=date(2027, 12, 31))
    assert due(since_aug31, "opinion_education") == got[3].end


def test_party_group_opinion_is_not_half_yearly(w, kit, since_aug31):
    assert not Deadline.objects.filter(case=since_aug31, kind="opinion_party_group").exists()
    assert periods(since_aug31, OpinionKind.PARTY_GROUP)  # computed, but never a duty


def test_detail_page_shows_each_half_year(w, login, kit, since_aug31):
    kit.add_opinion(since_aug31, w.b1_admin, EDU, given_on=date(2026, 5, 15))
    response = login(w.b1_admin).get(reverse("pc:case_detail", args=[since_aug31.public_id]))
    section = next(s for s in response.context["opinion_sections"] if s["kind"] == EDU)
    today = response.context["today"]
    assert [p.state(today) for p in section["periods"]][:2] == ["overdue", "done"]
    html = response.content.decode()
    assert "Half-year 1" in html and "Half-year 2" in html
    assert "Missing" in html and "Entered" in html
    party_group = next(s for s in response.context["opinion_sections"] if s["kind"] == OpinionKind.PARTY_GROUP)
    assert party_group["periods"] is None


# --- the deadline rows while an activist is cultivated ------------------------------------------

def test_an_activist_has_one_row_per_duty(w):
    since = w.activist.activist_since
    rows = {d.kind: d.due_date for d in Deadline.objects.filter(case=w.activist)}
    assert rows == {
        "contacts": since,
        "thought_report": add_months(since, 3),
        "cultivation_year": add_years(since, 1),
        **{f"opinion_{k.value}": periods(w.activist, k, w.today)[0].end for k in HALF_YEARLY_OPINIONS},
    }
    assert set(rows) <= set(KINDS) and MILESTONES == ["cultivation_year"]
    assert set(Deadline.objects.filter(case=w.activist).values_list("org_path", flat=True)) == {w.b1.path}


def test_an_applicant_has_no_activist_duties(w):
    kinds = set(Deadline.objects.filter(case=w.applicant).values_list("kind", flat=True))
    assert kinds <= {"talk", "filing_review"}


def test_reminders_show_the_next_due_dates_moving(w, login, kit):
    since = w.today - timedelta(days=400)
    case = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=since)
    client = login(w.b1_admin)

    def shown(kind):
        response = client.get(reverse("pc:reminders"), {"kind": kind, "window": "all"})
        return [r["d"].due_date for r in response.context["rows"] if r["d"].case_id == case.pk]

    spans = periods(case, EDU, w.today + timedelta(days=400))
    assert shown("contacts") == [since]
    assert shown("thought_report") == [add_months(since, 3)]
    assert shown("opinion_education") == [spans[0].end]

    contacts_set(case=case, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    assert shown("contacts") == []

    report_submit(case=case, actor=w.b1_admin, data={"title": "汇报", "content": "内容", "written_on": w.today})
    assert shown("thought_report") == [add_months(w.today, 3)]

    first = kit.add_opinion(case, w.b1_admin, EDU, given_on=spans[0].start + timedelta(days=10))
    assert shown("opinion_education") == [spans[1].end]
    kit.add_opinion(case, w.b1_admin, EDU, given_on=spans[1].start + timedelta(days=10))
    assert shown("opinion_education") == [spans[2].end]
    html = client.get(reverse("pc:reminders"), {"kind": "opinion_education", "window": "all"}).content.decode()
    assert f"{spans[2].end:%Y-%m-%d}" in html

    # Deleting the first-period record leaves period one missed, but period two is done: the next
    # duty stays period three (a missed period does not freeze the reminders).
    record_delete(record=first, actor=w.b1_admin)
    assert shown("opinion_education") == [spans[2].end]
