"""谈话记录, 推荐推优情况记录, 支委会决议: one set of views for every simple step record.

Each kind is declared once in RECORD_KINDS; the views, URLs and templates are shared, so a rule
about editing records (who, when, what is audited) lives in one place.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partydev.cases import forms as case_forms
from partydev.cases.models import BranchResolution, Recommendation, Talk
from partydev.cases.permissions import can_edit_applicant_records
from partydev.cases.selectors import case_for
from partydev.cases.services import record_delete, record_save
from partydev.orgs.selectors import members_of_branch

from ..access import admin_view, branch_admin_view


@dataclass(frozen=True)
class RecordKind:
    slug: str
    model: type
    form: type
    title: str
    add_label: str
    needs_roster: bool = False


RECORD_KINDS = {
    k.slug: k
    for k in (
        RecordKind("talks", Talk, case_forms.TalkForm, gettext_lazy("Talk record"),
                   gettext_lazy("Enter talk record"), needs_roster=True),
        RecordKind("recommendations", Recommendation, case_forms.RecommendationForm,
                   gettext_lazy("Recommendation record"), gettext_lazy("Record recommendation")),
        RecordKind("resolutions", BranchResolution, case_forms.ResolutionForm,
                   gettext_lazy("Branch committee resolution"), gettext_lazy("Record resolution")),
    )
}


def _kind(slug) -> RecordKind:
    try:
        return RECORD_KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _form(kind, case, request, instance=None):
    extra = {"roster": members_of_branch(case.branch)} if kind.needs_roster else {}
    return kind.form(request.POST or None, request.FILES or None, instance=instance, **extra)


def _editable_case(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_applicant_records(request.user, case):
        raise Http404
    return case


def _render_form(request, kind, case, form, record=None, status=200):
    return render(request, "pc/records/form.html", {
        "kind": kind, "case": case, "form": form, "record": record, "nav": "applicants"}, status=status)


@branch_admin_view
def record_new(request, public_id, kind):
    kind = _kind(kind)
    case = _editable_case(request, public_id)
    form = _form(kind, case, request)
    if request.method == "POST":
        if form.is_valid():
            record_save(form=form, case=case, actor=request.user, files=form.cleaned_data["attachments"])
            messages.success(request, _("%(record)s has been saved.") % {"record": kind.title})
            return redirect("pc:case_detail", public_id=case.public_id)
        return _render_form(request, kind, case, form, status=400)
    return _render_form(request, kind, case, form)


@branch_admin_view
def record_edit(request, public_id, kind, pk):
    kind = _kind(kind)
    case = _editable_case(request, public_id)
    record = get_object_or_404(kind.model, case=case, pk=pk)
    form = _form(kind, case, request, instance=record)
    if request.method == "POST":
        if form.is_valid():
            record_save(form=form, case=case, actor=request.user, files=form.cleaned_data["attachments"],
                        remove_attachments=form.removed_attachment_ids())
            messages.success(request, _("%(record)s has been saved.") % {"record": kind.title})
            return redirect("pc:case_detail", public_id=case.public_id)
        return _render_form(request, kind, case, form, record, status=400)
    return _render_form(request, kind, case, form, record)


@admin_view
def record_detail(request, public_id, kind, pk):
    kind = _kind(kind)
    case = case_for(request.user, public_id)
    record = get_object_or_404(kind.model, case=case, pk=pk)
    return render(request, "pc/records/detail.html", {
        "kind": kind, "case": case, "record": record, "files": record.attachments.all(),
        "fields": _display_fields(record), "nav": "applicants",
        "can_edit": can_edit_applicant_records(request.user, case)})


@branch_admin_view
def record_delete_view(request, public_id, kind, pk):
    """GET asks for confirmation; POST deletes."""
    kind = _kind(kind)
    case = _editable_case(request, public_id)
    record = get_object_or_404(kind.model, case=case, pk=pk)
    if request.method == "POST":
        record_delete(record=record, actor=request.user)
        messages.success(request, _("%(record)s has been deleted.") % {"record": kind.title})
        return redirect("pc:case_detail", public_id=case.public_id)
    return render(request, "pc/records/confirm_delete.html", {
        "kind": kind, "case": case, "record": record, "nav": "applicants"})


def _display_fields(record):
    """(label, value) pairs for the read-only view, in the form's field order."""
    rows = []
    for name in type(record)._meta.get_fields():
        if not getattr(name, "concrete", False) or name.name in {
                "id", "case", "created_by", "created_at", "updated_at"}:
            continue
        if name.many_to_many:
            value = "、".join(m.name for m in getattr(record, name.name).all())
        elif name.choices:
            value = getattr(record, f"get_{name.name}_display")()
        else:
            value = getattr(record, name.name)
        rows.append((name.verbose_name, value))
    return rows
