"""Pages count at most COUNT_CAP rows (docs/performance.md M2): exact below, "more than" above."""

from django.test import RequestFactory
from django.urls import reverse

from partydev.cases.models import Case
from partydev.common.pagination import paginate


def test_count_is_exact_below_the_cap(world):
    qs = Case.objects.order_by("id")
    page = paginate(RequestFactory().get("/"), qs, per_page=2, cap=100)
    assert page.paginator.count == qs.count() and not page.paginator.capped


def test_count_stops_at_the_cap_and_pages_end_there(world):
    qs = Case.objects.order_by("id")
    total = qs.count()
    assert total >= 5
    page = paginate(RequestFactory().get("/", {"page": "999"}), qs, per_page=2, cap=3)
    assert page.paginator.capped and page.paginator.count == 3
    assert page.paginator.num_pages == 2 and page.number == 2
    assert [c.pk for c in page] == [list(qs)[2].pk]


def test_a_list_over_the_cap_says_more_than(world, login, english, monkeypatch):
    monkeypatch.setattr("partydev.common.pagination.COUNT_CAP", 2)
    # paginate()'s default was bound at import: the list views pass nothing, so patch the default too.
    monkeypatch.setattr("partydev.common.pagination.paginate.__defaults__", (20, 2))
    text = login(world.committee_admin).get(reverse("pc:applicant_list")).content.decode()
    assert "More than 2; search or filter to narrow the list" in text
    text = login(world.other_committee_admin).get(reverse("pc:applicant_list")).content.decode()
    assert "1 in total" in text
