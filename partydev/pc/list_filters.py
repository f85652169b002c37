"""The filters of the list pages (申请人管理 … 正式党员), in one place: the list shows them and 导出台账
exports exactly what the list shows (same form, same query)."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from partydev.cases.models import Deadline
from partydev.cases.selectors import case_list
from partydev.common.dates import add_months
from partydev.common.forms import FilterForm
from partydev.orgs.models import Organisation
from partydev.orgs.selectors import branches_visible_to
from partydev.process.deadlines import MILESTONES
from partydev.process.enums import FilingStatus, LetterStatus, Stage
from partydev.stats.selectors import report_orgs_visible_to

from .branch_chooser import scope_branch_field

APPLICANT_STATUS_FILTERS = {
    "awaiting_letter": gettext_lazy("Letter awaiting approval"),
    "no_letter": gettext_lazy("No letter approved yet"),
    "filed": gettext_lazy("Filed, awaiting the committee"),
}


class ListFilterForm(FilterForm):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    branch = scope_branch_field()
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("All")), *APPLICANT_STATUS_FILTERS.items()])

    # The statistics' drill-down (统计分析): the people of one organisation's subtree in the user's scope.
    org = forms.ModelChoiceField(label=gettext_lazy("Organisation (with everything below it)"), required=False,
                                 queryset=Organisation.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)
        self.fields["org"].queryset = report_orgs_visible_to(user)


def _status_filter(qs, status: str):
    if status == "awaiting_letter":
        return qs.filter(applicationletters__status=LetterStatus.SUBMITTED).distinct()
    if status == "no_letter":
        return qs.exclude(applicationletters__status=LetterStatus.APPROVED)
    if status == "filed":
        return qs.filter(filings__status=FilingStatus.PENDING).distinct()
    return qs


CULTIVATION_FILTERS = {
    "lt6": gettext_lazy("Under 6 months"),
    "6to12": gettext_lazy("6 to 12 months"),
    "ge12": gettext_lazy("One year or more (may become a development target)"),
}
DUE_FILTERS = {"overdue": gettext_lazy("Something overdue"), "week": gettext_lazy("Something due within 7 days")}


class ActivistFilterForm(ListFilterForm):
    cultivation = forms.ChoiceField(label=gettext_lazy("Cultivation time"), required=False,
                                    choices=[("", gettext_lazy("All")), *CULTIVATION_FILTERS.items()])
    due = forms.ChoiceField(label=gettext_lazy("Due"), required=False,
                            choices=[("", gettext_lazy("All")), *DUE_FILTERS.items()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["status"]


def _cultivation_filter(qs, bucket: str, today):
    six, twelve = add_months(today, -6), add_months(today, -12)
    if bucket == "lt6":
        return qs.filter(activist_since__gt=six)
    if bucket == "6to12":
        return qs.filter(activist_since__lte=six, activist_since__gt=twelve)
    if bucket == "ge12":
        return qs.filter(activist_since__lte=twelve)
    return qs


def _due_filter(qs, due: str, today):
    """Cases with a deadline overdue or due this week (milestones excluded), as one EXISTS."""
    if not due:
        return qs
    duties = Deadline.objects.filter(case=OuterRef("pk")).exclude(kind__in=MILESTONES)
    duties = duties.filter(due_date__lt=today) if due == "overdue" else duties.filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=7))
    return qs.filter(Exists(duties))



class MembershipFilterForm(ActivistFilterForm):
    """Search, branch and "something due"; cultivation time only matters for activists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["cultivation"]


FORMS = {Stage.APPLICANT: ListFilterForm, Stage.ACTIVIST: ActivistFilterForm, Stage.TARGET: MembershipFilterForm,
         Stage.PROBATIONARY: MembershipFilterForm, Stage.FULL: MembershipFilterForm}


def filter_form(data, user, stage):
    return FORMS[stage](data or None, user=user)


def filtered_cases(request, stage):
    """(the bound form, the people of `stage` the user's scope and the form's filters select)."""
    form = filter_form(request.GET, request.user, stage)
    cleaned = form.cleaned_data if form.is_valid() else {}
    branch = cleaned.get("branch")
    today = timezone.localdate()
    org = cleaned.get("org")
    qs = case_list(request.user, stage=stage, query=cleaned.get("q", ""), branch_id=branch.pk if branch else None,
                   org_path=org.path if org else None)
    qs = _status_filter(qs, cleaned.get("status", ""))
    qs = _cultivation_filter(qs, cleaned.get("cultivation", ""), today)
    return form, _due_filter(qs, cleaned.get("due", ""), today)


def ledger_query(stage, list_query: str) -> str:
    """The 导出台账 link's query: the list's stage and its filters (without the page number)."""
    return urlencode({"stage": stage}) + (f"&{list_query}" if list_query else "")
