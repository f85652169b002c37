"""The home page of a branch or committee admin: per kind of reminder, how many are overdue and
how many fall due within 7 days, in the user's scope (milestones are never overdue)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import Deadline
from partydev.cases.services import contacts_set, report_submit
from partydev.common.dates import add_months

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("pc:reminders")


def test_home_page_counts_per_kind(w, login, kit):
    """The world's activist has no contact (overdue since it became an activist); a second one has
    its next thought report due within the week."""
    soon = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=w.today - timedelta(days=100))
    contacts_set(case=soon, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    written = add_months(w.today + timedelta(days=3), -3)
    report_submit(case=soon, actor=w.b1_admin, data={"title": "汇报", "content": "内容", "written_on": written})
    # Three days from now, or up to three earlier when the month end clamps (never before today).
    assert w.today <= Deadline.objects.get(case=soon, kind="thought_report").due_date <= w.today + timedelta(days=3)

    response = login(w.b1_admin).get(reverse("pc:home"))
    counts = {r["kind"].code: (r["overdue"], r["week"]) for r in response.context["reminder_rows"]}
    assert counts["contacts"] == (1, 0)
    assert counts["thought_report"] == (0, 1)
    assert counts["opinion_education"] == (0, 0)
    assert (response.context["overdue"], response.context["due_week"]) == (1, 1)
    html = response.content.decode()
    assert "Appoint cultivation contacts" in html and "Thought report" in html
    assert f"{URL}?kind=thought_report&window=all" in html


def test_home_page_never_counts_a_milestone_as_overdue(w, login, kit):
    kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=w.today - timedelta(days=400))
    response = login(w.b1_admin).get(reverse("pc:home"))
    counts = {r["kind"].code: r["overdue"] for r in response.context["reminder_rows"]}
    assert counts["cultivation_year"] == 0
    assert counts["opinion_education"] == 1 and counts["contacts"] == 2


def test_home_page_counts_follow_scope(w, login, kit):
    kit.activist(w.b2, w.b2_admin, w.c_admin, "吴同学", since=w.today - timedelta(days=10))
    kit.activist(w.ob, w.ob_admin, w.oc_admin, "何同学", since=w.today - timedelta(days=10))
    def contacts_overdue(user):
        rows = login(user).get(reverse("pc:home")).context["reminder_rows"]
        return next(r["overdue"] for r in rows if r["kind"].code == "contacts")

    assert contacts_overdue(w.b1_admin) == 1
    assert contacts_overdue(w.b2_admin) == 1
    assert contacts_overdue(w.c_admin) == 2
    assert contacts_overdue(w.oc_admin) == 1
