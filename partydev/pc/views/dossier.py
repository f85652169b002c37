"""全程纪实 timeline page, the printable dossier (PDF) and the Excel 台账.

Thin views: the data comes from partydev.cases.selectors.dossier and partydev.cases.selectors.ledger; here it is only
scoped, rendered and audited.
"""

import functools
import io
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django import forms
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partydev.audit.services import audit_record
from partydev.cases.models import ApplicationLetter, BranchMeeting, Filing, ThoughtReport
from partydev.cases.selectors import case_for, cases_visible_to
from partydev.cases.selectors.dossier import build_dossier
from partydev.cases.selectors.ledger import build_ledger
from partydev.imports.services import marks_batches, marks_for
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, branches_visible_to, grants_of, has_role, scope_paths
from partydev.process.enums import Stage

from ..access import admin_view
from ..list_filters import FORMS, filtered_cases
from ..navigation import nav_for
from .records import RECORD_KINDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
@admin_view
@require_GET
def timeline(request, public_id):
    case = case_for(request.user, public_id)
    dossier = build_dossier(case, timezone.localdate())
    _link_records(request.user, case, dossier)
    # 导入: the history entries an Excel import wrote, with their batch and row (docs/import.md).
    marks = marks_for(case)
    for h in dossier.history:
        h.imported = marks.get(("cases.StageChange", h.pk))
    return render(request, "pc/dossier/timeline.html", {
        "case": case, "dossier": dossier, "nav": nav_for(case), "imported": marks_batches(marks)})


@admin_view
@require_GET
def dossier_pdf(request, public_id):
    """The printable dossier. It holds the political review, so it is for the branch and the
    committee only (admin_view), and every download is audited."""
    case = case_for(request.user, public_id)
    dossier = build_dossier(case, timezone.localdate())
    html = render_to_string("pc/dossier/dossier_pdf.html", {
        "case": case, "dossier": dossier, "printed_at": timezone.localtime(),
        "printed_by": request.user}, request=request)
    pdf = _pdf(html)
    audit_record(actor=request.user, action="dossier.download", obj=case, case=case,
                 after={"bytes": len(pdf)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{_('Whole-process record')}-{case.name}.pdf")
    return response


# The CJK font the PDF embeds (static/css/dossier.css @font-face, scripts/build-cjk-font.py).
SHIPPED_FONTS = "fonts/noto-sans-cjk-sc"


def _pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # noqa: PLC0415  (loads Pango on import; only this view needs it)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    # The stylesheet's @font-face rules add the shipped font to this document's font configuration.
    font_config = FontConfiguration()
    fetcher = _shipped_fonts_only()
    stylesheet = CSS(filename=finders.find("css/dossier.css"), font_config=font_config, url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet], font_config=font_config)


def _shipped_fonts_only():
    """The dossier is self-contained: WeasyPrint may read the shipped font files and nothing else (no
    requests to the network or to local files named by data in the page)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class ShippedFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = _shipped_font_path(url)
            if path is None:
                raise ValueError(f"external resource refused: {url[:60]}")
            return URLFetcherResponse(url, _font_program(path), {"Content-Type": "font/otf"})

    return ShippedFontsOnly()


def _shipped_font_path(url: str) -> Path | None:
    if not url.startswith("file:"):
        return None
    folder = finders.find(SHIPPED_FONTS)
    path = Path(url2pathname(urlsplit(url).path)).resolve()
    if folder and path.parent == Path(folder).resolve() and path.suffix == ".woff2" and path.is_file():
        return path
    return None


@functools.cache
def _font_program(path: Path) -> bytes:
    """The font decompressed from WOFF2 once per process (0.2 s per weight), not on every download."""
    from fontTools.ttLib import woff2  # noqa: PLC0415

    out = io.BytesIO()
    with path.open("rb") as woff:
        woff2.decompress(woff, out)
    return out.getvalue()


def _link_records(user, case, dossier):
    """Where each record can be opened on the site (records without a page of their own get none)."""
    committee = has_role(user, Role.COMMITTEE_ADMIN)
    for step in dossier.steps:
        for entry in step.records:
            entry.url = _record_url(case, entry.record, committee)


def _record_url(case, record, committee: bool) -> str:
    if isinstance(record, ApplicationLetter):
        return reverse("pc:letter_detail", args=[case.public_id, record.pk])
    if isinstance(record, ThoughtReport):
        return reverse("pc:report_detail", args=[case.public_id, record.pk])
    if isinstance(record, BranchMeeting):
        return reverse("pc:meeting_detail", args=[case.public_id, record.pk])
    if isinstance(record, Filing):
        # Filing pages belong to the committee's inbox (filings_visible_to).
        return reverse("pc:filing_detail", args=[record.pk]) if committee else ""
    for kind in RECORD_KINDS.values():
        if kind.model is type(record) and all(getattr(record, k) == v for k, v in kind.fixed.items()):
            return reverse("pc:record_detail", args=[case.public_id, kind.slug, record.pk])
    return ""


class LedgerForm(forms.Form):
    branch = forms.ModelChoiceField(queryset=None, required=False)
    stage = forms.ChoiceField(choices=[("", ""), *Stage.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches_visible_to(user)


@admin_view
@require_GET
def ledger_xlsx(request):
    """导出台账: with a stage, exactly the people its list shows with the same filters (list_filters);
    without one, the whole scope or one branch."""
    stage = request.GET.get("stage", "")
    if stage in FORMS:
        form, cases = filtered_cases(request, stage)
    else:
        form = LedgerForm(request.GET, user=request.user)
        cases = cases_visible_to(request.user) if form.is_valid() else None
    if not form.is_valid():
        # A branch outside the scope is answered like any other object outside it.
        raise Http404
    branch = form.cleaned_data.get("branch")
    if stage not in FORMS:  # the list's own filters have already applied both
        cases = cases.filter(branch=branch) if branch else cases
        cases = cases.filter(stage=stage) if stage else cases
    scope_name = branch.name if branch else next(g.org.name for g in grants_of(request.user)
                                                  if g.role in ADMIN_ROLES)
    title = _("Ledger") + f"-{scope_name}"
    data, written, total = build_ledger(cases, title=title)
    filters = {k: v for k, v in form.cleaned_data.items() if v and k not in ("branch", "stage")}
    audit_record(actor=request.user, action="ledger.download",
                 org_path=branch.path if branch else scope_paths(request.user, ADMIN_ROLES)[0],
                 after={"branch": branch.pk if branch else None, "stage": stage, "filters": sorted(filters),
                        "rows": written, "total": total})
    response = HttpResponse(data, content_type=XLSX)
    filename = f"{title}-{timezone.localdate():%Y%m%d}{'-' + Stage(stage).label if stage else ''}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
