"""Steps 7–25 on the PC site: introducers, requests to the Party committee, 确定发展对象 after 公示,
the lists of targets, probationary and full members, and the person-page sections of these stages."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from partydev.cases.permissions import can_edit_stage_records, is_branch_admin_of
from partydev.cases.selectors import case_for
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import (
    StaleState,
    introducers_set,
    request_send,
    target_confirm,
)
from partydev.orgs.models import MemberType
from partydev.process.enums import (
    Stage,
)
from partydev.process.gates import CONFIRM_TARGET
from partydev.process.problems import blocking
from partydev.process.requests import BRANCH_REQUESTS, REQUEST_KINDS
from partydev.process.rules.members import introducer_problems
from partydev.process.rules.target import target_needs_notice
from partydev.webforms.records import IntroducersForm

from ..access import admin_view, branch_admin_view
from ..confirm import problems_then_confirm
from ..member_pickers import (
    chosen_members,
    committee_members,
    other_branch_members,
    other_branches,
    search_response,
)
from ..navigation import nav_for
from ..sections import request_label
from .applicants import _case_list_page

# --- the lists -------------------------------------------------------------------------------------


LISTS = {
    Stage.TARGET: (gettext_lazy("Development targets"), "targets"),
    Stage.PROBATIONARY: (gettext_lazy("Probationary members"), "probationary"),
    Stage.FULL: (gettext_lazy("Full members"), "members"),
}


def _list(request, stage):
    title, nav = LISTS[stage]
    return _case_list_page(request, stage, "pc/membership/list.html", nav, extra={"title": title, "stage": stage})


@admin_view
def target_list(request):
    return _list(request, Stage.TARGET)


@admin_view
def probationary_list(request):
    return _list(request, Stage.PROBATIONARY)


@admin_view
def full_list(request):
    return _list(request, Stage.FULL)


# --- 入党介绍人 ---------------------------------------------------------------------------------------


def _detail_url(case, anchor=""):
    return reverse("pc:case_detail", args=[case.public_id]) + (f"#{anchor}" if anchor else "")


@branch_admin_view
def introducers_edit(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, Stage.TARGET):
        raise Http404
    current = list(case.introducers.filter(ended_on__isnull=True).select_related("member__branch"))
    form = IntroducersForm(request.POST or None, candidates=committee_members(case), born=case.birth_date, initial={
        "members": [i.member for i in current], "assigned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        members = list(form.cleaned_data["members"])
        found = introducer_problems(members, form.cleaned_data["assigned_on"])
        for problem in blocking(found):
            form.add_error("members", problem.message)
        if form.is_valid():
            try:
                introducers_set(case=case, members=members, assigned_on=form.cleaned_data["assigned_on"],
                                actor=request.user)
            except ValidationError as exc:
                form.add_error("members", exc)
            except StaleState as exc:
                messages.warning(request, str(exc))
                return redirect(_detail_url(case))
            else:
                messages.success(request, _("The introducers have been saved."))
                for problem in found:
                    messages.warning(request, problem.message)
                return redirect(_detail_url(case, "introducers"))
    serving = [i.member for i in current]
    chosen_now = chosen_members(form, "members", serving)
    roster = case.branch.members.filter(active=True, member_type=MemberType.FULL).order_by("name")
    return render(request, "pc/membership/introducers.html", {
        "case": case, "form": form, "roster": roster, "chosen": {m.pk for m in chosen_now},
        "extra": other_branch_members(case, chosen_now, serving), "branches": other_branches(case),
        "today": timezone.localdate(), "nav": "targets"}, status=400 if request.method == "POST" else 200)


@require_GET
@branch_admin_view
def introducers_search(request, public_id):
    """htmx: members of other branches of the 党委, by name or by branch (member_pickers)."""
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, Stage.TARGET):
        raise Http404
    return search_response(request, case, "members")


# --- requests to the Party committee and 确定发展对象 -------------------------------------------------

def _own_case(request, public_id):
    case = case_for(request.user, public_id)
    if not is_branch_admin_of(request.user, case):
        raise Http404
    return case


@branch_admin_view
def request_send_view(request, public_id, kind):
    """GET: the problems the rules find for this request; POST (确定): send it on the date entered."""
    if kind not in BRANCH_REQUESTS:
        raise Http404
    case = _own_case(request, public_id)
    facts = load_facts(case)
    return problems_then_confirm(
        request, case=case, gate=REQUEST_KINDS[kind].send_gate, template="pc/membership/request.html",
        context={"title": request_label(kind, facts, timezone.localdate()), "nav": nav_for(case)},
        date_label=gettext_lazy("Date sent"),
        perform=lambda on: request_send(case=case, actor=request.user, kind=kind, sent_on=on),
        blocked_message=_("The request cannot be sent until the problems below are corrected."),
        success_message=_("The request has been sent to the Party committee."), success_url=_detail_url(case))


@branch_admin_view
def target_confirm_view(request, public_id):
    """2026 §13: after the committee agreed and the 公示 ended without objection, the branch lists the
    development target. Under the 2014 rules the committee's filing does that, so there is no page."""
    case = _own_case(request, public_id)
    if not target_needs_notice(load_facts(case), timezone.localdate()):
        raise Http404
    return problems_then_confirm(
        request, case=case, gate=CONFIRM_TARGET, template="pc/membership/target_confirm.html",
        context={"nav": nav_for(case)}, date_label=gettext_lazy("Development target from"),
        perform=lambda on: target_confirm(case=case, actor=request.user, on=on),
        blocked_message=_("The development target cannot be confirmed until the problems below are corrected."),
        success_message=_("%(name)s is now a development target.") % {"name": case.name},
        success_url=_detail_url(case))
