"""Steps 8–23 kept by the branch: 确定为发展对象 after the 公示 (2026 §13), 入党介绍人, the 支部党员大会
on admission and conversion, and 推迟讨论转正. Each is the web page's form, the page's entry check
(outside it: 404) and the same service; the service's refusals are the API's 409 / 422."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from partydev.cases.permissions import can_edit_stage_records, can_postpone_conversion, is_branch_admin_of
from partydev.cases.selectors import case_for, name_search
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import conversion_postpone, introducers_set, meeting_record, target_confirm
from partydev.orgs.selectors import members_of_branch
from partydev.pc.confirm import EffectiveDateForm
from partydev.pc.member_pickers import committee_members
from partydev.process.enums import Attendance, ConversionOutcome, MeetingPurpose, Stage, VotingMethod
from partydev.process.gates import ADMISSION_MEETING, CONFIRM_TARGET, problems
from partydev.process.problems import blocking
from partydev.process.rules.target import target_needs_notice
from partydev.webforms.meetings import MeetingForm
from partydev.webforms.records import ConversionPostponeForm, IntroducersForm

from ..access import Admin, BranchAdmin, require_branch_admin
from ..errors import problem_json
from ..forms import _data, bound, validated
from ..formschema import form_serializer
from ..pagination import ByName
from ..schema import ERRORS
from ..serializers import CaseDetailSerializer, EffectiveDateSerializer, GateSerializer
from .cases import CASE_PARAM, PEOPLE
from .contacts import MemberPageSerializer, MemberSerializer

ON_PARAM = OpenApiParameter("on", str, description=gettext_lazy("The date to check on (YYYY-MM-DD, default today)."))


def _detail(request, case):
    return Response(CaseDetailSerializer(case_for(request.user, case.public_id)).data)


# --- 确定为发展对象 (2026 §13) -------------------------------------------------------------------------

def _confirmable(request, public_id):
    """The page's entry: the branch's own person, agreed by the committee, 公示 under the 2026 rules."""
    case = case_for(request.user, public_id)
    if not is_branch_admin_of(request.user, case) or not target_needs_notice(load_facts(case), timezone.localdate()):
        raise Http404
    return case


@extend_schema(tags=[PEOPLE], operation_id="case_target_confirm_problems", summary=gettext_lazy(
    "What the rules find before confirming the development target"),
    description=gettext_lazy(
        "确定为发展对象 (2026 rules): after the committee agreed and the public notice (公示) ended without "
        "objection. The problems the rules find on the date given (default today)."),
    parameters=[CASE_PARAM, ON_PARAM], responses={200: GateSerializer, **ERRORS(400, 401, 404, 429)}, methods=["GET"])
@extend_schema(tags=[PEOPLE], operation_id="case_target_confirm", summary=gettext_lazy(
    "Confirm the development target"),
    description=gettext_lazy(
        "确定: the person is a development target from the date given (default today). Refused with 409 and "
        "the whole list while any problem blocks."),
    parameters=[CASE_PARAM], request=EffectiveDateSerializer, methods=["POST"],
    responses={200: CaseDetailSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["GET", "POST"])
@permission_classes([BranchAdmin])
def target_confirm_view(request, public_id):
    case = _confirmable(request, public_id)
    if request.method == "GET":
        form = EffectiveDateForm(request.query_params, born=case.birth_date)
        on = validated(form)["on"]
        found = problems(load_facts(case), CONFIRM_TARGET, on)
        return Response({"on": on, "blocked": bool(blocking(found)), "problems": problem_json(found)})
    on = validated(bound(EffectiveDateForm, request, born=case.birth_date))["on"]
    case = target_confirm(case=case, actor=request.user, on=on)
    return _detail(request, case)


# --- 入党介绍人 -------------------------------------------------------------------------------------

class IntroducerSerializer(serializers.Serializer):
    member = MemberSerializer(help_text=gettext_lazy("The introducer."))
    assigned_on = serializers.DateField(help_text=gettext_lazy("Determined on."))


def _serving_introducers(case):
    return case.introducers.filter(ended_on__isnull=True).select_related("member__branch").order_by("id")


@extend_schema(tags=[PEOPLE], operation_id="case_introducers", summary=gettext_lazy("Introducers (入党介绍人)"),
               description=gettext_lazy("The introducers serving now."), parameters=[CASE_PARAM],
               responses={200: IntroducerSerializer(many=True), **ERRORS(401, 404, 429)}, methods=["GET"])
@extend_schema(tags=[PEOPLE], operation_id="case_introducers_set", summary=gettext_lazy("Determine the introducers"),
               description=gettext_lazy(
                   "Two full members of the person's Party committee (development targets only); the rules "
                   "(full members, discipline) refuse others with 422. Replaces the introducers serving now."),
               parameters=[CASE_PARAM], request=form_serializer(IntroducersForm, "IntroducersInput"), methods=["PUT"],
               responses={200: IntroducerSerializer(many=True), **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["GET", "PUT"])
@permission_classes([Admin])
def introducers(request, public_id):
    if request.method == "GET":
        return Response(IntroducerSerializer(_serving_introducers(case_for(request.user, public_id)), many=True).data)
    require_branch_admin(request)
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, Stage.TARGET):
        raise Http404
    data = validated(bound(IntroducersForm, request, candidates=committee_members(case), born=case.birth_date))
    introducers_set(case=case, members=list(data["members"]), assigned_on=data["assigned_on"], actor=request.user)
    return Response(IntroducerSerializer(_serving_introducers(case), many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="case_introducer_candidates", summary=gettext_lazy(
    "Members who may be chosen as introducers"),
    description=gettext_lazy("Active members of the person's Party committee, by name, as the page offers them."),
    parameters=[CASE_PARAM, OpenApiParameter("q", str, description=gettext_lazy("Names starting with it."))],
    responses={200: MemberPageSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([BranchAdmin])
def introducer_candidates(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, Stage.TARGET):
        raise Http404
    members = committee_members(case)
    if request.query_params.get("q"):
        members = members.filter(name_search(request.query_params["q"]))
    paginator = ByName()
    page = paginator.paginate_queryset(members, request)
    return paginator.get_paginated_response(MemberSerializer(page, many=True).data)


# --- 支部党员大会 -----------------------------------------------------------------------------------

PURPOSE_STAGE = {MeetingPurpose.ADMISSION: Stage.TARGET, MeetingPurpose.CONVERSION: Stage.PROBATIONARY}


class AttendanceInput(serializers.Serializer):
    member = serializers.IntegerField(help_text=gettext_lazy("The member's id (a full member on the branch's roster)."))
    status = serializers.ChoiceField(choices=Attendance.choices, help_text=gettext_lazy("Attendance."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text=gettext_lazy(
        "Reason (required when not counted)."))


class MeetingInput(form_serializer(MeetingForm, "MeetingFields")):
    outcome = serializers.ChoiceField(choices=ConversionOutcome.choices, required=False, help_text=gettext_lazy(
        "Conversion meetings only: the outcome."))
    extension_months = serializers.IntegerField(required=False, allow_null=True, min_value=6, max_value=12,
                                                help_text=gettext_lazy(
                                                    "Conversion meetings only, when the probation is extended: "
                                                    "6 to 12 months."))
    voted_alone = serializers.BooleanField(help_text=gettext_lazy("Was the vote taken for this person alone?"))
    attendance = AttendanceInput(many=True, help_text=gettext_lazy(
        "The attendance of every full member on the branch's roster."))


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=MeetingPurpose.choices, help_text=gettext_lazy("Admission or conversion."))
    meeting_date = serializers.DateField(help_text=gettext_lazy("Meeting date"))
    entitled = serializers.IntegerField(help_text=gettext_lazy("Members entitled to vote (应到会)."))
    present = serializers.IntegerField(help_text=gettext_lazy("Present (实到会)."))
    written = serializers.IntegerField(help_text=gettext_lazy("Written opinions."))
    votes_for = serializers.IntegerField(help_text=gettext_lazy("For"))
    votes_against = serializers.IntegerField(help_text=gettext_lazy("Against"))
    votes_abstain = serializers.IntegerField(help_text=gettext_lazy("Abstain"))
    passed = serializers.BooleanField(help_text=gettext_lazy("Whether the meeting passed it."))
    voting_method = serializers.ChoiceField(choices=VotingMethod.choices, help_text=gettext_lazy("Voting method"))
    outcome = serializers.CharField(help_text=gettext_lazy("Conversion meetings only: the outcome."))
    extension_months = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("Extension (months)"))
    resolution = serializers.CharField(help_text=gettext_lazy("Resolution"))


PURPOSE_PARAM = OpenApiParameter("purpose", str, OpenApiParameter.PATH, enum=[p.value for p in MeetingPurpose],
                                 description=gettext_lazy("admission (step 15) or conversion (step 23)."))


def _meeting_form_data(request) -> dict:
    """The JSON body as the page's form posts it: the attendance list becomes status_<id> / reason_<id>."""
    data = _data(request)
    if hasattr(data, "getlist"):
        return data
    rows = data.get("attendance", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("member"), int) for r in rows):
        raise ValidationError({"attendance": [gettext_lazy("A list of {member, status, reason} is expected.")]})
    flat = {k: v for k, v in data.items() if k != "attendance"}
    if "voted_alone" in flat and isinstance(flat["voted_alone"], bool):
        flat["voted_alone"] = "yes" if flat["voted_alone"] else "no"
    for row in rows:
        flat[f"status_{row['member']}"] = row.get("status", "")
        flat[f"reason_{row['member']}"] = row.get("reason", "")
    return flat


