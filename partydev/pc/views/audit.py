from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from partydev.audit.selectors import audit_events_visible_to
from partydev.common.forms import FilterForm
from partydev.common.pagination import paginate, query_without_page

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
    return render(request, "pc/audit/list.html", {
        "form": form, "page": paginate(request, qs, per_page=50), "query": query_without_page(request),
        "nav": "audit"})
