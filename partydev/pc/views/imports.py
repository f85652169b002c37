"""导入: the Excel template, the upload, the check (preview), the confirmation and undo of a batch.

Thin views: partydev/imports does the work (services, runner); here a batch is loaded in the user's
scope (404 outside it), one service is called, and the page rendered."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from partydev.audit.services import audit_record
from partydev.cases.selectors.scope import cases_visible_to
from partydev.common.pagination import paginate
from partydev.imports import export, runner
from partydev.imports.models import BatchStatus
from partydev.imports.people import PEOPLE
from partydev.imports.roster import ROSTER
from partydev.imports.selectors import batch_for, batches_visible_to
from partydev.imports.services import (
    batch_discard,
    batch_undo,
    batch_upload,
    confirm_start,
    rows_of,
    undo_blockers,
)
from partydev.imports.sheets import SHEETS
from partydev.imports.tree import TREE
from partydev.imports.workbook import MAX_BYTES, build_template, sheets_with_rows
from partydev.orgs.selectors import ADMIN_ROLES, scope_paths
from partydev.structure.selectors import roster_branches, tree_paths

from ..access import admin_view, committee_admin_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUNNING = (BatchStatus.PREVIEWING, BatchStatus.CONFIRMING)
ROWS_SHOWN = 500  # rows listed on the page; the counts cover all


class UploadForm(forms.Form):
    sheet = forms.ChoiceField(
        label=_l("Sheet to import"), required=False,
        choices=[("", _l("Recognise from the file")), (TREE.key, TREE.title), (ROSTER.key, ROSTER.title),
                 (PEOPLE.key, PEOPLE.title)],
        help_text=_l("Import 组织 first, then 党员名册, then 发展党员. “Recognise” takes the one sheet of the file "
                     "that has rows."))
    file = forms.FileField(label=_l("Excel file (.xlsx)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return f

    def clean(self):
        data = super().clean()
        f = data.get("file")
        if data.get("sheet") or f is None:
            return data
        # Recognised: the one known sheet of the file with rows below its headers; an unreadable file
        # goes on as 发展党员 and the check refuses it with the file's own message.
        found = sheets_with_rows(f.read(), (TREE, ROSTER, PEOPLE))
        f.seek(0)
        if len(found) > 1:
            raise ValidationError(_("The file has rows in several sheets (%(sheets)s): choose the sheet to import.")
                                  % {"sheets": "、".join(str(s.title) for s in found)})
        data["sheet"] = found[0].key if found else PEOPLE.key
        return data


@admin_view
def import_list(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = batch_upload(importer=request.user, file_name=upload.name, data=upload.read(),
                             sheet=form.cleaned_data["sheet"])
        runner.start(batch)
        return redirect("pc:import_detail", pk=batch.pk)
    page = paginate(request, batches_visible_to(request.user).select_related("importer", "scope_org"))
    return render(request, "pc/imports/list.html", {"form": form, "page": page, "nav": "imports",
                                                    "max_rows": "100,000",
                                                    "can_export_tree": bool(tree_paths(request.user))})


@admin_view
def import_template(request):
    today = timezone.localdate()
    data = build_template(PEOPLE, PEOPLE.context(request.user, today), (ROSTER, ROSTER.context(request.user, today)),
                          (TREE, TREE.context(request.user, today)))
    audit_record(actor=request.user, action="import.template", after={"sheet": [PEOPLE.key, ROSTER.key, TREE.key]})
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''import-template.xlsx"
    return response


@admin_view
def import_detail(request, pk):
    batch = batch_for(request.user, pk)
    rows = rows_of(batch) if batch.status not in RUNNING else []
    show = request.GET.get("show", "problems" if batch.error_rows else "all")
    listed = [r for r in rows if show == "all" or r["errors"] or r["problems"] or r.get("warnings")]
    blockers = undo_blockers(batch) if batch.status == BatchStatus.DONE else []
    return render(request, "pc/imports/detail.html", {
        "batch": batch, "rows": listed[:ROWS_SHOWN], "more": max(0, len(listed) - ROWS_SHOWN), "show": show,
        "running": batch.status in RUNNING, "is_importer": batch.importer_id == request.user.pk,
        "same_file_done": batch.status == BatchStatus.PREVIEWED and _same_file_done(request.user, batch),
        "blockers": blockers, "nav": "imports", "sheet_title": SHEETS[batch.sheet].title,
        # The 党员名册 sheet's rows are roster members: no 身份证号, no process steps.
        "is_roster": batch.sheet == ROSTER.key, "is_tree": batch.sheet == TREE.key})


def _same_file_done(user, batch):
    return batches_visible_to(user).filter(sha256=batch.sha256, status=BatchStatus.DONE).exclude(pk=batch.pk).exists()


@admin_view
def import_progress(request, pk):
    batch = batch_for(request.user, pk)
    return JsonResponse({"status": batch.status, "done": batch.progress_done, "total": batch.progress_total,
                         "running": batch.status in RUNNING})


@require_POST
@admin_view
def import_confirm(request, pk):
    batch = batch_for(request.user, pk)
    if batch.importer_id != request.user.pk:
        raise Http404
    try:
        batch = confirm_start(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        runner.start(batch)
    return redirect("pc:import_detail", pk=batch.pk)


@require_POST
@admin_view
def import_discard(request, pk):
    batch = batch_for(request.user, pk)
    if batch.importer_id != request.user.pk:
        raise Http404
    try:
        batch_discard(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import has been discarded; nothing was written."))
    return redirect("pc:import_list")


@admin_view
def import_undo(request, pk):
    """GET: what undo removes, or what blocks it; POST: undo."""
    batch = batch_for(request.user, pk)
    if batch.status != BatchStatus.DONE:
        raise Http404
    blockers = undo_blockers(batch)
    if request.method == "POST" and not blockers:
        try:
            batch_undo(batch=batch, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The import has been undone: the organisations it created are dissolved.")
                             if batch.sheet == TREE.key else
                             _("The import has been undone: the members it created are removed.")
                             if batch.sheet == ROSTER.key else
                             _("The import has been undone: the people it created are removed."))
            return redirect("pc:import_detail", pk=batch.pk)
    return render(request, "pc/imports/undo.html", {"batch": batch, "blockers": blockers, "nav": "imports"})


# --- exports in the import's format (the round trip, docs/import.md) --------------------------------

def _export(request, data, rows, sheet, org_path, name):
    audit_record(actor=request.user, action="import.export", org_path=org_path,
                 after={"sheet": sheet, "rows": rows})
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}-{timezone.localdate():%Y%m%d}.xlsx"
    return response


@committee_admin_view
def tree_export(request):
    """组织管理 → 导出: the committee's subtree as the 组织 sheet."""
    data, rows = export.tree_workbook(request.user)
    return _export(request, data, rows, TREE.key, tree_paths(request.user)[0], "tree")


