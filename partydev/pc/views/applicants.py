"""申请人管理 and 积极分子管理: lists, paper entry, and the person's detail page."""


from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydev.cases.models import Transfer
from partydev.cases.permissions import (
    can_edit_activist_records,
    can_edit_applicant_records,
    can_postpone_conversion,
    can_return_case,
    can_transfer,
    is_branch_admin_of,
)
from partydev.cases.selectors import case_for
from partydev.cases.selectors.facts import page_facts
from partydev.cases.services import case_create_paper
from partydev.common.pagination import paginate, query_without_page
from partydev.orgs.models import Role
from partydev.orgs.selectors import branches_managed_by, path_filter, scope_paths
from partydev.process.enums import ACTIVIST_OPINIONS, HALF_YEARLY_OPINIONS, Stage
from partydev.process.rules.cultivation import half_years
from partydev.process.timeline import build_timeline
from partydev.webforms.records import PaperLetterForm, PersonForm

from ..access import admin_view, branch_admin_view
from ..list_filters import filtered_cases, ledger_query
from ..navigation import list_for, nav_for
from ..next_step import next_actions, stepper
from ..sections import REACHED, attach_files, files_by_record, membership_context, target_context
from .conversion import transferred_in_during_probation


def _case_list_page(request, stage, template, nav, extra=None):
    form, qs = filtered_cases(request, stage)
    page = paginate(request, qs)
    query = query_without_page(request)
    return render(request, template, {"form": form, "page": page, "query": query,
                                      "ledger_query": ledger_query(stage, query),
                                      "nav": nav, "can_add": branches_managed_by(request.user).exists(),
                                      "transfers_out": _transfers_out(request.user) if stage == Stage.ACTIVIST else [],
                                      **(extra or {})})


def _transfers_out(user):
    """People transferred out of the user's branches: the old branch keeps a trace of the move
    without seeing the person's record any more."""
    paths = scope_paths(user, (Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN))
    return (Transfer.objects.filter(path_filter(paths, "from_path")).exclude(path_filter(paths, "to_path"))
            .select_related("case", "from_branch", "to_branch")[:20])


@admin_view
def applicant_list(request):
    return _case_list_page(request, Stage.APPLICANT, "pc/cases/applicant_list.html", "applicants")


@admin_view
def activist_list(request):
    return _case_list_page(request, Stage.ACTIVIST, "pc/cases/activist_list.html", "activists")


class PaperBranchForm(forms.Form):
    branch = forms.ModelChoiceField(label=gettext_lazy("Branch"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_managed_by(user)


@branch_admin_view
def applicant_new(request):
    """Enter an applicant who handed in a paper application (no account; the branch keeps the record)."""
    data = request.POST or None
    branch_form = PaperBranchForm(data, user=request.user, prefix="b")
    person_form = PersonForm(data, prefix="p")
    letter_form = PaperLetterForm(data, request.FILES or None, prefix="l")
    if request.method == "POST" and all(f.is_valid() for f in (branch_form, person_form, letter_form)):
        letter = {k: letter_form.cleaned_data[k] for k in ("title", "content", "written_date", "received_date")}
        try:
            case = case_create_paper(actor=request.user, branch=branch_form.cleaned_data["branch"],
                                     data=person_form.cleaned_data, letter=letter,
                                     files=letter_form.cleaned_data["attachments"])
        except ValidationError as exc:
            person_form.add_error(None, exc)
        else:
            messages.success(request, _("The applicant has been entered."))
            return redirect("pc:case_detail", public_id=case.public_id)
    return render(request, "pc/cases/applicant_new.html", {
        "branch_form": branch_form, "person_form": person_form, "letter_form": letter_form,
        "nav": "applicants"})


@admin_view
def case_detail(request, public_id):
    case = case_for(request.user, public_id)
    # Every record of the person, and the transfers, files and deadlines: one query (facts.page_facts).
    facts, beside = page_facts(case)
    files = files_by_record(beside["attachments"])
    today = timezone.localdate()
    pending = facts.pending_activist_filing is not None
    transfers = beside["transfers"]
    context = {
        "case": case, "facts": facts, "today": today,
        "timeline": build_timeline(facts, today),
        "transfers": transfers,
        "history": case.history.select_related("actor").order_by("-effective_date", "-at", "-id"),
        "can_edit": can_edit_applicant_records(request.user, case, pending_filing=pending),
        "can_return": can_return_case(request.user, case),
        "can_transfer": can_transfer(request.user, case),  # an activist or a probationary member
        # 2026 §35 / 2014 §36: offered only to a probationer transferred in during the probation.
        "can_postpone_conversion": can_postpone_conversion(request.user, case)
        and transferred_in_during_probation(case, transfers),
        "is_branch_admin": is_branch_admin_of(request.user, case),
        "nav": nav_for(case), "list_url": list_for(case)[0], "list_label": list_for(case)[1],
    }
    # The stepper and 下一步 (pc/next_step.py), then the sections of the current and earlier stages.
    context["steps"] = stepper(context["timeline"], case.stage)
    context["next_actions"] = next_actions(request.user, case, facts, today)
    if case.stage != Stage.APPLICANT:
        context |= activist_context(request.user, case, facts, today, beside["deadlines"])
        context["t"] = target_context(request.user, case, facts, today, files)
    if case.stage in REACHED:
        context["m"] = membership_context(request.user, case, facts, today, files)
    attach_files([*facts.letters, *facts.talks, *facts.recommendations, *facts.resolutions,
                  *facts.opinions, *facts.reports], files)
    return render(request, "pc/cases/detail.html", context)


def activist_context(user, case, facts, today, deadlines):
    """The 积极分子管理 sections: contacts, thought reports and each kind of opinion by half-year;
    `deadlines`: the case's (read with its records, facts.page_facts)."""
    due = {d.kind: d for d in deadlines}
    report_due = due.get("thought_report")
    return {
        "can_edit_activist": can_edit_activist_records(user, case),
        "can_transfer": can_transfer(user, case),
        "report_due": report_due,
        "report_overdue": bool(report_due and report_due.due_date < today),
        "cultivation_year": due.get("cultivation_year"),
        "opinion_sections": [
            {"kind": kind, "slug": f"opinion-{kind.value}", "records": facts.opinions_of(kind),
             "periods": half_years(facts, kind, today) if kind in HALF_YEARLY_OPINIONS else None,
             "due": due.get(f"opinion_{kind.value}")}
            for kind in ACTIVIST_OPINIONS
        ],
    }
