"""Administrators' endpoints for people: the lists with the web's filters, a person's record and
timeline, the application letter's review, and sending requests to the Party committee. Scope
through the same selectors as the pages (cases_visible_to): outside it, 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from partydev.cases.models import ApplicationLetter, ThoughtReport
from partydev.cases.permissions import (
    can_edit_activist_records,
    can_edit_applicant_records,
    can_return_case,
    can_review_letter,
    is_branch_admin_of,
)
from partydev.cases.selectors import case_for
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import (
    StaleState,
    case_return,
    filing_submit,
    letter_approve,
    letter_return,
    report_mark_read,
    request_send,
)
from partydev.pc.list_filters import (
    APPLICANT_STATUS_FILTERS,
    CULTIVATION_FILTERS,
    DUE_FILTERS,
    filter_form,
    filtered_cases,
)
from partydev.process.enums import FilingKind, Stage
from partydev.process.gates import problems
from partydev.process.problems import blocking
from partydev.process.requests import REQUEST_KINDS
from partydev.process.timeline import build_timeline
from partydev.webforms.records import CaseReturnForm, MarkReadForm, ReasonForm

from ..access import Admin, BranchAdmin
from ..errors import problem_json
from ..forms import bound, validated
from ..formschema import form_serializer
from ..pagination import ByName
from ..schema import ERRORS
from ..serializers import (
    CaseDetailSerializer,
    CasePageSerializer,
    CaseSummarySerializer,
    CaseTimelineSerializer,
    EffectiveDateSerializer,
    FilingSerializer,
    GateSerializer,
    LetterSerializer,
    ReasonSerializer,
    ReportSerializer,
)

PEOPLE = gettext_lazy("People (administrators)")
REQUESTS = gettext_lazy("Requests to the Party committee")
CASE_PARAM = OpenApiParameter("public_id", str, OpenApiParameter.PATH, description=gettext_lazy("The person's id."))
LIST_PARAMS = [
    OpenApiParameter("stage", str, enum=[s.value for s in Stage if s in (
        Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL)], required=True,
        description=gettext_lazy("Which list: applicant (申请人管理), activist, target, probationary or full.")),
    OpenApiParameter("q", str, description=gettext_lazy(
        "Search: names starting with it, or the person with that whole ID card number.")),
    OpenApiParameter("branch", int, description=gettext_lazy("Only this branch (its id; within the caller's scope).")),
    OpenApiParameter("org", int, description=gettext_lazy(
        "Only the people under this organisation and everything below it (its id; within the caller's scope).")),
    OpenApiParameter("status", str, enum=list(APPLICANT_STATUS_FILTERS), description=gettext_lazy(
        "Applicants only: awaiting_letter, no_letter or filed.")),
    OpenApiParameter("cultivation", str, enum=list(CULTIVATION_FILTERS), description=gettext_lazy(
        "Activists only: cultivation time lt6, 6to12 or ge12.")),
    OpenApiParameter("due", str, enum=list(DUE_FILTERS), description=gettext_lazy(
        "Activists and later: something overdue or due within 7 days.")),
]
LIST_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL)


@extend_schema(tags=[PEOPLE], operation_id="cases_list", summary=gettext_lazy("List people"),
               description=gettext_lazy(
                   "The list pages (申请人管理, 积极分子管理, …) with the same filters and search, in name order, "
                   "paged by cursor. Branch administrators see their branch, committee administrators their "
                   "subtree."),
               parameters=LIST_PARAMS, responses={200: CasePageSerializer, **ERRORS(400, 401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def cases_list(request):
    stage = request.query_params.get("stage")
    if stage not in LIST_STAGES:
        raise ValidationError({"stage": [gettext_lazy("Choose one of: applicant, activist, target, probationary, full.")]})
    form = filter_form(request.query_params, request.user, stage)
    if request.query_params and not form.is_valid():
        raise ValidationError({f: [str(e) for e in errs] for f, errs in form.errors.items()})
    _form, qs = filtered_cases(request, stage)
    paginator = ByName()
    page = paginator.paginate_queryset(qs, request)
    return paginator.get_paginated_response(CaseSummarySerializer(page, many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="cases_detail", summary=gettext_lazy("A person's record"),
               description=gettext_lazy("The person's record; ID card and phone numbers masked, as on the page."),
               parameters=[CASE_PARAM], responses={200: CaseDetailSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def case_detail(request, public_id):
    return Response(CaseDetailSerializer(case_for(request.user, public_id)).data)


@extend_schema(tags=[PEOPLE], operation_id="cases_timeline", summary=gettext_lazy("A person's timeline (全程纪实)"),
               description=gettext_lazy("The 25 steps with their dates and states, and the history of the case."),
               parameters=[CASE_PARAM], responses={200: CaseTimelineSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def case_timeline(request, public_id):
    case = case_for(request.user, public_id)
    facts = load_facts(case)
    return Response(CaseTimelineSerializer({
        "steps": build_timeline(facts, timezone.localdate()),
        "history": case.history.order_by("-at", "-id")}).data)


# --- the application letter -------------------------------------------------------------------------

def _letter(request, public_id, pk):
    case = case_for(request.user, public_id)
    return get_object_or_404(ApplicationLetter.objects.select_related("case").prefetch_related("attachments"),
                             case=case, pk=pk)


LETTER_PARAMS = [CASE_PARAM, OpenApiParameter("pk", int, OpenApiParameter.PATH,
                                              description=gettext_lazy("The letter's id."))]


@extend_schema(tags=[PEOPLE], operation_id="case_letters_list", summary=gettext_lazy("A person's application letters"),
               parameters=[CASE_PARAM], responses={200: LetterSerializer(many=True), **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def case_letters(request, public_id):
    case = case_for(request.user, public_id)
    letters = case.applicationletters.prefetch_related("attachments").order_by("-created_at", "-id")
    return Response(LetterSerializer(letters, many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="case_letter_approve", summary=gettext_lazy("Approve the application letter"),
               description=gettext_lazy("审批通过: only a submitted letter, by the branch, before the filing."),
               parameters=LETTER_PARAMS, request=None, responses={200: LetterSerializer, **ERRORS(401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def letter_approve_view(request, public_id, pk):
    letter = _letter(request, public_id, pk)
    if not can_review_letter(request.user, letter):
        raise StaleState()
    return Response(LetterSerializer(letter_approve(letter=letter, actor=request.user)).data)


@extend_schema(tags=[PEOPLE], operation_id="case_letter_return", summary=gettext_lazy("Return the application letter"),
               description=gettext_lazy("退回 with the reason: the applicant rewrites it."),
               parameters=LETTER_PARAMS, request=ReasonSerializer,
               responses={200: LetterSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def letter_return_view(request, public_id, pk):
    letter = _letter(request, public_id, pk)
    if not can_review_letter(request.user, letter):
        raise StaleState()
    data = validated(bound(ReasonForm, request))
    return Response(LetterSerializer(letter_return(letter=letter, actor=request.user, reason=data["reason"])).data)


# --- requests to the committee (确定积极分子并备案, 同意, 预审, 审批, 审批转正) ------------------------------

KIND_PARAM = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=[k.value for k in FilingKind],
                              description=gettext_lazy(
                                  "The kind of request: activist (确定积极分子并备案), target, pre_review, approval "
                                  "or conversion."))


def _request_case(request, public_id, kind):
    if kind not in REQUEST_KINDS:
        raise Http404
    case = case_for(request.user, public_id)
    if not is_branch_admin_of(request.user, case):
        raise Http404
    # The activist filing's page is open while the applicant's records can be edited (not filed yet).
    if kind == FilingKind.ACTIVIST and not can_edit_applicant_records(request.user, case):
        raise Http404
    return case


def _on(request, field="on"):
    form = EffectiveDateSerializer(data=request.query_params if request.method == "GET" else request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data.get(field) or timezone.localdate()


@extend_schema(tags=[REQUESTS], operation_id="case_request_problems", summary=gettext_lazy(
    "What the rules find before sending a request"),
    description=gettext_lazy("当前备案存在问题: the problems the request's gate finds on the date given (default today)."),
    parameters=[CASE_PARAM, KIND_PARAM, OpenApiParameter("on", str, description=gettext_lazy(
        "The date to check on (YYYY-MM-DD, default today)."))],
    responses={200: GateSerializer, **ERRORS(400, 401, 404, 429)})
@api_view(["GET"])
@permission_classes([BranchAdmin])
def request_problems(request, public_id, kind):
    case = _request_case(request, public_id, kind)
    on = _on(request)
    found = problems(load_facts(case), REQUEST_KINDS[kind].send_gate, on)
    return Response({"on": on, "blocked": bool(blocking(found)), "problems": problem_json(found)})


@extend_schema(tags=[REQUESTS], operation_id="case_request_send", summary=gettext_lazy("Send a request to the Party committee"),
               description=gettext_lazy(
                   "确定: sends the request on the date given (default today). Refused with 409 and the whole list "
                   "while any problem blocks; the warnings are kept with the request."),
               parameters=[CASE_PARAM, KIND_PARAM], request=EffectiveDateSerializer,
               responses={201: FilingSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def request_send_view(request, public_id, kind):
    case = _request_case(request, public_id, kind)
    on = _on(request)
    if kind == FilingKind.ACTIVIST:
        filing = filing_submit(case=case, actor=request.user, sent_on=on)
    else:
        filing = request_send(case=case, actor=request.user, kind=kind, sent_on=on)
    filing = type(filing).objects.select_related("case__branch", "committee").get(pk=filing.pk)
    return Response(FilingSerializer(filing).data, status=status.HTTP_201_CREATED)


# --- thought reports and 退回重新备案 -------------------------------------------------------------------

REPORT_PARAMS = [CASE_PARAM, OpenApiParameter("pk", int, OpenApiParameter.PATH,
                                              description=gettext_lazy("The thought report's id."))]


@extend_schema(tags=[PEOPLE], operation_id="case_reports_list", summary=gettext_lazy("A person's thought reports"),
               parameters=[CASE_PARAM], responses={200: ReportSerializer(many=True), **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def case_reports(request, public_id):
    case = case_for(request.user, public_id)
    reports = ThoughtReport.objects.filter(case=case).prefetch_related("attachments").order_by("-written_on", "-id")
    return Response(ReportSerializer(reports, many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="case_report_read", summary=gettext_lazy("Mark a thought report as read"),
               description=gettext_lazy("批阅: the branch marks an activist's report as read, with a comment."),
               parameters=REPORT_PARAMS, request=form_serializer(MarkReadForm, "MarkReadInput"),
               responses={200: ReportSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def case_report_read(request, public_id, pk):
    case = case_for(request.user, public_id)
    report = get_object_or_404(ThoughtReport, case=case, pk=pk)
    if not can_edit_activist_records(request.user, case):
        raise Http404
    data = validated(bound(MarkReadForm, request))
    report = report_mark_read(report=report, actor=request.user, comment=data["comment"])
    return Response(ReportSerializer(report).data)


class CaseReturnInput(form_serializer(CaseReturnForm, "CaseReturnFields")):
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=gettext_lazy(
        "The stage the client saw: when the person has moved since, the return is refused (409)."))


@extend_schema(tags=[PEOPLE], operation_id="case_return", summary=gettext_lazy("Return for filing again (退回重新备案)"),
               description=gettext_lazy(
                   "Send an applicant, activist or development target back to an earlier point, with the date and "
                   "the reason (the applicant's phone shows it)."),
               parameters=[CASE_PARAM], request=CaseReturnInput,
               responses={200: CaseDetailSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def case_return_view(request, public_id):
    case = case_for(request.user, public_id)
    if not can_return_case(request.user, case):
        raise Http404
    data = validated(bound(CaseReturnForm, request, stage=case.stage, born=case.birth_date))
    expected = request.data.get("stage", "") if isinstance(request.data, dict) else ""
    case = case_return(case=case, actor=request.user, point=data["point"], reason=data["reason"],
                       expected_stage=str(expected), effective_date=data["effective_date"])
    return Response(CaseDetailSerializer(case_for(request.user, case.public_id)).data)
