"""Two yardsticks for the load test.

* `ok`: the stack's ceiling (middleware, session, nothing else).
* `reference_list`: the least work a list page of ours can do: the user's scope (the grants query
  every page makes, and the same scope filter as ours), then ONE query for 20 cases in that scope with their branch names, and a bare
  template that shows the same columns as our list (masked ID number included, so the same 20
  decryptions happen). No count, no filter form, no menu.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from partydev.cases.models import Case
from partydev.cases.selectors import name_search
from partydev.orgs.selectors import ADMIN_ROLES, case_scope_filter
from partydev.process.enums import Stage


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def reference_list(request):
    q = request.GET.get("q", "")
    qs = Case.objects.filter(case_scope_filter(request.user, ADMIN_ROLES), stage=Stage.APPLICANT)
    qs = qs.select_related("branch")
    if q:
        qs = qs.filter(name_search(q))
    rows = list(qs.order_by("name", "id")[:20])
    return render(request, "bench/reference.html", {"rows": rows})
