"""The home page's counts (docs/performance.md M5, partydev/pc/home_summary.py): live where counting
is quick, cached for a few minutes where it took longer than HOME_SUMMARY_CACHE_MS, per scope.

The test database is tiny, so every count is quick: the default settings show the live path, and
HOME_SUMMARY_CACHE_MS = 0 stands in for a province whose counting takes over a second."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partydev.cases.selectors.reminders import reminder_counts
from partydev.orgs.models import Organisation, Role
from partydev.pc.home_summary import summary_key
from partydev.process.enums import Stage
from tests.factories import CaseFactory, FilingFactory, admin, branch_admin, child, committee, paper_case

pytestmark = pytest.mark.usefixtures("english")

HOME = reverse("pc:home")
APPLICANTS = Stage.values.index(Stage.APPLICANT)
COUNTING_TABLES = ("cases_case", "stats_statsstock", "cases_deadline", "stats_statsdue", "cases_filing")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def slow(settings):
    """Every count counts as slow: summaries are cached."""
    settings.HOME_SUMMARY_CACHE_MS = 0
    return settings


def applicants(response) -> int:
    return response.context["stage_counts"][APPLICANTS][1]


def visit(client, user, query=""):
    client.force_login(user)
    response = client.get(HOME + query)
    assert response.status_code == 200
    return response


def add_applicant(branch):
    CaseFactory(branch=branch, stage=Stage.APPLICANT)


def add_pending_filing(w):
    FilingFactory(case=CaseFactory(branch=w.branch), created_by=w.branch_admin)


# --- live where counting is quick --------------------------------------------------------------

def test_default_settings_count_live(world, client, settings):
    assert settings.HOME_SUMMARY_CACHE_MS == 300
    first = visit(client, world.committee_admin)
    add_applicant(world.branch)
    add_pending_filing(world)
    second = visit(client, world.committee_admin)
    assert applicants(second) == applicants(first) + 2  # the filing's case is an applicant too
    assert second.context["pending_filings"] == first.context["pending_filings"] + 1
    assert "counted_at" not in second.context
    assert "Counted at" not in second.content.decode()
    # Nothing was stored for this scope.
    assert cache.get(summary_key(world.committee_admin, timezone.localdate())) is None


def test_branch_admin_always_sees_live_numbers(world, client):
    first = visit(client, world.branch_admin)
    add_applicant(world.branch)
    assert applicants(visit(client, world.branch_admin)) == applicants(first) + 1
    assert first.context["pending_filings"] is None  # filings are the committee's


# --- cached where counting is slow -------------------------------------------------------------

def test_slow_summary_is_served_from_the_cache_with_a_note(world, client, slow):
    first = visit(client, world.committee_admin)
    assert "counted_at" not in first.context  # the visit that counted shows live numbers
    add_applicant(world.branch)
    add_pending_filing(world)
    second = visit(client, world.committee_admin)
    assert applicants(second) == applicants(first)
    assert second.context["pending_filings"] == first.context["pending_filings"]
    at = timezone.localtime(second.context["counted_at"]).strftime("%H:%M")
    html = second.content.decode()
    assert f"Counted at {at}; refreshed every 5 minutes" in html
    assert f'href="{HOME}?refresh=1"' in html and "Refresh now" in html


def test_refresh_counts_again(world, client, slow):
    first = visit(client, world.committee_admin)
    add_applicant(world.branch)
    refreshed = visit(client, world.committee_admin, "?refresh=1")
    assert applicants(refreshed) == applicants(first) + 1
    assert "counted_at" not in refreshed.context
    # The recount replaced the cached summary: the next visit shows it (from the cache).
    add_applicant(world.branch)
    after = visit(client, world.committee_admin)
    assert applicants(after) == applicants(first) + 1 and "counted_at" in after.context


@pytest.mark.parametrize("query", ["?refresh=0", "?refresh=yes", "?refresh=", "?refresh=1x"])
def test_other_refresh_values_keep_the_cached_summary(world, client, slow, query):
    first = visit(client, world.committee_admin)
    add_applicant(world.branch)
    response = visit(client, world.committee_admin, query)
    assert applicants(response) == applicants(first) and "counted_at" in response.context


def test_refresh_when_counting_is_quick_again_goes_back_to_live(world, client, settings):
    settings.HOME_SUMMARY_CACHE_MS = 0
    first = visit(client, world.committee_admin)
    settings.HOME_SUMMARY_CACHE_MS = 300
    visit(client, world.committee_admin, "?refresh=1")
    add_applicant(world.branch)
    after = visit(client, world.committee_admin)
    assert applicants(after) == applicants(first) + 1 and "counted_at" not in after.context


def test_cached_summary_is_shown_in_the_readers_language(world, client, slow):
    visit(client, world.committee_admin)  # counted and cached while reading English
    client.cookies["django_language"] = "zh-hans"  # the reader switched to 中文 (common/language.py)
    response = client.get(HOME)
    stage_label = str(response.context["stage_counts"][APPLICANTS][0])
    assert "counted_at" in response.context
    assert stage_label != "Applicant" and "入党申请人" in response.content.decode()


# --- one entry per scope -----------------------------------------------------------------------

def test_a_branch_admin_never_sees_the_committees_cached_numbers(world, client, slow):
    committee_view = visit(client, world.committee_admin)  # cached: the whole 示范党委
    add_applicant(world.branch)
    add_applicant(world.branch)
    live_branch = world.branch.cases.filter(stage=Stage.APPLICANT).count()
    assert live_branch != applicants(committee_view)
    branch_view = visit(client, world.branch_admin)
    assert applicants(branch_view) == live_branch
    assert "counted_at" not in branch_view.context and branch_view.context["pending_filings"] is None
    # And the committee's entry was not replaced by the branch's.
    assert applicants(visit(client, world.committee_admin)) == applicants(committee_view)


def test_keys_follow_grants_and_date(world):
    today = timezone.localdate()
    keys = {summary_key(u, today) for u in (world.committee_admin, world.other_committee_admin,
                                            world.branch_admin, world.sibling_admin)}
    assert len(keys) == 4
    assert summary_key(world.committee_admin, today) != summary_key(world.committee_admin,
                                                                    today + timedelta(days=1))
    # The same grants give the same key: a second admin of 示范党委 shares the first one's entry.
    colleague = admin(Role.COMMITTEE_ADMIN, world.committee)
    assert summary_key(colleague, today) == summary_key(world.committee_admin, today)
    # A branch admin grant and a committee admin grant on the same organisation differ.
    on_committee = branch_admin(world.committee)
    assert summary_key(on_committee, today) != summary_key(world.committee_admin, today)


def test_same_scope_shares_the_cached_summary(world, client, slow):
    first = visit(client, world.committee_admin)
    add_applicant(world.branch)
    colleague = admin(Role.COMMITTEE_ADMIN, world.committee)
    shared = visit(client, colleague)
    assert applicants(shared) == applicants(first) and "counted_at" in shared.context


# --- queries -----------------------------------------------------------------------------------

def captured(client, query=""):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(HOME + query).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def counting(sqls) -> list[str]:
    return [s for s in sqls if any(t in s for t in COUNTING_TABLES)]


@pytest.fixture
def tree(db):
    top = committee("计数党委")
    branch = child(top, "计数支部")
    return branch, admin(Role.COMMITTEE_ADMIN, top)


def test_live_query_count_does_not_grow_with_the_data(tree, client):
    branch, committee_admin = tree
    client.force_login(committee_admin)
    add_applicant(branch)
    client.get(HOME)  # warm the per-process caches (content types, session)
    one = captured(client)
    for _ in range(29):
        add_applicant(branch)
    assert len(captured(client)) == len(one)
    assert len(counting(one)) == 3  # stages, reminders, pending filings


def test_admin_counts_cost_the_same_queries_whatever_the_scope(tree, client):
    """An admin's stage and reminder counts read the counters (StatsStock, StatsDue): the same
    queries for one person as for many branches of people with deadlines, never the Deadline table,
    and the same numbers as counted from it."""
    branch, committee_admin = tree
    top = Organisation.objects.get(path=branch.path[:-branch.steplen])
    paper_case(branch, branch_admin(branch), name="计数一")
    client.force_login(committee_admin)
    client.get(HOME)  # warm the per-process caches (content types, session)
    one = captured(client)
    for i in range(3):
        more = child(top, f"计数支部{i}")
        actor = branch_admin(more)
        for j, days in enumerate((40, 27, 10)):  # the talk (a month after the letter) overdue, this week, later
            paper_case(more, actor, name=f"计数{i}{j}", received=timezone.localdate() - timedelta(days=days))
    many = captured(client)
    assert len(many) == len(one)
    assert not [s for s in many if "cases_deadline" in s]
    assert len([s for s in many if "stats_statsdue" in s]) == 1
    response = client.get(HOME + "?refresh=1")
    direct = reminder_counts(committee_admin, today=timezone.localdate())
    assert sum(r["overdue"] for r in direct) > 0 and sum(r["week"] for r in direct) > 0
    assert [(r["kind"], r["overdue"], r["week"]) for r in response.context["reminder_rows"]] == \
        [(r["kind"], r["overdue"], r["week"]) for r in direct]


def test_cached_visit_counts_nothing(tree, client, slow):
    branch, committee_admin = tree
    client.force_login(committee_admin)
    add_applicant(branch)
    client.get(HOME)
    cached = captured(client)
    assert counting(cached) == []
    assert len(counting(captured(client, "?refresh=1"))) == 3


# --- other roles -------------------------------------------------------------------------------

def test_auditor_home_has_no_counts_and_no_cache(world, client, slow):
    response = visit(client, world.auditor)
    assert "stage_counts" not in response.context and "counted_at" not in response.context
    assert cache.get(summary_key(world.auditor, timezone.localdate())) is None
    assert counting(captured(client)) == []
    assert visit(client, world.auditor, "?refresh=1").status_code == 200


def test_refresh_is_for_pc_users_only(world, client):
    client.force_login(world.applicant)
    assert client.get(HOME + "?refresh=1").status_code == 404


def test_anonymous_refresh_goes_to_login(client, db):
    response = client.get(HOME + "?refresh=1")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
