"""确定积极分子并备案 (branch) and the committee's filing inbox (accept / return)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partydev.cases.forms import AcceptFilingForm, CaseReturnForm, ReasonForm
from partydev.cases.permissions import can_decide_filing, can_edit_applicant_records, can_return_case
from partydev.cases.selectors import case_for, filing_for, filing_inbox
from partydev.cases.services import (
    BlockedByProblems,
    StaleState,
    case_return,
    filing_accept,
    filing_return,
    filing_submit,
)
from partydev.common.forms import FilterForm
from partydev.common.pagination import paginate, query_without_page
from partydev.process.checks import FILE_ACTIVIST, blocking, problems
from partydev.process.enums import FilingStatus
from partydev.process.facts import load_facts

from ..access import branch_admin_view, committee_admin_view


@branch_admin_view
def case_filing(request, public_id):
    """Shows 当前备案存在问题; 确定 files the case when nothing blocks."""
    case = case_for(request.user, public_id)
    if not can_edit_applicant_records(request.user, case):
        raise Http404
    today = timezone.localdate()
    found = problems(load_facts(case), FILE_ACTIVIST, today)
    if request.method == "POST":
        try:
            filing_submit(case=case, actor=request.user, today=today)
        except BlockedByProblems as exc:
            found = exc.problems
            messages.error(request, _("The filing cannot be made until the problems below are corrected."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The filing has been sent to the Party committee."))
            return redirect("pc:case_detail", public_id=case.public_id)
    return render(request, "pc/filings/submit.html", {
        "case": case, "problems": found, "blocked": bool(blocking(found)), "nav": "applicants"},
        status=400 if request.method == "POST" else 200)


class InboxFilterForm(FilterForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=FilingStatus.choices)
    q = forms.CharField(label=gettext_lazy("Search"), required=False)


@committee_admin_view
def inbox(request):
    form = InboxFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    qs = filing_inbox(request.user, status=cleaned.get("status") or FilingStatus.PENDING)
    if cleaned.get("q"):
        qs = qs.filter(case__name__icontains=cleaned["q"])
    return render(request, "pc/filings/inbox.html", {
        "form": form, "page": paginate(request, qs), "query": query_without_page(request), "nav": "filings"})


def _filing_page(request, filing, *, accept_form=None, return_form=None, status=200):
    facts = load_facts(filing.case)
    return render(request, "pc/filings/detail.html", {
        "filing": filing, "case": filing.case, "facts": facts,
        "problems": _problems_besides(filing, facts) if filing.status == FilingStatus.PENDING else [],
        "can_decide": can_decide_filing(request.user, filing),
        "accept_form": accept_form or AcceptFilingForm(initial={"effective_date": timezone.localdate()}),
        "return_form": return_form or ReasonForm(), "nav": "filings"}, status=status)


def _problems_besides(filing, facts):
    """What the rules say now about the case, leaving out "a filing is waiting": that is this one."""
    return [p for p in problems(facts, FILE_ACTIVIST, timezone.localdate()) if p.code != "already_filed"]


@committee_admin_view
def filing_detail(request, pk):
    return _filing_page(request, filing_for(request.user, pk))


@require_POST
@committee_admin_view
def filing_accept_view(request, pk):
    filing = filing_for(request.user, pk)
    form = AcceptFilingForm(request.POST)
    if not form.is_valid():
        return _filing_page(request, filing, accept_form=form, status=400)
    try:
        filing_accept(filing=filing, actor=request.user, effective_date=form.cleaned_data["effective_date"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _filing_page(request, filing, accept_form=form, status=400)
    except StaleState as exc:
        messages.warning(request, str(exc))
        return redirect("pc:filing_detail", pk=filing.pk)
    messages.success(request, _("%(name)s is now an activist.") % {"name": filing.case.name})
    return redirect("pc:filing_inbox")


@require_POST
@committee_admin_view
def filing_return_view(request, pk):
    filing = filing_for(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _filing_page(request, filing, return_form=form, status=400)
    try:
        filing_return(filing=filing, actor=request.user, reason=form.cleaned_data["reason"])
    except StaleState as exc:
        messages.warning(request, str(exc))
        return redirect("pc:filing_detail", pk=filing.pk)
    messages.success(request, _("The filing has been returned to the branch."))
    return redirect("pc:filing_inbox")


@branch_admin_view
def case_return_view(request, public_id):
    """退回重新备案: send the person back to an earlier point, with a reason."""
    case = case_for(request.user, public_id)
    if not can_return_case(request.user, case):
        raise Http404
    form = CaseReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_return(case=case, actor=request.user, point=form.cleaned_data["point"],
                        reason=form.cleaned_data["reason"], expected_stage=request.POST.get("stage", ""))
        except StaleState as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, _("The person has been returned."))
        return redirect("pc:case_detail", public_id=case.public_id)
    return render(request, "pc/cases/return.html", {"case": case, "form": form, "nav": "applicants"},
                  status=400 if request.method == "POST" else 200)


@require_POST
@committee_admin_view
def filing_reject_view(request, pk):
    """Not passed / not approved, with the written opinion. (Being written.)"""
    raise Http404
