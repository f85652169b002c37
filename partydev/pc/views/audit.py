from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from partydev.audit.selectors import audit_events_visible_to
from partydev.audit.services import audit_record
from partydev.common.forms import FilterForm
from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.models import Role
from partydev.orgs.selectors import scope_paths

from ..access import auditor_view


class AuditFilterForm(FilterForm):
    action = forms.CharField(label=gettext_lazy("Action"), required=False)
    actor = forms.CharField(label=gettext_lazy("Actor"), required=False)


@auditor_view
def audit_list(request):
    """The auditor reads; nothing here writes. Reading the log is itself a security event."""
    form = AuditFilterForm(request.GET or None)
    qs = audit_events_visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data["action"]:
            qs = qs.filter(action__startswith=form.cleaned_data["action"])
        if form.cleaned_data["actor"]:
            qs = qs.filter(actor_name__icontains=form.cleaned_data["actor"])
    page = paginate(request, qs, per_page=50)
    # Reading the log is itself audited (who looked, with which filters).
    audit_record(actor=request.user, action="audit.read", org_path=scope_paths(request.user, (Role.AUDITOR,))[0],
                 after={"filters": form.cleaned_data if form.is_valid() else {}, "page": page.number})
    return render(request, "pc/audit/list.html", {
        "form": form, "page": page, "query": query_without_page(request),
        "nav": "audit"})
