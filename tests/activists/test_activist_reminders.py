"""待办提醒: the reminders page and the home page counts read the Deadline table in scope — the
branch its own rows, the committee every branch under it — filtered, sorted by due date, and with
a query count that does not grow with the number of cases."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.cases.models import Deadline, Filing
from partydev.cases.services import deadlines_refresh, filing_submit
from partydev.orgs.models import Role

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("pc:reminders")


def extend_world(w, kit):
    """Shared by this module's tests, besides the world's b1 activist (40 days) and applicant: a b1
    activist of more than a year, a b2 activist, the other committee's activist and a b1 filing
    waiting for the committee."""
    w.senior = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=w.today - timedelta(days=400))
    w.b2_activist = kit.activist(w.b2, w.b2_admin, w.c_admin, "吴同学", since=w.today - timedelta(days=100))
    w.ob_activist = kit.activist(w.ob, w.ob_admin, w.oc_admin, "何同学", since=w.today - timedelta(days=100))
    w.filed = kit.prepared(w.b1, w.b1_admin, "王浩然", received=w.today - timedelta(days=30))
    filing_submit(case=w.filed, actor=w.b1_admin, sent_on=w.today)


def rows(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [r["d"] for r in response.context["rows"]]


def test_branch_admin_sees_its_own_branch_only(w, login):
    got = rows(login(w.b1_admin), window="all")
    assert {d.case.branch_id for d in got} == {w.b1.pk}
    assert {d.case.name for d in got} >= {"刘子涵", "孙悦", "王浩然"}
    assert len(got) == Deadline.objects.filter(org_path__startswith=w.b1.path).count()


def test_committee_admin_sees_every_branch_under_it_and_nothing_else(w, login):
    got = rows(login(w.c_admin), window="all")
    assert {d.case.branch_id for d in got} == {w.b1.pk, w.b2.pk}
    assert "何同学" not in {d.case.name for d in got}
    other = rows(login(w.oc_admin), window="all")
    assert {d.case.name for d in other} == {"何同学"}


@pytest.mark.parametrize("actor", ["auditor", "activist_user", "applicant_user"])
def test_no_reminders_page_without_an_admin_role(w, login, actor):
    assert login(getattr(w, actor)).get(URL).status_code == 404


def test_filter_by_kind(w, login):
    got = rows(login(w.c_admin), kind="thought_report", window="all")
    assert {d.kind for d in got} == {"thought_report"}
    assert {d.case.name for d in got} == {"刘子涵", "孙悦", "吴同学"}


def test_filter_by_branch(w, login):
    got = rows(login(w.c_admin), branch=w.b2.pk, window="all")
    assert got and {d.case_id for d in got} == {w.b2_activist.pk}


def test_a_branch_out_of_scope_cannot_be_chosen(w, login):
    response = login(w.b1_admin).get(URL, {"branch": w.b2.pk, "window": "all"})
    assert response.context["form"].errors["branch"]
    assert {r["d"].case.branch_id for r in response.context["rows"]} == {w.b1.pk}


def test_windows(w, login):
    client = login(w.c_admin)
    today = w.today
    everything = rows(client, window="all")
    overdue = rows(client, window="overdue")
    soon = rows(client)  # the default: overdue or due within 30 days
    assert set(overdue) == {d for d in everything if d.due_date < today and d.kind != "cultivation_year"}
    assert set(soon) == {d for d in everything if d.due_date <= today + timedelta(days=30)}
    assert overdue and set(overdue) < set(soon) < set(everything)


def test_sorted_by_due_date(w, login):
    got = rows(login(w.c_admin), window="all")
    assert [d.due_date for d in got] == sorted(d.due_date for d in got)


def test_one_year_of_cultivation_is_shown_as_reached(w, login):
    client = login(w.b1_admin)
    response = client.get(URL, {"kind": "cultivation_year", "window": "all"})
    got = {r["d"].case.name: r for r in response.context["rows"]}
    assert got["孙悦"]["d"].due_date <= w.today < got["刘子涵"]["d"].due_date
    html = response.content.decode()
    assert "Reached" in html and "One year of cultivation" in html
    # A milestone is never "overdue".
    assert not [d for d in rows(client, window="overdue") if d.kind == "cultivation_year"]
    assert "孙悦" in {d.case.name for d in rows(client, kind="cultivation_year")}


def filed_at(w, hour):
    """Pin the filing to `hour` o'clock today in China (the test must not depend on the clock)."""
    at = datetime.combine(w.today, time(hour, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    Filing.objects.filter(case=w.filed, status="pending").update(created_at=at)
    deadlines_refresh(case=w.filed)


def test_a_filing_waiting_for_the_committee_appears(w, login):
    filed_at(w, 12)
    response = login(w.c_admin).get(URL, {"kind": "filing_review", "window": "all"})
    got = [r["d"] for r in response.context["rows"]]
    assert [(d.case.name, d.due_date) for d in got] == [("王浩然", w.today)]
    assert "waiting 0 days" in response.content.decode()


def test_rows_link_to_where_the_work_is_done(w, login):
    response = login(w.b1_admin).get(URL, {"kind": "contacts", "window": "all"})
    detail = reverse("pc:case_detail", args=[w.senior.public_id])
    html = response.content.decode()
    assert f"{detail}#contacts" in html
    assert "Appoint cultivation contacts" in html and "days overdue" in html


def test_a_filing_made_early_in_the_morning_is_dated_by_the_local_day(w, login):
    """A filing made at 07:00 in China is 23:00 the day before in UTC; it waits since today."""
    filed_at(w, 7)
    assert Deadline.objects.get(case=w.filed, kind="filing_review").due_date == w.today
    assert "waiting 0 days" in login(w.c_admin).get(URL, {"kind": "filing_review"}).content.decode()


def _query_count(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx), len(response.context["rows"])


@pytest.mark.parametrize("params", [{"window": "all"}, {}, {"kind": "thought_report"}])
def test_query_count_does_not_grow_with_the_number_of_cases(w, login, kit, params):
    branch = kit.org(w.committee, "第三党支部")
    client = login(kit.grant("branch3", Role.BRANCH_ADMIN, branch))
    kit.bare_activists(branch, 1, since=w.today - timedelta(days=400), prefix="甲")
    few, shown_few = _query_count(client, params)
    kit.bare_activists(branch, 29, since=w.today - timedelta(days=400), prefix="乙")
    many, shown_many = _query_count(client, params)
    assert shown_many > shown_few > 0
    assert few == many
    committee = login(w.c_admin)
    assert _query_count(committee, params)[0] == few
