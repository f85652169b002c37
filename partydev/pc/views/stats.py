"""统计分析: the yearly development report of an organisation and its subtree (细则 2026 §37 / 2014 §38),
its Excel tables and PDF, and the committee's development plan.

Thin views: the organisation comes from `report_org_for` (outside the user's scope: 404), the numbers
from partydev/stats/selectors.py through pc/stats_tables.py, the plan is written by
`stats.services.plan_set`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from partydev.audit.services import audit_record
from partydev.common.forms import FilterForm
from partydev.orgs.models import Organisation
from partydev.orgs.selectors import ADMIN_ROLES, grants_of
from partydev.stats.export import table_xlsx
from partydev.stats.selectors import child_units, children_of, report_org_for, years_offered
from partydev.stats.services import MAX_QUOTA, can_plan_for, plan_set

from ..access import admin_view, committee_admin_view
from ..stats_tables import build_report, pdf_charts, report_href
from .dossier import XLSX, _pdf


class YearForm(FilterForm):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years_offered(today)]


def _org_and_year(request):
    """The report's organisation (404 outside the scope) and year (an unknown year: the form's error,
    and the current year is shown)."""
    today = timezone.localdate()
    org = report_org_for(request.user, request.GET.get("org"))
    data = request.GET.copy()
    data.setdefault("year", str(today.year))  # so the select shows the year the page shows
    form = YearForm(data, today=today)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or today.year
    return org, year, form, today


def _whole_scope(user, org) -> bool:
    return any(g.org_id == org.pk for g in grants_of(user) if g.role in ADMIN_ROLES)


def _ancestors_in_scope(user, org) -> list:
    """The breadcrumb from the user's administered node down to `org`."""
    top = [g.org for g in grants_of(user) if g.role in ADMIN_ROLES and org.path.startswith(g.org.path)]
    if not top:
        return []
    start = min(top, key=lambda o: len(o.path))
    return list(Organisation.objects.filter(path__in=[org.path[:i] for i in range(org.steplen, len(org.path), org.steplen)], path__under=start.path).order_by("depth"))


@admin_view
@require_GET
def stats_report(request):
    org, year, form, today = _org_and_year(request)
    report = build_report(org, year, today, whole_scope=_whole_scope(request.user, org))
    return render(request, "pc/stats/report.html", {
        "org": org, "year": year, "form": form, "report": report, "tables": report.tables,
        "ancestors": [(a, report_href(a, year)) for a in _ancestors_in_scope(request.user, org)],
        "can_plan": can_plan_for(request.user, org) and bool(report.units), "today": today, "nav": "stats"})


@admin_view
@require_GET
def stats_export(request):
    """One table of the report as Excel (统计表导出)."""
    org, year, _form, today = _org_and_year(request)
    report = build_report(org, year, today, whole_scope=False)
    table = report.tables.get(request.GET.get("table", ""))
    if table is None:
        raise Http404
    data = table_xlsx(title=str(table.title), subtitle=f"{org.name} · {year}", header=[str(h) for h in table.header],
                      rows=[[c.value if c.value is not None else None for c in row] for row in table.rows],
                      note=str(table.note))
    audit_record(actor=request.user, action="stats.download", org_path=org.path,
                 after={"year": year, "table": table.key, "format": "xlsx"})
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{table.title}-{org.name}-{year}.xlsx")
    return response


@admin_view
@require_GET
def stats_pdf(request):
    """The whole report as PDF: the funnel and the months as bar charts, then every table."""
    org, year, _form, today = _org_and_year(request)
    report = build_report(org, year, today, whole_scope=False)
    html = render_to_string("pc/stats/report_pdf.html", {
        "org": org, "year": year, "report": report, "tables": report.tables, "charts": pdf_charts(report),
        "printed_at": timezone.localtime(),
        "printed_by": request.user}, request=request)
    pdf = _pdf(html)
    audit_record(actor=request.user, action="stats.download", org_path=org.path,
                 after={"year": year, "format": "pdf", "bytes": len(pdf)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{_('Development report')}-{org.name}-{year}.pdf")
    return response


class PlanForm(forms.Form):
    """One quota per subordinate unit; empty means no plan for that unit."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for unit in units:
            self.fields[f"unit_{unit.pk}"] = forms.IntegerField(
                label=unit.name, required=False, min_value=0, max_value=MAX_QUOTA,
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_QUOTA}))
        self.units = units

    def quotas(self) -> dict:
        return {u.pk: self.cleaned_data.get(f"unit_{u.pk}") for u in self.units}


@committee_admin_view
def stats_plan(request):
    """发展计划: a committee enters next (or this) year's quota for each unit directly below it."""
    org, year, year_form, _today = _org_and_year(request)
    if not can_plan_for(request.user, org):
        raise Http404
    units = child_units(org)
    if not units:
        raise Http404
    current = dict(children_of(org).filter(development_plans__year=year)
                   .values_list("pk", "development_plans__quota"))
    initial = {f"unit_{pk}": quota for pk, quota in current.items()}
    form = PlanForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = plan_set(actor=request.user, committee=org, year=year, quotas=form.quotas())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Development plan saved (%(n)s changed).") % {"n": changed})
            return redirect(report_href(org, year) + "#plan")
    status = 400 if request.method == "POST" else 200
    return render(request, "pc/stats/plan.html", {
        "org": org, "year": year, "year_form": year_form, "form": form, "nav": "stats",
        "report_url": report_href(org, year)}, status=status)
