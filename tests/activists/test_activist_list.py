"""积极分子管理 list: cultivation-time buckets (under 6 months, 6–12, a year or more), the due filters
(something overdue, something due within 7 days; milestones are not duties), and a query count that
does not grow with the number of activists."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.cases.services import contacts_set, report_submit
from partydev.common.dates import add_months
from partydev.orgs.models import Role
from partydev.process.enums import HALF_YEARLY_OPINIONS, OpinionKind

pytestmark = pytest.mark.usefixtures("english")

URL = reverse("pc:activist_list")


def names(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return {c.name for c in response.context["page"]}


def one(kit, branch, name, since):
    case = kit.bare_activists(branch, 1, since=since, prefix=name)[0]
    case.name = name
    case.save(update_fields=["name"])
    return case


def test_cultivation_buckets_and_their_boundaries(w, login, kit):
    six, twelve = add_months(w.today, -6), add_months(w.today, -12)
    one(kit, w.b1, "甲", w.today - timedelta(days=10))
    one(kit, w.b1, "乙", six + timedelta(days=1))
    one(kit, w.b1, "丙", six)
    one(kit, w.b1, "丁", twelve + timedelta(days=1))
    one(kit, w.b1, "戊", twelve)
    one(kit, w.b1, "己", w.today - timedelta(days=800))
    client = login(w.b1_admin)
    assert names(client, cultivation="lt6") == {"刘子涵", "甲", "乙"}
    assert names(client, cultivation="6to12") == {"丙", "丁"}
    assert names(client, cultivation="ge12") == {"戊", "己"}
    assert names(client) == {"刘子涵", "甲", "乙", "丙", "丁", "戊", "己"}


def test_due_filters(w, login, kit):
    # 甲: contacts appointed, nothing due soon.  乙: no contact, overdue since day one.
    # 丙: next thought report due in three days.  丁: more than a year, every half-year entered:
    # only the one-year milestone lies in the past, which is not a duty.
    a = one(kit, w.b1, "甲", w.today - timedelta(days=10))
    contacts_set(case=a, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    one(kit, w.b1, "乙", w.today - timedelta(days=10))
    c = one(kit, w.b1, "丙", add_months(w.today + timedelta(days=3), -3))
    contacts_set(case=c, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    d = one(kit, w.b1, "丁", w.today - timedelta(days=370))
    contacts_set(case=d, members=[w.wang], assigned_on=d.activist_since, actor=w.b1_admin)
    report_submit(case=d, actor=w.b1_admin, data={"title": "汇报", "content": "内容", "written_on": w.today})
    for kind in HALF_YEARLY_OPINIONS:
        for days in (30, 200):
            kit.add_opinion(d, w.b1_admin, kind, given_on=d.activist_since + timedelta(days=days),
                            contact=w.wang if kind == OpinionKind.CONTACT_CONFIRMATION else None)
    assert d.deadlines.filter(due_date__lt=w.today).values_list("kind", flat=True).get() == "cultivation_year"

    client = login(w.b1_admin)
    assert names(client, due="overdue") == {"刘子涵", "乙"}
    assert names(client, due="week") == {"丙"}
    assert names(client, due="overdue", cultivation="lt6") == {"刘子涵", "乙"}


def test_scope_and_branch_filter(w, login, kit):
    one(kit, w.b2, "周同学", w.today - timedelta(days=10))
    one(kit, w.ob, "何同学", w.today - timedelta(days=10))
    assert names(login(w.b1_admin)) == {"刘子涵"}
    committee = login(w.c_admin)
    assert names(committee) == {"刘子涵", "周同学"}
    assert names(committee, branch=w.b2.pk) == {"周同学"}
    assert names(login(w.oc_admin)) == {"何同学"}


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(ctx), len(response.context["page"])


@pytest.mark.parametrize("params", [{}, {"due": "overdue"}, {"due": "week"},
                                    {"cultivation": "ge12", "due": "overdue", "q": "批"}])
def test_query_count_does_not_grow_with_the_number_of_activists(w, login, kit, params):
    branch = kit.org(w.committee, "第三党支部")
    client = login(kit.grant("branch3", Role.BRANCH_ADMIN, branch))
    # A year and more; ten days; next thought report due in three days.
    sinces = (w.today - timedelta(days=400), w.today - timedelta(days=10), add_months(w.today + timedelta(days=3), -3))
    for since in sinces:
        kit.bare_activists(branch, 1, since=since, prefix=f"批一{since:%m%d}")
    few, shown_few = _queries(client, params)
    for since in sinces:
        kit.bare_activists(branch, 10, since=since, prefix=f"批二{since:%m%d}")
    many, shown_many = _queries(client, params)
    assert shown_many > shown_few > 0
    assert few == many
