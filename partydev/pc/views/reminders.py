from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partydev.cases.selectors.reminders import reminder_list
from partydev.common.forms import FilterForm
from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.selectors import branches_visible_to
from partydev.process.deadlines import KINDS

from ..access import admin_view
from ..branch_chooser import scope_branch_field

WINDOWS = [("soon", gettext_lazy("Overdue or due within 30 days")),
           ("overdue", gettext_lazy("Overdue only")), ("all", gettext_lazy("All"))]


class ReminderFilterForm(FilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False,
                             choices=[("", gettext_lazy("All kinds")), *((k.code, k.label) for k in KINDS.values())])
    branch = scope_branch_field()
    window = forms.ChoiceField(label=gettext_lazy("Show"), required=False, choices=WINDOWS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)


@admin_view
def reminders(request):
    today = timezone.localdate()
    form = ReminderFilterForm(request.GET or None, user=request.user)
    cleaned = form.cleaned_data if form.is_valid() else {}
    branch = cleaned.get("branch")
    qs = reminder_list(request.user, today=today, kind=cleaned.get("kind", ""),
                       branch_id=branch.pk if branch else None, window=cleaned.get("window") or "soon")
    page = paginate(request, qs, per_page=50)
    rows = [{"d": d, "kind": KINDS[d.kind], "days": (today - d.due_date).days, "left": (d.due_date - today).days}
            for d in page]
    return render(request, "pc/reminders.html", {
        "form": form, "page": page, "rows": rows, "today": today, "query": query_without_page(request),
        "nav": "reminders"})
