from django.shortcuts import redirect, render
from django.utils import timezone

from partydev.orgs.selectors import ADMIN_ROLES, has_role, is_pc_user

from ..access import pc_view
from ..home_summary import home_summary, summary_context


def root(request):
    """/ sends each person to their own site."""
    if not request.user.is_authenticated:
        return redirect("login")
    if is_pc_user(request.user):
        return redirect("pc:home")
    return redirect("mobile:home")


@pc_view
def home(request):
    """The admin's overview. The counts come from home_summary: live for a branch or 基层党委,
    cached for a few minutes where counting the scope is slow (?refresh=1 counts again)."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if any(has_role(user, r) for r in ADMIN_ROLES):
        summary, cached = home_summary(user, today, refresh=request.GET.get("refresh") == "1")
        context |= summary_context(summary, cached=cached)
    return render(request, "pc/home.html", context)
