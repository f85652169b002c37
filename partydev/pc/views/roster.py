"""党员名册: a branch's roster (search, filter, pages), adding and editing members, and
组织关系转接 (转出 to another branch or out of the system, 转入 from outside). The branch
administrator manages its own branch, the committee administrator every branch below it; everyone
else gets 404. Writes go through partydev/structure/services."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.models import MemberType
from partydev.structure.selectors import (
    groups_of,
    member_for,
    roster_branch_for,
    roster_branches,
    roster_of,
    transfer_targets,
)
from partydev.structure.services import (
    member_create,
    member_transfer_in,
    member_transfer_out,
    member_transfer_within,
    member_update,
)
from partydev.webforms.structure import MemberForm, TransferInForm, TransferOutForm

from ..access import admin_view
from ..form_pages import form_page, posted_write

NAV = "roster"
MEMBER_FIELDS = ("name", "member_type", "join_date", "conversion_date", "group", "position", "discipline",
                 "discipline_until")


def _branch(request, branch_pk):
    branch = roster_branch_for(request.user, branch_pk)
    if branch is None or branch.dissolved_on is not None:
        raise Http404
    return branch


def _member(request, pk):
    member = member_for(request.user, pk)
    if member is None:
        raise Http404
    return member


def _member_data(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in MEMBER_FIELDS}


@admin_view
def roster_index(request):
    """The branches whose rosters the user manages; a branch administrator of one branch sees its
    roster here directly."""
    branches = roster_branches(request.user)
    query = request.GET.get("q", "").strip()[:50]
    if query:
        branches = branches.filter(name__contains=query)
    elif len(only := list(branches[:2])) == 1:
        return _roster_page(request, only[0])
    branches = branches.annotate(on_roster=Count("members", filter=Q(members__active=True)))
    page = paginate(request, branches)
    return render(request, "pc/roster/index.html", {"page": page, "q": query, "nav": NAV,
                                                    "query": query_without_page(request)})


@admin_view
def roster(request, branch_pk):
    return _roster_page(request, _branch(request, branch_pk))


def _roster_page(request, branch):
    query = request.GET.get("q", "").strip()[:50]
    member_type = request.GET.get("type", "")
    if member_type not in MemberType.values:
        member_type = ""
    left = request.GET.get("left") == "1"
    members = roster_of(branch, query=query, member_type=member_type, active=not left)
    page = paginate(request, members)
    return render(request, "pc/roster/list.html", {
        "branch": branch, "page": page, "q": query, "type": member_type, "left": left,
        "types": MemberType.choices, "nav": NAV, "query": query_without_page(request)})


@admin_view
def member_new(request, branch_pk):
    branch = _branch(request, branch_pk)
    form = MemberForm(request.POST or None, groups=groups_of(branch), initial={"member_type": MemberType.FULL})
    if written := posted_write(request, form, lambda: member_create(
            actor=request.user, branch=branch, data=_member_data(form))):
        messages.success(request, _("%(name)s has been added to the roster.") % {"name": written.value.name})
        return redirect("pc:member_detail", pk=written.value.pk)
    return form_page(request, "pc/roster/member_form.html", {
        "branch": branch, "form": form, "nav": NAV, "title": _("Add a member")})


@admin_view
def member_transfer_in_view(request, branch_pk):
    branch = _branch(request, branch_pk)
    form = TransferInForm(request.POST or None, groups=groups_of(branch),
                          initial={"member_type": MemberType.FULL, "transferred_on": timezone.localdate()})
    if written := posted_write(request, form, lambda: member_transfer_in(
            actor=request.user, branch=branch, data=_member_data(form), origin=form.cleaned_data["origin"],
            transferred_on=form.cleaned_data["transferred_on"], note=form.cleaned_data["note"])):
        messages.success(request, _("%(name)s has been transferred in.") % {"name": written.value.name})
        return redirect("pc:member_detail", pk=written.value.pk)
    return form_page(request, "pc/roster/member_form.html", {
        "branch": branch, "form": form, "nav": NAV, "title": _("Transfer in a member"), "transfer_in": True})


@admin_view
def member_detail(request, pk):
    member = _member(request, pk)
    transfers = member.transfers.select_related("from_branch", "to_branch", "recorded_by")
    return render(request, "pc/roster/member_detail.html", {
        "member": member, "branch": member.branch, "transfers": transfers, "nav": NAV})


@admin_view
def member_edit(request, pk):
    member = _member(request, pk)
    if not member.active:
        raise Http404
    form = MemberForm(request.POST or None, groups=groups_of(member.branch), initial=MemberForm.initial_of(member))
    if posted_write(request, form, lambda: member_update(actor=request.user, member=member, data=_member_data(form))):
        messages.success(request, _("The member's details have been saved."))
        return redirect("pc:member_detail", pk=member.pk)
    return form_page(request, "pc/roster/member_form.html", {
        "branch": member.branch, "member": member, "form": form, "nav": NAV, "title": _("Edit member")})


@admin_view
def member_transfer(request, pk):
    """转出: the form asks before it writes (data-confirm); a refused transfer writes nothing."""
    member = _member(request, pk)
    if not member.active:
        raise Http404
    form = TransferOutForm(request.POST or None, branches=transfer_targets(request.user, member),
                           initial={"transferred_on": timezone.localdate()})
    if posted_write(request, form, lambda: _transfer_out(request.user, member, form.cleaned_data)):
        messages.success(request, _("%(name)s has been transferred out.") % {"name": member.name})
        return redirect("pc:roster", branch_pk=member.branch_id)
    return form_page(request, "pc/roster/transfer.html", {
        "member": member, "branch": member.branch, "form": form, "nav": NAV})


def _transfer_out(actor, member, data):
    if data["where"] == TransferOutForm.WITHIN:
        return member_transfer_within(actor=actor, member=member, to_branch=data["to_branch"],
                                      transferred_on=data["transferred_on"], note=data["note"])
    return member_transfer_out(actor=actor, member=member, destination=data["destination"],
                               transferred_on=data["transferred_on"], note=data["note"])