@admin_view
def roster_export(request):
    """党员名册 → 导出: the rosters the user manages as the 党员名册 sheet."""
    if not roster_branches(request.user).exists():
        raise Http404
    data, rows = export.roster_workbook(request.user)
    return _export(request, data, rows, ROSTER.key, scope_paths(request.user, ADMIN_ROLES)[0], "roster")


@committee_admin_view
def people_export(request):
    """导入 → 导出发展党员: the people in the user's subtree as the 发展党员 sheet, with full ID numbers
    (what the import matches by). No page shows a full 身份证号, so this file is the one bulk copy of
    them: only the committee administrator (the account that migrates), only after a confirmation
    (GET asks, POST downloads), audited like the 台账."""
    if request.method != "POST":
        return render(request, "pc/accounts/confirm.html", {
            "title": _("Export the people in the development process with full ID card numbers?"),
            "text": _("The file holds every person of your Party committee with the full ID card number, for "
                      "moving to another installation. Keep it safe and delete it when the move is done; the "
                      "download is recorded in the audit log."),
            "button": _("Export"), "danger": True, "nav": "imports", "list_url": reverse("pc:import_list"),
            "list_label": _("Excel import"), "cancel": reverse("pc:import_list")})
    data, rows = export.people_workbook(cases_visible_to(request.user))
    return _export(request, data, rows, PEOPLE.key, scope_paths(request.user, ADMIN_ROLES)[0], "people")
