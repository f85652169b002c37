"""The 台账 as JSON (the Excel ledger's rows and columns), and attachments for API clients."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from partydev.audit.services import audit_record
from partydev.cases.selectors import cases_visible_to
from partydev.cases.selectors.ledger import ledger_cases
from partydev.orgs.selectors import ADMIN_ROLES, scope_paths
from partydev.pc.list_filters import FORMS, filter_form, filtered_cases
from partydev.pc.views.attachments import serve_attachment
from partydev.pc.views.dossier import LedgerForm

from ..access import Admin
from ..pagination import ByName
from ..schema import ERRORS
from ..serializers import LedgerPageSerializer, LedgerRowSerializer
from .cases import LIST_PARAMS, PEOPLE


@extend_schema(tags=[PEOPLE], operation_id="ledger", summary=gettext_lazy("The ledger (台账)"),
               description=gettext_lazy(
                   "导出台账 as JSON: one row per person with the key dates. With a stage, exactly the people of "
                   "that list with the same filters; without one, the whole scope (or one branch). Each page "
                   "read is audited like the Excel export."),
               parameters=[OpenApiParameter(p.name, p.type, enum=p.enum, description=p.description)
                           for p in LIST_PARAMS],
               responses={200: LedgerPageSerializer, **ERRORS(400, 401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def ledger(request):
    stage = request.query_params.get("stage", "")
    if stage in FORMS:
        form = filter_form(request.query_params, request.user, stage)
        if not form.is_valid():
            raise ValidationError({f: [str(e) for e in errs] for f, errs in form.errors.items()})
        _form, cases = filtered_cases(request, stage)
    else:
        form = LedgerForm(request.query_params, user=request.user)
        if not form.is_valid():
            raise Http404  # a branch outside the scope, as the Excel export answers it
        cases = cases_visible_to(request.user)
        if form.cleaned_data.get("branch"):
            cases = cases.filter(branch=form.cleaned_data["branch"])
        if stage:
            cases = cases.filter(stage=stage)
    branch = form.cleaned_data.get("branch")
    paginator = ByName()
    page = paginator.paginate_queryset(ledger_cases(cases), request)
    audit_record(actor=request.user, action="ledger.download",
                 org_path=branch.path if branch else scope_paths(request.user, ADMIN_ROLES)[0],
                 after={"format": "json", "branch": branch.pk if branch else None, "stage": stage,
                        "rows": len(page)})
    return paginator.get_paginated_response(LedgerRowSerializer(page, many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="attachment_download", summary=gettext_lazy("Download an attachment"),
               description=gettext_lazy(
                   "The file, to whoever may see its record (an applicant: only the files of its own letters and "
                   "reports). Every download is audited."),
               parameters=[OpenApiParameter("public_id", str, OpenApiParameter.PATH,
                                            description=gettext_lazy("The attachment's id."))],
               responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                          **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def attachment(request, public_id):
    # The web's access-checked, audited download (DRF has put the token's user on the request).
    return serve_attachment(request._request, public_id)
