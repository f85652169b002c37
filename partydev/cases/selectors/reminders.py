"""Work reminders (待办提醒): everything due or overdue in a user's scope, read from the Deadline
table in one indexed query — never a loop over cases."""

from datetime import date, timedelta

from django.db import connection
from django.db.models import BigIntegerField, Count, DateField, ExpressionWrapper, F, Q, Value

from partydev.orgs.selectors import ADMIN_ROLES, branch_path, case_scope_filter, scope_within_subtrees
from partydev.process.deadlines import KINDS, MILESTONES

from ..models import Deadline

SOON_DAYS = 30
# (due_date, id) as expressions no index answers: the same order, read after a sort (PostgreSQL's
# date + integer is a date; SQLite, which stores dates as text, keeps the plain order).
UNINDEXED_ORDER = (ExpressionWrapper(F("due_date") + Value(0), output_field=DateField()),
                   ExpressionWrapper(F("id") + Value(0), output_field=BigIntegerField()))


def deadlines_visible_to(user, *, walk: str = "root"):
    return Deadline.objects.filter(case_scope_filter(user, ADMIN_ROLES, walk=walk))


def reminder_list(user, *, today: date, kind: str = "", branch_id: int | None = None, window: str = "open"):
    """Sorted by urgency: the most overdue first. `window`: "overdue", "soon" (overdue or due within
    30 days, the default view) or "all". Milestones (one year of cultivation) show once reached."""
    qs = deadlines_visible_to(user, walk="ordered")
    if kind:
        qs = qs.filter(kind=kind)
    if branch_id:
        # A deadline sits at its case's branch path: the equality reads the branch's deadlines from
        # (org_path, due_date) in order, where the join alone let SQLite walk the whole scope.
        qs = qs.filter(case__branch_id=branch_id, org_path=branch_path(branch_id))
    if window == "overdue":
        qs = qs.filter(due_date__lt=today).exclude(kind__in=MILESTONES)
    elif window == "soon":
        qs = qs.filter(due_date__lte=today + timedelta(days=SOON_DAYS))
    # Ties on the date in creation order: ordering by the case's name would join and sort every
    # deadline of the window before the first page (1.3 s for a province, M4); (due_date, id) is an index.
    if branch_id or not scope_within_subtrees(user, ADMIN_ROLES):
        # The top of a tree walks (due_date, id) in the page's order and checks the path: the page is
        # full after its 50 rows, where the path index read, joined and sorted every deadline of the
        # university first (16 ms on SQLite; issue 15). A branch reads its own rows in that order.
        return qs.select_related("case", "case__branch").order_by("due_date", "id")
    # Below the top the subtree's own deadlines are fewer to sort than the others' a walk would pass
    # over: read them from the path index and sort them alone, then fetch the page's people (a join
    # before the sort ran for every deadline of the subtree). PostgreSQL's estimate of a small
    # subtree's share is coarse, so it chose the walk and passed the whole province's overdue rows when
    # a 基层党委 had fewer than a page of its own (478 ms at T2): an order no index gives keeps it on the
    # path index. SQLite already reads a range below the top (`under_ordered`).
    order = UNINDEXED_ORDER if connection.vendor == "postgresql" else ("due_date", "id")
    return qs.prefetch_related("case__branch").order_by(*order)


def reminder_counts(user, *, today: date) -> list[dict]:
    """Per kind: how many are overdue and how many fall due within 7 days, counted from the Deadline
    table. The home page reads an admin's from the deadlines' counters instead
    (stats.selectors.due_counts: the same rows, a few per administered node); the tests compare them."""
    week = today + timedelta(days=7)
    rows = (deadlines_visible_to(user).values("kind").order_by("kind")
            .annotate(overdue=Count("id", filter=Q(due_date__lt=today)),
                      week=Count("id", filter=Q(due_date__gte=today, due_date__lte=week))))
    return counts_per_kind({r["kind"]: (r["overdue"], r["week"]) for r in rows})


def counts_per_kind(by_kind: dict[str, tuple[int | None, int | None]]) -> list[dict]:
    """kind code → (overdue, within the week) as the home page lists them: the kinds present, in
    KINDS' order; a milestone (a year of cultivation reached) is never overdue, as in `reminder_list`."""
    return [{"kind": k, "overdue": 0 if k.milestone else by_kind[k.code][0] or 0, "week": by_kind[k.code][1] or 0}
            for k in KINDS.values() if k.code in by_kind]
