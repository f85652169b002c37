"""积极分子管理: 培养联系人, 思想汇报 and 组织关系转接 (of an activist or a probationary member)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partydev.cases.models import ThoughtReport
from partydev.cases.permissions import can_edit_activist_records, can_transfer
from partydev.cases.selectors import case_for
from partydev.cases.services import StaleState, case_transfer, contacts_set, report_mark_read
from partydev.orgs.models import Organisation, OrgKind
from partydev.webforms.records import ContactsForm, MarkReadForm, TransferForm

from ..access import admin_view, branch_admin_view
from ..branch_chooser import BranchChoiceField, branch_search_response
from ..member_pickers import (
    chosen_members,
    committee_members,
    other_branch_members,
    other_branches,
    search_response,
)
from ..navigation import list_for, nav_for


def _activist(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_activist_records(request.user, case):
        raise Http404
    return case


@branch_admin_view
def contacts_edit(request, public_id):
    case = _activist(request, public_id)
    current = list(case.contact_assignments.filter(ended_on__isnull=True).select_related("member__branch"))
    form = ContactsForm(request.POST or None, candidates=committee_members(case), born=case.birth_date, initial={
        "contacts": [a.member for a in current], "assigned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            contacts_set(case=case, members=list(form.cleaned_data["contacts"]),
                         assigned_on=form.cleaned_data["assigned_on"], actor=request.user)
        except ValidationError as exc:
            form.add_error("contacts", exc)
        except StaleState as exc:
            messages.warning(request, str(exc))
            return redirect("pc:case_detail", public_id=case.public_id)
        else:
            messages.success(request, _("The cultivation contacts have been saved."))
            return redirect(f"{_detail(case)}#contacts")
    serving = [a.member for a in current]
    chosen_now = chosen_members(form, "contacts", serving)
    chosen = {m.pk for m in chosen_now}
    own = list(case.branch.members.filter(active=True).order_by("member_type", "name"))
    extra = other_branch_members(case, chosen_now, serving)
    return render(request, "pc/activists/contacts.html", {
        "case": case, "form": form, "own": own, "extra": extra, "chosen": chosen, "current": current,
        "branches": other_branches(case), "nav": "activists"}, status=400 if request.method == "POST" else 200)


@require_GET
@branch_admin_view
def contacts_search(request, public_id):
    """htmx: members of other branches of the 党委, by name or by branch (member_pickers)."""
    return search_response(request, _activist(request, public_id), "contacts")


def _detail(case):
    return reverse("pc:case_detail", args=[case.public_id])


def _report(request, public_id, pk):
    case = case_for(request.user, public_id)
    return case, get_object_or_404(ThoughtReport.objects.select_related("read_by"), case=case, pk=pk)


@admin_view
def report_detail(request, public_id, pk):
    case, report = _report(request, public_id, pk)
    return render(request, "pc/activists/report.html", {
        "case": case, "report": report, "files": report.attachments.all(), "form": MarkReadForm(),
        "can_mark": report.read_at is None and can_edit_activist_records(request.user, case),
        "nav": "activists"})


@require_POST
@branch_admin_view
def report_read(request, public_id, pk):
    case, report = _report(request, public_id, pk)
    if not can_edit_activist_records(request.user, case):
        raise Http404
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        return render(request, "pc/activists/report.html", {
            "case": case, "report": report, "files": report.attachments.all(), "form": form,
            "can_mark": True, "nav": "activists"}, status=400)
    try:
        report_mark_read(report=report, actor=request.user, comment=form.cleaned_data["comment"])
    except StaleState as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("The thought report has been marked as read."))
    return redirect(f"{_detail(case)}#reports")


class TransferChooserForm(TransferForm):
    """TransferForm whose target is chosen through a search box once there are many branches (every
    branch of the database is offered: docs/performance.md M1)."""

    to_branch = BranchChoiceField(label=TransferForm.base_fields["to_branch"].label, queryset=None,
                                  empty_label=TransferForm.base_fields["to_branch"].empty_label)


def _transferable(request, public_id):
    case = case_for(request.user, public_id)
    if not can_transfer(request.user, case):
        raise Http404
    return case


def _transfer_targets(case):
    """Any branch but the person's own: a transfer may leave the committee, even the province."""
    return (Organisation.objects.filter(kind=OrgKind.BRANCH, dissolved_on__isnull=True)
            .exclude(pk=case.branch_id).order_by("path"))


@branch_admin_view
def transfer(request, public_id):
    """组织关系转接: move the activist (§12) or the probationary member (§34), with every record, to
    another branch."""
    case = _transferable(request, public_id)
    back_to, back_label = list_for(case)
    form = TransferChooserForm(request.POST or None, branches=_transfer_targets(case), born=case.birth_date,
                               initial={"transferred_on": timezone.localdate()})
    form.fields["to_branch"].search_url = reverse("pc:transfer_branches", args=[case.public_id])
    if request.method == "POST" and form.is_valid():
        try:
            case_transfer(case=case, to_branch=form.cleaned_data["to_branch"], actor=request.user,
                          transferred_on=form.cleaned_data["transferred_on"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been transferred to %(branch)s.") % {
                "name": case.name, "branch": form.cleaned_data["to_branch"].name})
            return redirect(back_to)
    return render(request, "pc/activists/transfer.html", {
        "case": case, "form": form, "nav": nav_for(case), "list_url": back_to, "list_label": back_label},
        status=400 if request.method == "POST" else 200)


@require_GET
@branch_admin_view
def transfer_branches(request, public_id):
    """htmx: the transfer page's search box, over the same branches the page offers and accepts."""
    case = _transferable(request, public_id)
    return branch_search_response(request, _transfer_targets(case))
