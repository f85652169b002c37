from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone

from partydev.cases.reminders import reminder_counts
from partydev.cases.selectors import cases_visible_to, filing_inbox
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, has_role, is_pc_user
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
        per_kind = reminder_counts(user, today=today)
        context |= {
            "stage_counts": [(Stage(s).label, counts[s]) for s in Stage.values],
            "reminder_rows": per_kind,
            "overdue": sum(r["overdue"] for r in per_kind),
            "due_week": sum(r["week"] for r in per_kind),
        }
    if has_role(user, Role.COMMITTEE_ADMIN):
        context["pending_filings"] = filing_inbox(user).count()
    return render(request, "pc/home.html", context)
