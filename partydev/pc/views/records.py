"""Step records with simple forms — 谈话记录, 推荐推优情况记录, 支委会决议 and the five kinds of opinion
about an activist: one set of views for all of them.

Each kind is declared once in RECORD_KINDS; the views, URLs and templates are shared, so a rule
about editing records (who, when, what is audited) lives in one place.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partydev.cases.models import Opinion
from partydev.cases.permissions import can_edit_stage_records
from partydev.cases.selectors import case_for
from partydev.cases.services import record_delete
from partydev.common.numbers import plain_number
from partydev.orgs.selectors import members_of_branch
from partydev.pc.record_forms import save_record_form

from ..access import admin_view, branch_admin_view
from ..navigation import nav_for
from ..record_kinds import RECORD_KINDS, RecordKind


def _kind(slug) -> RecordKind:
    try:
        return RECORD_KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def _form(kind, case, request, instance=None):
    if instance is None:
        instance = kind.model(case=case, **kind.fixed)
    extra = {"roster": _roster_for(kind, case)} if kind.needs_roster else {}
    return kind.form(request.POST or None, request.FILES or None, instance=instance, born=case.birth_date, **extra)


def _roster_for(kind, case):
    if kind.model is Opinion:
        # 培养联系人确定意见 names the contact: the activist's current contacts.
        return case.contact_assignments.filter(ended_on__isnull=True).values_list("member", flat=True)
    return members_of_branch(case.branch)


def _editable_case(request, public_id, kind):
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, kind.stage):
        raise Http404
    return case


def _render_form(request, kind, case, form, record=None, status=200):
    return render(request, "pc/records/form.html", {
        "kind": kind, "case": case, "form": form, "record": record, "nav": nav_for(case)}, status=status)


def _back(case, kind):
    return redirect(f"{case_url(case)}#{kind.slug}")


def case_url(case):
    return reverse("pc:case_detail", args=[case.public_id])


def _saved(form, request=None, **kwargs) -> bool:
    """Save through the service; a refusal (a rule, the stage, the date) becomes a form error, and
    the warnings of the saved record (a late oath) are shown after the redirect."""
    try:
        record = save_record_form(form=form, **kwargs)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    for found in getattr(record, "warnings", []) if request is not None else []:
        messages.warning(request, f"{found.message}（{found.article}）" if found.article else found.message)
    return True


@branch_admin_view
def record_new(request, public_id, kind):
    kind = _kind(kind)
    case = _editable_case(request, public_id, kind)
    form = _form(kind, case, request)
    if request.method == "POST":
        if form.is_valid() and _saved(form, request, case=case, actor=request.user, files=form.cleaned_data["attachments"]):
            messages.success(request, _("%(record)s has been saved.") % {"record": kind.title})
            return _back(case, kind)
        return _render_form(request, kind, case, form, status=400)
    return _render_form(request, kind, case, form)


@branch_admin_view
def record_edit(request, public_id, kind, pk):
    kind = _kind(kind)
    case = _editable_case(request, public_id, kind)
    record = get_object_or_404(kind.records(case), pk=pk)
    form = _form(kind, case, request, instance=record)
    if request.method == "POST":
        if form.is_valid() and _saved(form, request, case=case, actor=request.user, files=form.cleaned_data["attachments"],
                                      remove_attachments=form.removed_attachment_ids()):
            messages.success(request, _("%(record)s has been saved.") % {"record": kind.title})
            return _back(case, kind)
        return _render_form(request, kind, case, form, record, status=400)
    return _render_form(request, kind, case, form, record)


@admin_view
def record_detail(request, public_id, kind, pk):
    kind = _kind(kind)
    case = case_for(request.user, public_id)
    record = get_object_or_404(kind.records(case), pk=pk)
    return render(request, "pc/records/detail.html", {
        "kind": kind, "case": case, "record": record, "files": record.attachments.all(),
        "fields": _display_fields(record, exclude=set(kind.fixed)), "nav": nav_for(case),
        "can_edit": can_edit_stage_records(request.user, case, kind.stage)})


@branch_admin_view
def record_delete_view(request, public_id, kind, pk):
    """GET asks for confirmation; POST deletes."""
    kind = _kind(kind)
    case = _editable_case(request, public_id, kind)
    record = get_object_or_404(kind.records(case), pk=pk)
    if request.method == "POST":
        record_delete(record=record, actor=request.user)
        messages.success(request, _("%(record)s has been deleted.") % {"record": kind.title})
        return _back(case, kind)
    return render(request, "pc/records/confirm_delete.html", {
        "kind": kind, "case": case, "record": record, "nav": nav_for(case)})


def _display_fields(record, exclude=frozenset()):
    """(label, value) pairs for the read-only view, in the model's field order."""
    rows = []
    for f in type(record)._meta.get_fields():
        if not getattr(f, "concrete", False) or f.name in {
                "id", "case", "created_by", "created_at", "updated_at", *exclude}:
            continue
        if f.many_to_many:
            value = "、".join(m.name for m in getattr(record, f.name).all())
        elif f.choices:
            value = getattr(record, f"get_{f.name}_display")()
        else:
            value = getattr(record, f.name)
            if isinstance(value, Decimal):
                value = plain_number(value)  # 24学时, not 24.0
        rows.append((f.verbose_name, value))
    return rows
