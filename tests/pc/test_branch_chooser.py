"""The branch chooser (docs/performance.md M1): a <select> while the user's set of branches is small,
a search box backed by an htmx endpoint once it is larger than BRANCH_SELECT_LIMIT; validation of the
submitted pk (`?branch=`, the transfer's `to_branch`) is the same in both modes.

The world (tests/conftest.py): 示范党委 with 第一党支部 (own) and 第二党支部 (sibling); 另一党委 with
另一党支部. The limit is lowered per test to reach the search mode with a handful of branches."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydev.cases.models import Case, Transfer
from partydev.orgs.models import Organisation
from partydev.pc.list_filters import ListFilterForm
from tests.factories import CaseFactory, child, db_state

pytestmark = pytest.mark.usefixtures("english")

INVALID_CHOICE = "Select a valid choice"
# Every list page whose filter bar has the branch chooser, and the rows its context shows.
LISTS = {
    "pc:applicant_list": "page", "pc:activist_list": "page", "pc:target_list": "page", "pc:reminders": "rows",
}


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def has_select(html: str, name: str) -> bool:
    return re.search(rf'<select name="{name}"', html) is not None


def search_box(html: str, name: str) -> dict:
    """The search mode's parts: the hidden input carrying the value, the box's text and its hx-get."""
    hidden = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)" data-branch-value>', html)
    box = re.search(r'<input type="search"[^>]*\bvalue="([^"]*)"[^>]*data-branch-query[^>]*'
                    r'hx-get="([^"]+)"', html, re.S)
    assert hidden and box, "no search box"
    return {"value": hidden.group(1), "text": box.group(1), "url": box.group(2)}


def shown_branches(response, rows_key):
    rows = response.context[rows_key]
    return {(r["d"].case if rows_key == "rows" else r).branch_id for r in rows}


def search(client, q, url=None):
    return client.get(url or reverse("pc:branch_search"), {"q": q})


def result_names(response) -> list[str]:
    return re.findall(r'data-branch-name="([^"]+)"', html_of(response))


# --- the filter bars ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url_name", LISTS)
def test_below_the_limit_the_branches_are_a_select(world, login, url_name):
    html = html_of(login(world.committee_admin).get(reverse(url_name)))
    assert has_select(html, "branch")
    assert f'<option value="{world.branch.pk}">第一党支部</option>' in html
    assert f'<option value="{world.sibling.pk}">第二党支部</option>' in html
    assert "另一党支部" not in html  # outside the committee's scope
    assert "data-branch-chooser" not in html


@pytest.mark.parametrize("url_name", LISTS)
def test_above_the_limit_a_search_box_replaces_the_options(world, login, settings, url_name):
    settings.BRANCH_SELECT_LIMIT = 1
    html = html_of(login(world.committee_admin).get(reverse(url_name)))
    assert not has_select(html, "branch")
    assert f'<option value="{world.branch.pk}"' not in html and f'<option value="{world.sibling.pk}"' not in html
    box = search_box(html, "branch")
    assert box == {"value": "", "text": "", "url": reverse("pc:branch_search")}
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert '<label class="form-label small" for="id_branch">' in html and 'id="id_branch"' in html


def test_the_limit_is_inclusive(world, login, settings):
    """A branch admin's one branch with the limit at 1 is still a select; the committee's two are not."""
    settings.BRANCH_SELECT_LIMIT = 1
    assert has_select(html_of(login(world.branch_admin).get(reverse("pc:applicant_list"))), "branch")
    assert not has_select(html_of(login(world.committee_admin).get(reverse("pc:applicant_list"))), "branch")


@pytest.mark.parametrize("limit", [200, 1])
@pytest.mark.parametrize("url_name, rows_key", LISTS.items())
def test_filtering_by_branch_still_filters(world, login, settings, limit, url_name, rows_key):
    settings.BRANCH_SELECT_LIMIT = limit
    CaseFactory(branch=world.branch, stage="target")
    CaseFactory(branch=world.sibling, stage="target")
    client = login(world.committee_admin)
    extra = {"window": "all"} if rows_key == "rows" else {}
    everything = client.get(reverse(url_name), extra)
    filtered = client.get(reverse(url_name), extra | {"branch": world.sibling.pk})
    assert world.sibling.pk in shown_branches(everything, rows_key)
    assert shown_branches(filtered, rows_key) == {world.sibling.pk}
    html = html_of(filtered)
    if limit == 1:
        box = search_box(html, "branch")
        assert (box["value"], box["text"]) == (str(world.sibling.pk), "第二党支部")
    else:
        assert f'<option value="{world.sibling.pk}" selected>第二党支部</option>' in html


@pytest.mark.parametrize("limit", [200, 1])
@pytest.mark.parametrize("url_name, rows_key", LISTS.items())
def test_a_branch_outside_the_scope_is_refused_and_leaks_nothing(world, login, settings, limit, url_name,
                                                                 rows_key):
    settings.BRANCH_SELECT_LIMIT = limit
    response = login(world.committee_admin).get(reverse(url_name), {"branch": world.other_branch.pk})
    html = html_of(response)
    assert INVALID_CHOICE in response.context["form"].errors["branch"][0]
    assert world.other_branch.pk not in shown_branches(response, rows_key)
    assert "另一党支部" not in html and "何平" not in html
    if limit == 1:
        assert search_box(html, "branch")["value"] == "" and search_box(html, "branch")["text"] == ""


@pytest.mark.parametrize("bad", ["abc", "999999", "-1"])
def test_a_malformed_branch_is_refused(world, login, settings, bad):
    settings.BRANCH_SELECT_LIMIT = 1
    response = login(world.committee_admin).get(reverse("pc:applicant_list"), {"branch": bad})
    assert INVALID_CHOICE in response.context["form"].errors["branch"][0]
    assert search_box(html_of(response), "branch")["value"] == ""


def test_a_bound_form_shows_the_chosen_name_with_the_validation_query_and_one_more(world, settings):
    """Validation is one `.get(pk=)`; rendering is one query reading at most limit + 1 branches, which
    also tells the mode; the name shown comes from the validated branch."""
    settings.BRANCH_SELECT_LIMIT = 1
    user = world.committee_admin
    user._partydev_grants = None  # read the grants inside the capture, then count them out
    with CaptureQueriesContext(connection) as ctx:
        form = ListFilterForm({"branch": str(world.sibling.pk)}, user=user)
        assert form.is_valid()
        html = str(form["branch"])
    organisation_queries = [q["sql"] for q in ctx.captured_queries if '"orgs_rolegrant"' not in q["sql"]]
    assert len(organisation_queries) == 2, organisation_queries
    assert form.cleaned_data["branch"] == world.sibling
    assert search_box(html, "branch") == {"value": str(world.sibling.pk), "text": "第二党支部",
                                          "url": reverse("pc:branch_search")}


def _page_queries(client, url, params):
    client.get(url, params)  # warm the per-process caches and the session first
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("limit", [200, 3])
@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("chosen", [False, True])
def test_query_count_does_not_grow_with_the_number_of_branches(world, login, settings, limit, url_name, chosen):
    settings.BRANCH_SELECT_LIMIT = limit
    client = login(world.committee_admin)
    params = {"branch": world.sibling.pk} if chosen else {}
    top = Organisation.objects.get(pk=world.committee.pk)
    child(top, "加一支部")
    few = _page_queries(client, reverse(url_name), params)  # 3 branches: a select at either limit
    for n in range(30):
        child(Organisation.objects.get(pk=world.committee.pk), f"加{n}支部")
    many = _page_queries(client, reverse(url_name), params)  # 33: a search box at limit 3
    assert few == many


# --- the filter bars' search ----------------------------------------------------------------------

def test_search_matches_names_within_the_scope_only(world, login):
    committee = login(world.committee_admin)
    assert result_names(search(committee, "党支部")) == ["第一党支部", "第二党支部"]
    assert result_names(search(committee, "第二")) == ["第二党支部"]
    html = html_of(search(committee, "第二"))
    assert result_names(search(login(world.branch_admin), "党支部")) == ["第一党支部"]
    assert result_names(search(login(world.other_committee_admin), "党支部")) == ["另一党支部"]
    assert f'data-branch-pick="{world.sibling.pk}"' in html and "示范党委" in html  # the parent, for same names


@pytest.mark.parametrize("q", ["", "   ", "另一", "%", "_", "党委"])
def test_search_finds_nothing_outside_the_scope_or_without_a_match(world, login, q):
    response = search(login(world.committee_admin), q)
    assert result_names(response) == []
    if q.strip():
        assert "No branch matches." in html_of(response)
    else:
        assert html_of(response).strip() == ""


def test_search_returns_at_most_twenty_in_tree_order(world, login):
    top = Organisation.objects.get(pk=world.committee.pk)
    made = [child(Organisation.objects.get(pk=top.pk), f"测试{n:02d}支部") for n in range(25)]
    response = search(login(world.committee_admin), "测试")
    assert result_names(response) == [b.name for b in sorted(made, key=lambda b: b.path)][:20]
    assert "Only the first 20 are shown" in html_of(response)
    assert "Only the first" not in html_of(search(login(world.committee_admin), "测试0"))  # ten: all shown


def test_search_query_count_does_not_grow_with_the_results(world, login):
    client = login(world.committee_admin)
    for n in range(25):
        child(Organisation.objects.get(pk=world.committee.pk), f"多{n}支部")
    one = _page_queries(client, reverse("pc:branch_search"), {"q": "第二"})
    many = _page_queries(client, reverse("pc:branch_search"), {"q": "多"})
    assert one == many


def test_a_long_query_is_cut_not_refused(world, login):
    assert result_names(search(login(world.committee_admin), "第二" + "x" * 500)) == []


@pytest.mark.parametrize("actor", ["auditor", "applicant", "stranger"])
def test_search_is_for_admins_only(world, login, actor):
    assert search(login(world.actors[actor]), "党支部").status_code == 404


def test_search_needs_a_login_and_a_get(world, login):
    response = search(login(None), "党支部")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert login(world.committee_admin).post(reverse("pc:branch_search"), {"q": "党"}).status_code == 405


# --- 组织关系转接 --------------------------------------------------------------------------------------

def transfer_url(case):
    return reverse("pc:case_transfer", args=[case.public_id])


def transfer_search_url(case):
    return reverse("pc:transfer_branches", args=[case.public_id])


def test_transfer_page_below_the_limit_offers_every_other_branch(world_with_activist, login):
    w = world_with_activist
    html = html_of(login(w.branch_admin).get(transfer_url(w.activist_case)))
    assert has_select(html, "to_branch")
    for other in (w.sibling, w.other_branch):
        assert f'<option value="{other.pk}">{other.name}</option>' in html
    assert f'<option value="{w.branch.pk}"' not in html


def test_transfer_page_above_the_limit_has_a_search_box(world_with_activist, login, settings):
    settings.BRANCH_SELECT_LIMIT = 1
    w = world_with_activist
    html = html_of(login(w.branch_admin).get(transfer_url(w.activist_case)))
    assert not has_select(html, "to_branch") and f'<option value="{w.sibling.pk}"' not in html
    assert search_box(html, "to_branch") == {"value": "", "text": "", "url": transfer_search_url(w.activist_case)}
    assert 'for="id_to_branch"' in html and 'id="id_to_branch"' in html


def test_transfer_search_offers_what_the_page_accepts(world_with_activist, login):
    w = world_with_activist
    client = login(w.branch_admin)
    # Every branch but the own one, across committees (a transfer may leave the committee).
    assert result_names(search(client, "党支部", transfer_search_url(w.activist_case))) == sorted(
        ["第二党支部", "另一党支部"], key=lambda n: Organisation.objects.get(name=n).path)
    assert result_names(search(client, "第一", transfer_search_url(w.activist_case))) == []
    assert result_names(search(client, "党委", transfer_search_url(w.activist_case))) == []  # not a branch


@pytest.mark.parametrize("actor", ["sibling", "committee", "other_branch", "auditor", "activist"])
def test_transfer_search_needs_the_transfer_permission(world_with_activist, login, actor):
    w = world_with_activist
    assert search(login(w.actors[actor]), "党支部", transfer_search_url(w.activist_case)).status_code == 404


def test_transfer_search_is_refused_for_a_case_that_cannot_be_transferred(world_with_activist, login):
    w = world_with_activist  # w.case is an applicant: no transfer from part 一
    assert search(login(w.branch_admin), "党支部", transfer_search_url(w.case)).status_code == 404


def _transfer(client, case, to_branch, today):
    return client.post(transfer_url(case), {"to_branch": to_branch, "transferred_on": today.isoformat(),
                                            "reason": "工作调动"})


@pytest.mark.parametrize("limit", [200, 1])
def test_transfer_posts_the_chosen_pk(world_with_activist, login, settings, limit):
    settings.BRANCH_SELECT_LIMIT = limit
    w = world_with_activist
    response = _transfer(login(w.branch_admin), w.activist_case, w.other_branch.pk, w.today)
    assert response.status_code == 302 and response.url == reverse("pc:activist_list")
    assert Case.objects.get(pk=w.activist_case.pk).branch_id == w.other_branch.pk
    assert Transfer.objects.get(case=w.activist_case).to_branch_id == w.other_branch.pk


@pytest.mark.parametrize("bad", ["own", "committee", "abc", "missing"])
def test_transfer_refuses_an_invalid_pk_and_writes_nothing(world_with_activist, login, settings, bad):
    settings.BRANCH_SELECT_LIMIT = 1
    w = world_with_activist
    value = {"own": w.branch.pk, "committee": w.committee.pk, "abc": "abc", "missing": 999999}[bad]
    client = login(w.branch_admin)  # logging in is audited: take the state after it
    before, transfers = db_state(), Transfer.objects.count()
    response = _transfer(client, w.activist_case, value, w.today)
    assert response.status_code == 400
    assert INVALID_CHOICE in response.context["form"].errors["to_branch"][0]
    assert db_state() == before and Transfer.objects.count() == transfers
    html = response.content.decode()
    box = search_box(html, "to_branch")
    assert box["value"] == "" and box["text"] == "" and "is-invalid" in html


def test_an_empty_transfer_target_is_required(world_with_activist, login, settings):
    settings.BRANCH_SELECT_LIMIT = 1
    w = world_with_activist
    client = login(w.branch_admin)
    before = db_state()
    response = _transfer(client, w.activist_case, "", w.today)
    assert response.status_code == 400 and response.context["form"].errors["to_branch"]
    assert db_state() == before


def test_a_refused_transfer_keeps_the_valid_choice_in_the_box(world_with_activist, login, settings):
    """Another field wrong: the branch the admin picked is still shown (from the validated object)."""
    settings.BRANCH_SELECT_LIMIT = 1
    w = world_with_activist
    response = login(w.branch_admin).post(transfer_url(w.activist_case), {
        "to_branch": w.sibling.pk, "transferred_on": "", "reason": ""})
    assert response.status_code == 400
    assert search_box(response.content.decode(), "to_branch")["value"] == str(w.sibling.pk)
    assert search_box(response.content.decode(), "to_branch")["text"] == "第二党支部"


def test_the_transfer_page_query_count_does_not_grow_with_the_branches(world_with_activist, login, settings):
    settings.BRANCH_SELECT_LIMIT = 5
    w = world_with_activist
    client = login(w.branch_admin)
    few = _page_queries(client, transfer_url(w.activist_case), {})
    for n in range(20):
        child(Organisation.objects.get(pk=w.other_committee.pk), f"远{n}支部")
    assert _page_queries(client, transfer_url(w.activist_case), {}) == few


def test_cases_of_a_chosen_branch_are_listed(world, login, settings):
    """The applicant list with a search-mode filter lists the chosen branch's people by name."""
    settings.BRANCH_SELECT_LIMIT = 1
    CaseFactory(branch=world.sibling, name="筛选甲")
    response = login(world.committee_admin).get(reverse("pc:applicant_list"), {"branch": world.sibling.pk})
    names = {c.name for c in response.context["page"]}
    assert "筛选甲" in names and "陈思远" not in names
