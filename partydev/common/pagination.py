"""Pages of a list. Counting stops at COUNT_CAP: an exact COUNT(*) over a province's million cases
costs more than the page itself (docs/performance.md M2), and nobody pages past the 50th page —
they search or filter instead."""

from functools import cached_property

from django.core.paginator import Paginator

PAGE_SIZE = 20
COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator whose count is exact up to `cap` rows; beyond it `capped` is true and the pages
    end at the cap (the template says "more than N" and asks for a narrower search)."""

    def __init__(self, object_list, per_page, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def counted(self) -> int:
        """Rows counted, at most cap + 1 (a query that stops reading after that many rows)."""
        if hasattr(self.object_list, "query"):
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap


def paginate(request, queryset, per_page: int = PAGE_SIZE, cap: int = COUNT_CAP):
    """A page of `queryset` from ?page=; bad or out-of-range numbers give the nearest page."""
    return CappedPaginator(queryset, per_page, cap=cap).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
