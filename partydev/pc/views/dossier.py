"""全程纪实 timeline page, the printable dossier (PDF) and the Excel 台账. (Being written.)"""

from django.http import Http404

from ..access import admin_view


@admin_view
def timeline(request, public_id):
    raise Http404


@admin_view
def dossier_pdf(request, public_id):
    raise Http404


@admin_view
def ledger_xlsx(request):
    raise Http404
