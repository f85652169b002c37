"""发展党员 (seed manual: 发展党员全程纪实 → 发展党员): one menu entry leading to the first tab; the five
lists 申请人管理 / 积极分子管理 / 发展对象管理 / 预备党员管理 / 正式党员 are its tabs, at their old URLs."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

TABS = ["pc:applicant_list", "pc:activist_list", "pc:target_list", "pc:probationary_list", "pc:full_list"]
WORDS = ["申请人管理", "积极分子管理", "发展对象管理", "预备党员管理", "正式党员"]


def _zh(client, url, **params):
    with translation.override("zh-hans"):
        return client.get(url, params, HTTP_ACCEPT_LANGUAGE="zh-hans")


def _tab_bar(html):
    return re.search(r'<nav class="development-tabs.*?</nav>', html, re.S).group(0)


def _menu(html):
    return re.search(r'<nav class="col-md-2 sidebar.*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize("current", range(5))
def test_each_list_is_a_tab_of_the_development_page(world, login, current):
    client = login(world.branch_admin)
    response = _zh(client, reverse(TABS[current]))
    assert response.status_code == 200
    html = response.content.decode()
    bar = _tab_bar(html)
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', bar) == [
        (reverse(n), w) for n, w in zip(TABS, WORDS, strict=True)]
    assert re.findall(r'aria-current="page" href="([^"]+)"', bar) == [reverse(TABS[current])]
    # The menu has one 发展党员 entry, leading to the first tab and marked as current here.
    menu = _menu(html)
    assert f'class="nav-link active" href="{reverse(TABS[0])}">发展党员</a>' in menu
    assert "申请人管理" not in menu and "积极分子管理" not in menu


def test_person_pages_keep_development_current_in_the_menu(world, login):
    client = login(world.branch_admin)
    html = _zh(client, reverse("pc:case_detail", args=[world.case.public_id])).content.decode()
    assert f'class="nav-link active" href="{reverse(TABS[0])}">发展党员</a>' in _menu(html)


def test_committee_admin_sees_the_same_tabs(world, login):
    client = login(world.committee_admin)
    html = _zh(client, reverse("pc:activist_list")).content.decode()
    assert WORDS == [w for _h, w in re.findall(r'href="([^"]+)">([^<]+)</a>', _tab_bar(html))]


@pytest.mark.parametrize("url_name", TABS)
def test_auditor_and_applicant_get_404_and_no_development_entry(world, login, url_name):
    client = login(world.auditor)
    assert client.get(reverse(url_name)).status_code == 404
    assert "发展党员</a>" not in _zh(client, reverse("pc:audit_list")).content.decode()
    client = login(world.applicant)
    assert client.get(reverse(url_name)).status_code == 404


def test_bad_filter_keeps_the_tabs(world, login):
    client = login(world.branch_admin)
    response = _zh(client, reverse("pc:target_list"), branch="not-a-branch", page="x")
    assert response.status_code == 200
    assert f'aria-current="page" href="{reverse("pc:target_list")}"' in _tab_bar(response.content.decode())
