"""The Party committee's inbox of requests and its decisions (accept, return, not passed / not
approved), and the administrators' reminders. The web's forms and selectors (filing_inbox,
filing_for: outside the committee's scope, 404) and the same services."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from partydev.cases.models import Filing
from partydev.cases.selectors import filing_for, filing_inbox, name_search
from partydev.cases.selectors.facts import load_facts
from partydev.cases.selectors.reminders import reminder_list
from partydev.cases.services import filing_accept, filing_return, request_reject
from partydev.pc.views.filings import (
    ApprovalDecisionForm,
    InboxFilterForm,
    RejectForm,
    ReturnDecisionForm,
    _accept_form,
    _problems_besides,
)
from partydev.pc.views.reminders import WINDOWS, ReminderFilterForm
from partydev.process.deadlines import KINDS
from partydev.process.enums import FilingKind, FilingStatus
from partydev.process.requests import REQUEST_KINDS

from ..access import Admin, CommitteeAdmin
from ..errors import problem_json
from ..forms import validated
from ..pagination import ByCreation, ByDueDate
from ..schema import ERRORS
from ..serializers import (
    DecisionSerializer,
    FilingDetailSerializer,
    FilingPageSerializer,
    FilingSerializer,
    RejectSerializer,
    ReminderPageSerializer,
    ReminderSerializer,
    ReturnDecisionSerializer,
)

INBOX = gettext_lazy("Party committee")
REMINDERS = gettext_lazy("Reminders")
PK_PARAM = OpenApiParameter("pk", int, OpenApiParameter.PATH, description=gettext_lazy("The request's id."))


def _filing(request, pk):
    return Filing.objects.select_related("case__branch", "committee").get(pk=filing_for(request.user, pk).pk)


def _invalid(form):
    raise ValidationError({f: [str(e) for e in errs] for f, errs in form.errors.items()})


@extend_schema(tags=[INBOX], operation_id="filings_inbox", summary=gettext_lazy("The committee's inbox"),
               description=gettext_lazy(
                   "Requests sent to the Party committees in the caller's scope, oldest first, with the web's "
                   "filters (default: pending)."),
               parameters=[
                   OpenApiParameter("status", str, enum=[s.value for s in FilingStatus],
                                    description=gettext_lazy("The requests' status (default pending).")),
                   OpenApiParameter("kind", str, enum=[k.value for k in FilingKind],
                                    description=gettext_lazy("Only this kind of request.")),
                   OpenApiParameter("q", str, description=gettext_lazy("Names starting with it."))],
               responses={200: FilingPageSerializer, **ERRORS(400, 401, 404, 429)})
@api_view(["GET"])
@permission_classes([CommitteeAdmin])
def inbox(request):
    form = InboxFilterForm(request.query_params or None)
    if request.query_params and not form.is_valid():
        _invalid(form)
    cleaned = form.cleaned_data if form.is_bound else {}
    qs = filing_inbox(request.user, status=cleaned.get("status") or FilingStatus.PENDING).select_related("committee")
    if cleaned.get("kind"):
        qs = qs.filter(kind=cleaned["kind"])
    if cleaned.get("q"):
        qs = qs.filter(name_search(cleaned["q"], "case__name"))
    paginator = ByCreation()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(FilingSerializer(page, many=True).data)


@extend_schema(tags=[INBOX], operation_id="filings_detail", summary=gettext_lazy("A request"),
               description=gettext_lazy("The request with what the rules find about the person now."),
               parameters=[PK_PARAM], responses={200: FilingDetailSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([CommitteeAdmin])
def filing_detail(request, pk):
    filing = _filing(request, pk)
    found = _problems_besides(filing, load_facts(filing.case)) if filing.status == FilingStatus.PENDING else []
    data = FilingSerializer(filing).data
    data["problems"] = problem_json(found)
    data["can_reject"] = REQUEST_KINDS[filing.kind].rejected_history is not None
    return Response(data)


@extend_schema(tags=[INBOX], operation_id="filings_accept", summary=gettext_lazy("Accept a request"),
               description=gettext_lazy(
                   "备案 / 同意 / 预审通过 / 审批: the committee accepts on the date given; an activist filing makes "
                   "the person an activist from that date. Approval of an admission needs the committee "
                   "meeting's date and votes. Blocking problems: 409 with the list."),
               parameters=[PK_PARAM], request=DecisionSerializer,
               responses={200: FilingSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([CommitteeAdmin])
def filing_accept_view(request, pk):
    filing = _filing(request, pk)
    form = _accept_form(filing, request.data)
    data = validated(form)
    vote = {"committee_vote": form.committee_vote()} if isinstance(form, ApprovalDecisionForm) else {}
    filing_accept(filing=filing, actor=request.user, effective_date=data["effective_date"],
                  opinion=(data.get("opinion") or "").strip(), **vote)
    return Response(FilingSerializer(_filing(request, pk)).data)


@extend_schema(tags=[INBOX], operation_id="filings_return", summary=gettext_lazy("Return a request to the branch"),
               parameters=[PK_PARAM], request=ReturnDecisionSerializer,
               responses={200: FilingSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([CommitteeAdmin])
def filing_return_view(request, pk):
    filing = _filing(request, pk)
    data = validated(ReturnDecisionForm(request.data, born=filing.case.birth_date))
    filing_return(filing=filing, actor=request.user, reason=data["reason"], effective_date=data["effective_date"])
    return Response(FilingSerializer(_filing(request, pk)).data)


@extend_schema(tags=[INBOX], operation_id="filings_reject", summary=gettext_lazy("Refuse a request"),
               description=gettext_lazy(
                   "预审不通过 / 不予批准, with the written opinion. Only pre-reviews, approvals and conversions (others: 404)."),
               parameters=[PK_PARAM], request=RejectSerializer,
               responses={200: FilingSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([CommitteeAdmin])
def filing_reject_view(request, pk):
    filing = _filing(request, pk)
    if REQUEST_KINDS[filing.kind].rejected_history is None:
        raise Http404
    data = validated(RejectForm(request.data, born=filing.case.birth_date))
    request_reject(filing=filing, actor=request.user, opinion=data["opinion"], effective_date=data["effective_date"])
    return Response(FilingSerializer(_filing(request, pk)).data)


@extend_schema(tags=[REMINDERS], operation_id="reminders_list", summary=gettext_lazy("Work reminders (待办提醒)"),
               description=gettext_lazy("What is due or overdue in the caller's scope, most urgent first."),
               parameters=[
                   OpenApiParameter("kind", str, enum=list(KINDS), description=gettext_lazy("Only this kind.")),
                   OpenApiParameter("branch", int, description=gettext_lazy("Only this branch (its id).")),
                   OpenApiParameter("window", str, enum=[w for w, _label in WINDOWS], description=gettext_lazy(
                       "soon: overdue or due within 30 days (default); overdue; all."))],
               responses={200: ReminderPageSerializer, **ERRORS(400, 401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def reminders(request):
    today = timezone.localdate()
    form = ReminderFilterForm(request.query_params or None, user=request.user)
    if request.query_params and not form.is_valid():
        _invalid(form)
    cleaned = form.cleaned_data if form.is_bound else {}
    branch = cleaned.get("branch")
    qs = reminder_list(request.user, today=today, kind=cleaned.get("kind", ""),
                       branch_id=branch.pk if branch else None, window=cleaned.get("window") or "soon")
    paginator = ByDueDate()
    page = paginator.paginate_queryset(qs, request)
    rows = [{"case": d.case, "kind": d.kind, "due_date": d.due_date, "overdue": d.due_date < today,
             "article": ""} for d in page]
    return paginator.get_paginated_response(ReminderSerializer(rows, many=True).data)
