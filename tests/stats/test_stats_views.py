"""统计分析 pages: scope (a branch its own, a committee its subtree, 404 elsewhere), year switch, the
Excel table and PDF downloads (audited), the development plan form (bad input writes nothing), and a
constant number of queries."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partydev.audit.models import AuditEvent
from partydev.stats import selectors as stats
from partydev.stats.models import DevelopmentPlan
from tests.factories import db_state, paper_case

REPORT = reverse("pc:stats_report")
EXPORT = reverse("pc:stats_export")
PLAN = reverse("pc:stats_plan")


def test_committee_sees_its_subtree_with_links_to_each_branch(world, login, english):
    page = login(world.committee_admin).get(REPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert world.committee.name in html
    for branch in (world.branch, world.sibling):
        assert f'href="{REPORT}?org={branch.pk}&amp;year={world.today.year}"' in html
    # The stage totals of a branch row link to the list filtered to that branch.
    assert f'{reverse("pc:applicant_list")}?branch={world.branch.pk}' in html
    assert 'id="stats-chart-data"' in html


def test_committee_drills_down_to_a_branch(world, login, english):
    page = login(world.committee_admin).get(REPORT, {"org": world.sibling.pk})
    assert page.status_code == 200
    assert page.context["org"] == world.sibling
    assert page.context["report"].flow.total["activist"] == stats.flow_of(world.sibling, world.today.year).total[
        "activist"] == 1


@pytest.mark.parametrize(("actor", "org"), [
    ("branch", "sibling"), ("branch", "committee"), ("other_committee", "committee"), ("other_committee", "branch"),
    ("committee", "other_branch"), ("applicant", None), ("auditor", None), ("security", None),
])
def test_outside_the_scope_is_404(world, login, actor, org):
    client = login(world.actors[actor])
    params = {"org": getattr(world, org).pk} if org else {}
    for url in (REPORT, reverse("pc:stats_pdf")):
        assert client.get(url, params).status_code == 404
    assert client.get(EXPORT, params | {"table": "flow"}).status_code == 404


def test_branch_admin_sees_its_own_branch(world, login):
    page = login(world.branch_admin).get(REPORT)
    assert page.status_code == 200
    assert page.context["org"] == world.branch
    assert page.context["report"].units == []
    assert not page.context["can_plan"]


def test_anonymous_goes_to_the_login_page(client):
    assert client.get(REPORT).status_code == 302


def test_switching_the_year(world, login):
    client = login(world.committee_admin)
    page = client.get(REPORT, {"year": 2025})
    assert page.context["year"] == 2025
    assert page.context["report"].flow.total["activist"] == stats.flow_of(world.committee, 2025).total["activist"]
    bad = client.get(REPORT, {"year": "abc"})
    assert bad.status_code == 200
    assert bad.context["year"] == world.today.year
    assert bad.context["form"].errors
    assert client.get(REPORT, {"org": "x"}).status_code == 404


def test_the_year_select_shows_the_year_the_page_shows(world, login):
    client = login(world.committee_admin)
    for params in ({}, {"org": world.committee.pk}):
        page = client.get(REPORT, params)
        assert page.context["year"] == world.today.year
        assert f'<option value="{world.today.year}" selected>' in page.content.decode()


def test_excel_table_has_the_page_numbers_and_is_audited(world, login):
    client = login(world.committee_admin)
    response = client.get(EXPORT, {"table": "units", "year": world.today.year})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    units = stats.by_unit(world.committee, world.today.year)
    names = [r[0] for r in rows[3:]]
    assert names == [u["org"].name for u in units]
    assert [r[1] for r in rows[3:]] == [u["counts"]["applied"] for u in units]
    event = AuditEvent.objects.filter(action="stats.download").latest("id")
    assert (event.actor, event.org_path, event.after["table"]) == (world.committee_admin, world.committee.path, "units")
    assert client.get(EXPORT, {"table": "nope"}).status_code == 404


def test_every_table_exports(world, login):
    client = login(world.branch_admin)
    for key in ("flow", "funnel", "cohort", "intervals", "structure", "new_members", "units"):
        response = client.get(EXPORT, {"table": key})
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_name_like_a_formula_stays_text(world, login):
    world.sibling.name = "=HYPERLINK(1)"
    world.sibling.save()
    response = login(world.committee_admin).get(EXPORT, {"table": "units"})
    cell = next(c for row in load_workbook(BytesIO(response.content)).active.iter_rows() for c in row
                if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"


def test_pdf_of_the_whole_report(world, login):
    response = login(world.committee_admin).get(reverse("pc:stats_pdf"), {"year": world.today.year})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="stats.download", after__format="pdf").exists()


# --- the development plan --------------------------------------------------------------------------

def test_committee_sets_the_plan_and_the_report_shows_the_difference(world, login, english):
    client = login(world.committee_admin)
    url = f"{PLAN}?org={world.committee.pk}&year=2026"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"unit_{world.branch.pk}": "3", f"unit_{world.sibling.pk}": ""})
    assert response.status_code == 302
    plan = DevelopmentPlan.objects.get()
    assert (plan.unit, plan.year, plan.quota, plan.committee) == (world.branch, 2026, 3, world.committee)
    event = AuditEvent.objects.get(action="plan.set")
    assert (event.before, event.after) == ({"year": 2026, "quota": None}, {"year": 2026, "quota": 3})
    rows = {r["org"]: r for r in client.get(REPORT, {"year": 2026}).context["report"].units}
    actual = stats.flow_of(world.branch, 2026).total["probationary"]
    assert (rows[world.branch]["plan"], rows[world.branch]["difference"]) == (3, actual - 3)
    assert rows[world.sibling]["plan"] is None
    # Emptying the field removes the plan.
    client.post(url, {f"unit_{world.branch.pk}": "", f"unit_{world.sibling.pk}": ""})
    assert not DevelopmentPlan.objects.exists()


def test_next_year_can_be_planned(world, login):
    client = login(world.committee_admin)
    next_year = world.today.year + 1
    assert client.post(f"{PLAN}?year={next_year}", {f"unit_{world.branch.pk}": "4"}).status_code == 302
    assert DevelopmentPlan.objects.get().year == next_year
    report = client.get(REPORT, {"year": next_year})
    assert report.context["year"] == next_year
    assert {r["org"]: r["plan"] for r in report.context["report"].units}[world.branch] == 4


@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "100001"])
def test_bad_quota_is_a_form_error_and_writes_nothing(world, login, value):
    client = login(world.committee_admin)
    before = db_state()
    response = client.post(f"{PLAN}?year=2026", {f"unit_{world.branch.pk}": value})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert db_state() == before


@pytest.mark.parametrize(("actor", "org"), [("branch", None), ("sibling", "sibling"), ("other_committee", "committee"),
                                            ("committee", "other_committee"), ("committee", "branch")])
def test_plan_outside_the_committee_is_404(world, login, actor, org):
    client = login(world.actors.get(actor) or getattr(world, f"{actor}_admin"))
    url = PLAN + (f"?org={getattr(world, org).pk}" if org else "")
    before = db_state()
    assert client.get(url).status_code == 404
    assert client.post(url, {f"unit_{world.branch.pk}": "2"}).status_code == 404
    assert db_state() == before


# --- speed ---------------------------------------------------------------------------------------

def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(REPORT).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_people(world, login):
    client = login(world.committee_admin)
    first = _queries(client)
    for i in range(5):
        paper_case(world.sibling, world.sibling_admin, name=f"新人{i}")
    assert _queries(client) == first


def test_a_units_stock_links_to_the_lists_filtered_to_its_subtree(world, login, english):
    """Below the administered node, a 党总支's numbers open the lists filtered to its subtree (?org=)."""
    from partydev.orgs.models import OrgKind
    from partydev.structure.services import org_create, org_move

    general = org_create(actor=world.committee_admin, parent=world.committee, kind=OrgKind.GENERAL_BRANCH,
                         name="机关党总支")
    org_move(actor=world.committee_admin, node=world.sibling, target=general)
    client = login(world.committee_admin)
    report = client.get(REPORT)
    row = next(u for u in report.context["report"].units if u["org"] == general)
    href = f'{reverse("pc:activist_list")}?org={general.pk}'
    assert f'href="{href}"' in report.content.decode()
    listed = client.get(href)
    assert listed.status_code == 200
    people = list(listed.context["page"].object_list)
    assert len(people) == row["stock"]["activist"] == 1
    assert {p.branch_id for p in people} == {world.sibling.pk}
    assert "机关党总支" in listed.content.decode() and "data-subtree-filter" in listed.content.decode()
    # The committee's whole list has more; another committee's organisation is a form error.
    applicants = {p.branch_id for p in client.get(reverse("pc:applicant_list")).context["page"].object_list}
    assert world.branch.pk in applicants
    assert {p.branch_id for p in client.get(reverse("pc:applicant_list"), {"org": general.pk}).context[
        "page"].object_list} <= {world.sibling.pk}
    wrong = client.get(reverse("pc:activist_list"), {"org": world.other_committee.pk})
    assert "org" in wrong.context["form"].errors
    assert all(p.org_path.startswith(world.committee.path) for p in wrong.context["page"].object_list)


def test_the_pdf_has_the_funnel_and_the_months_as_bars(world, login):
    from partydev.pc.stats_tables import build_report, pdf_charts

    report = build_report(world.committee, world.today.year, world.today, whole_scope=True)
    charts = pdf_charts(report)
    values = [r["value"] for r in charts["funnel"]["rows"]]
    assert values == [report.flow.total[k] for k in stats.FUNNEL]
    assert max(r["width"] for r in charts["funnel"]["rows"]) == (100 if any(values) else 0)
    assert [[b["value"] for b in r["bars"]] for r in charts["trend"]["rows"]] == [report.flow.by_month[k] for k in stats.FUNNEL]
    response = login(world.committee_admin).get(reverse("pc:stats_pdf"), {"year": world.today.year})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