@extend_schema(tags=[PEOPLE], operation_id="case_meetings", summary=gettext_lazy("Branch general meetings (支部党员大会)"),
               description=gettext_lazy("The person's meetings on admission and conversion, latest first."),
               parameters=[CASE_PARAM], responses={200: MeetingSerializer(many=True), **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([Admin])
def meetings(request, public_id):
    case = case_for(request.user, public_id)
    return Response(MeetingSerializer(case.branchmeetings.order_by("-meeting_date", "-id"), many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="case_meeting_problems", summary=gettext_lazy(
    "What the rules find before a branch general meeting"),
    description=gettext_lazy(
        "As the page shows them above the form: before an admission meeting, the problems on the date given "
        "(default today; the pre-review passed, the 入党志愿书); none before a conversion meeting."),
    parameters=[CASE_PARAM, PURPOSE_PARAM, ON_PARAM], responses={200: GateSerializer, **ERRORS(400, 401, 404, 429)},
    methods=["GET"])
@extend_schema(tags=[PEOPLE], operation_id="case_meeting_record", methods=["POST"], summary=gettext_lazy("Record a branch general meeting"),
               description=gettext_lazy(
                   "支部党员大会 on admission (development targets) or conversion (probationary members): the "
                   "attendance of every full member, the secret ballot's tallies, the resolution. A meeting "
                   "without a quorum, with more ballots than voters, or a vote covering several people is "
                   "refused (422); before an admission meeting the rules' blocking problems give 409."),
               parameters=[CASE_PARAM, PURPOSE_PARAM], request=MeetingInput,
               responses={201: MeetingSerializer, **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["GET", "POST"])
@permission_classes([BranchAdmin])
def meeting_new(request, public_id, purpose):
    stage = PURPOSE_STAGE.get(purpose)
    if stage is None:
        raise Http404
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, stage):
        raise Http404
    if request.method == "GET":
        on = validated(EffectiveDateForm(request.query_params, born=case.birth_date))["on"]
        found = problems(load_facts(case), ADMISSION_MEETING, on) if purpose == MeetingPurpose.ADMISSION else []
        return Response({"on": on, "blocked": bool(blocking(found)), "problems": problem_json(found)})
    form = MeetingForm(_meeting_form_data(request), request.FILES or None, purpose=purpose,
                       roster=members_of_branch(case.branch), born=case.birth_date)
    data = validated(form)
    meeting = meeting_record(
        case=case, actor=request.user, purpose=purpose, meeting_date=data["meeting_date"],
        attendance=form.attendance(), votes=form.votes(), resolution=data["resolution"],
        outcome=data.get("outcome", ""), extension_months=data.get("extension_months"),
        files=data["attachments"], **form.vote_record())
    return Response(MeetingSerializer(meeting).data, status=201)


# --- 推迟讨论转正 -----------------------------------------------------------------------------------

@extend_schema(tags=[PEOPLE], operation_id="case_conversion_postpone", summary=gettext_lazy(
    "Postpone the conversion discussion"),
    description=gettext_lazy(
        "推迟讨论转正: for a probationary member transferred in during the probation, at most six months after "
        "the probation ends, with the reason; the rules refuse anything else (422). The conversion date stays "
        "the end of the probation."),
    parameters=[CASE_PARAM], request=form_serializer(ConversionPostponeForm, "ConversionPostponeInput"),
    responses={200: CaseDetailSerializer, **ERRORS(400, 401, 404, 422, 429)})
@api_view(["POST"])
@permission_classes([BranchAdmin])
def conversion_postpone_view(request, public_id):
    case = case_for(request.user, public_id)
    if not can_postpone_conversion(request.user, case):
        raise Http404
    data = validated(bound(ConversionPostponeForm, request, born=case.birth_date))
    case = conversion_postpone(case=case, actor=request.user, until=data["until"], decided_on=data["decided_on"],
                               reason=data["reason"])
    return _detail(request, case)

