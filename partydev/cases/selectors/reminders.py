"""Work reminders (待办提醒): everything due or overdue in a user's scope, read from the Deadline
table in one indexed query — never a loop over cases."""

from datetime import date, timedelta

from django.db.models import Count, Q

from partydev.orgs.selectors import ADMIN_ROLES, branch_path, case_scope_filter
from partydev.process.deadlines import KINDS, MILESTONES

from ..models import Deadline

SOON_DAYS = 30


def deadlines_visible_to(user, *, walk: str = "root"):
    return Deadline.objects.filter(case_scope_filter(user, ADMIN_ROLES, walk=walk))


def reminder_list(user, *, today: date, kind: str = "", branch_id: int | None = None, window: str = "open"):
    """Sorted by urgency: the most overdue first. `window`: "overdue", "soon" (overdue or due within
    30 days, the default view) or "all". Milestones (one year of cultivation) show once reached."""
    # The top of a tree walks (due_date, id) in the page's order and checks the path: the page is full
    # after its 50 rows, where the path index read, joined and sorted every deadline of the university
    # first (16 ms on SQLite; issue 15). Below the top the subtree's own deadlines are fewer to sort
    # than the others' a walk would pass over, so it keeps the path index.
    qs = deadlines_visible_to(user, walk="ordered").select_related("case", "case__branch")
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
    return qs.order_by("due_date", "id")


def reminder_counts(user, *, today: date) -> list[dict]:
    """Per kind: how many are overdue and how many fall due within 7 days (the home page)."""
    week = today + timedelta(days=7)
    rows = (deadlines_visible_to(user).values("kind").order_by("kind")
            .annotate(overdue=Count("id", filter=Q(due_date__lt=today)),
                      week=Count("id", filter=Q(due_date__gte=today, due_date__lte=week))))
    by_kind = {r["kind"]: r for r in rows}
    return [{"kind": k, "overdue": 0 if k.milestone else by_kind.get(k.code, {}).get("overdue", 0),
             "week": by_kind.get(k.code, {}).get("week", 0)}
            for k in KINDS.values() if k.code in by_kind]
