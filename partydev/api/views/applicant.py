"""The applicant's own endpoints: what the phone site does (partydev/mobile/views.py), as JSON.
Registration with a QR token; then only the caller's own case, never another person's, never counts."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from partydev.cases.models import ThoughtReport
from partydev.cases.permissions import can_submit_letter, can_submit_report
from partydev.cases.selectors import open_return
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import case_register, letter_submit, report_submit
from partydev.process.timeline import build_timeline
from partydev.registration.selectors import code_by_token
from partydev.webforms.records import LetterForm, RegistrationForm, ThoughtReportForm

from ..access import Applicant
from ..errors import problem_response
from ..forms import bound, validated
from ..formschema import form_serializer
from ..schema import ERRORS
from ..serializers import (
    LetterInputSerializer,
    LetterSerializer,
    MyProfileSerializer,
    MyProgressSerializer,
    RegisteredSerializer,
    RegistrationCodeSerializer,
    ReportInputSerializer,
    ReportSerializer,
)
from ..throttles import AddressThrottle, LoginThrottle
from .auth import issue_token

REG = gettext_lazy("Registration")
ME = gettext_lazy("Applicant (own data)")
LETTER_PK = OpenApiParameter("pk", int, OpenApiParameter.PATH, description=gettext_lazy("The letter's id."))
REPORT_PK = OpenApiParameter("pk", int, OpenApiParameter.PATH, description=gettext_lazy("The thought report's id."))
TOKEN_PARAM = OpenApiParameter("token", str, OpenApiParameter.PATH,
                               description=gettext_lazy("The registration code's token (from its QR code link)."))


def _code(token):
    code = code_by_token(token)
    if code is None:
        raise Http404
    return code


@extend_schema(tags=[REG], operation_id="registration_code", summary=gettext_lazy("Read a registration code"),
               description=gettext_lazy("The branch and notice of a QR registration code, and whether it can be used."),
               parameters=[TOKEN_PARAM], responses={200: RegistrationCodeSerializer, **ERRORS(404, 429)}, auth=[])
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def registration_code(request, token):
    return Response(RegistrationCodeSerializer(_code(token)).data)


@extend_schema(
    tags=[REG], operation_id="registration_register", summary=gettext_lazy("Register as an applicant"),
    description=gettext_lazy(
        "What the phone's registration page does: creates the account and the applicant's record in the code's "
        "branch, with both consents, and returns a token for the new account. A code that expired or was "
        "revoked answers 410."),
    parameters=[TOKEN_PARAM], request=form_serializer(RegistrationForm, "RegistrationInput"),
    responses={201: RegisteredSerializer, **ERRORS(400, 404, 410, 422, 429)}, auth=[])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle, AddressThrottle])
def registration_register(request, token):
    code = _code(token)
    if not code.is_usable():
        return problem_response(status.HTTP_410_GONE, "code-closed", gettext_lazy("Gone"),
                                gettext_lazy("This registration code has expired or been revoked."))
    data = validated(bound(RegistrationForm, request))
    case = case_register(code=code, data=data, password=data["password1"])
    body = issue_token(request, case.user)
    body["case"] = MyProfileSerializer(case).data
    return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ME], operation_id="me_profile", summary=gettext_lazy("My record"),
               description=gettext_lazy("The caller's own record; ID card and phone numbers masked."),
               responses={200: MyProfileSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Applicant])
def me_profile(request):
    return Response(MyProfileSerializer(request.own_case).data)


@extend_schema(tags=[ME], operation_id="me_progress", summary=gettext_lazy("My progress"),
               description=gettext_lazy(
                   "What the phone's home page shows: the stage, the contacts' names, a return's reason, what can "
                   "be submitted now and the next steps. Opinions about the person are never shown."),
               responses={200: MyProgressSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Applicant])
def me_progress(request):
    case = request.own_case
    facts = load_facts(case)
    returned = open_return(case)
    return Response(MyProgressSerializer({
        "stage": case.stage, "contacts": [a.member.name for a in facts.active_contacts],
        "returned_reason": returned.reason if returned else None,
        "can_submit_letter": can_submit_letter(request.user, case, facts.letters),
        "can_submit_report": can_submit_report(request.user, case),
        "steps": build_timeline(facts, timezone.localdate())[:6]}).data)


def _letters(case):
    return case.applicationletters.prefetch_related("attachments").order_by("-created_at", "-id")


@extend_schema(tags=[ME], operation_id="me_letters_list", summary=gettext_lazy("My application letters"),
               description=gettext_lazy("The caller's application letters, newest first, with their status."),
               responses={200: LetterSerializer(many=True), **ERRORS(401, 404, 429)}, methods=["GET"])
@extend_schema(tags=[ME], operation_id="me_letters_submit", summary=gettext_lazy("Submit my application letter"),
               description=gettext_lazy(
                   "Submit the 入党申请书, or rewrite it after the branch returned it. Only while no letter is waiting "
                   "or approved (else 409). Files may be sent as multipart `attachments`."),
               request=LetterInputSerializer, methods=["POST"],
               responses={201: LetterSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["GET", "POST"])
@permission_classes([Applicant])
def me_letters(request):
    case = request.own_case
    if request.method == "GET":
        return Response(LetterSerializer(_letters(case), many=True).data)
    if not can_submit_letter(request.user, case, list(case.applicationletters.all())):
        return problem_response(status.HTTP_409_CONFLICT, "letter-waiting", gettext_lazy("Conflict"),
                                gettext_lazy("Your application letter is already with the branch."))
    form = bound(LetterForm, request, born=case.birth_date)
    data = validated(form)
    letter = letter_submit(case=case, actor=request.user,
                           data={k: data[k] for k in ("title", "content", "written_date")}, files=data["attachments"])
    return Response(LetterSerializer(letter).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ME], operation_id="me_letter", summary=gettext_lazy("One of my application letters"), parameters=[LETTER_PK],
               responses={200: LetterSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Applicant])
def me_letter(request, pk):
    return Response(LetterSerializer(get_object_or_404(_letters(request.own_case), pk=pk)).data)


def _reports(case):
    return ThoughtReport.objects.filter(case=case).prefetch_related("attachments").order_by("-written_on", "-id")


@extend_schema(tags=[ME], operation_id="me_reports_list", summary=gettext_lazy("My thought reports"),
               responses={200: ReportSerializer(many=True), **ERRORS(401, 404, 429)}, methods=["GET"])
@extend_schema(tags=[ME], operation_id="me_reports_submit", summary=gettext_lazy("Submit a thought report"),
               description=gettext_lazy(
                   "Activists and probationary members report to the branch (others: 404). Files may be sent as "
                   "multipart `attachments`."),
               request=ReportInputSerializer, methods=["POST"],
               responses={201: ReportSerializer, **ERRORS(400, 401, 404, 422, 429)})
@api_view(["GET", "POST"])
@permission_classes([Applicant])
def me_reports(request):
    case = request.own_case
    if request.method == "GET":
        return Response(ReportSerializer(_reports(case), many=True).data)
    if not can_submit_report(request.user, case):
        raise Http404
    data = validated(bound(ThoughtReportForm, request, born=case.birth_date))
    report = report_submit(case=case, actor=request.user,
                           data={k: data[k] for k in ("title", "content", "written_on")}, files=data["attachments"])
    return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ME], operation_id="me_report", summary=gettext_lazy("One of my thought reports"), parameters=[REPORT_PK],
               responses={200: ReportSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Applicant])
def me_report(request, pk):
    return Response(ReportSerializer(get_object_or_404(_reports(request.own_case), pk=pk)).data)


