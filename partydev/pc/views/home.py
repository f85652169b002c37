from datetime import timedelta

from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone

from partydev.cases.models import Deadline
from partydev.cases.selectors import cases_visible_to, filing_inbox
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, has_role, is_pc_user, path_filter, scope_paths
from partydev.process.enums import Stage

from ..access import pc_view


def root(request):
    """/ sends each person to their own site."""
    if not request.user.is_authenticated:
        return redirect("login")
    if is_pc_user(request.user):
        return redirect("pc:home")
    return redirect("mobile:home")


@pc_view
def home(request):
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if any(has_role(user, r) for r in ADMIN_ROLES):
        counts = dict.fromkeys(Stage.values, 0)
        for row in cases_visible_to(user).values("stage").order_by().annotate(n=Count("id")):
            counts[row["stage"]] = row["n"]
        deadlines = Deadline.objects.filter(path_filter(scope_paths(user, ADMIN_ROLES)))
        context |= {
            "stage_counts": [(Stage(s).label, counts[s]) for s in Stage.values],
            "overdue": deadlines.filter(due_date__lt=today).count(),
            "due_week": deadlines.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7)).count(),
        }
    if has_role(user, Role.COMMITTEE_ADMIN):
        context["pending_filings"] = filing_inbox(user).count()
    return render(request, "pc/home.html", context)
