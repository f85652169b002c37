"""培养联系人 of an activist: who serves now, the members who may be chosen (the roster of the person's
Party committee, as the page offers), and appointing them (contacts_set, the page's form)."""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from partydev.cases.permissions import can_edit_activist_records
from partydev.cases.selectors import case_for, name_search
from partydev.cases.services import contacts_set
from partydev.orgs.models import MemberType
from partydev.pc.member_pickers import committee_members
from partydev.webforms.records import ContactsForm

from ..access import Admin, BranchAdmin, require_branch_admin
from ..forms import bound, validated
from ..formschema import form_serializer
from ..pagination import ByName
from ..schema import ERRORS
from ..serializers import paginated
from .cases import CASE_PARAM, PEOPLE


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=gettext_lazy("The member's id (to choose it)."))
    name = serializers.CharField(help_text=gettext_lazy("Name."))
    member_type = serializers.ChoiceField(choices=MemberType.choices, help_text=gettext_lazy("Full or probationary member."))
    branch = serializers.CharField(source="branch.name", help_text=gettext_lazy("The branch's name."))


class ContactSerializer(serializers.Serializer):
    member = MemberSerializer(help_text=gettext_lazy("The contact."))
    assigned_on = serializers.DateField(help_text=gettext_lazy("Appointed on."))


MemberPageSerializer = paginated(MemberSerializer, "MemberPage")


def _activist(request, public_id):
    case = case_for(request.user, public_id)
    if not can_edit_activist_records(request.user, case):
        raise Http404
    return case


def _current(case):
    return case.contact_assignments.filter(ended_on__isnull=True).select_related("member__branch").order_by("id")


@extend_schema(tags=[PEOPLE], operation_id="case_contacts", summary=gettext_lazy("Cultivation contacts"),
               description=gettext_lazy("The contacts serving now."), parameters=[CASE_PARAM],
               responses={200: ContactSerializer(many=True), **ERRORS(401, 404, 429)}, methods=["GET"])
@extend_schema(tags=[PEOPLE], operation_id="case_contacts_set", summary=gettext_lazy("Appoint cultivation contacts"),
               description=gettext_lazy(
                   "One or two members of the person's Party committee (ids from the candidates); the rules "
                   "(full members, same committee) refuse others with 422. Replaces the contacts serving now."),
               parameters=[CASE_PARAM], request=form_serializer(ContactsForm, "ContactsInput"), methods=["PUT"],
               responses={200: ContactSerializer(many=True), **ERRORS(400, 401, 404, 409, 422, 429)})
@api_view(["GET", "PUT"])
@permission_classes([Admin])
def contacts(request, public_id):
    if request.method == "GET":
        return Response(ContactSerializer(_current(case_for(request.user, public_id)), many=True).data)
    require_branch_admin(request)
    case = _activist(request, public_id)
    data = validated(bound(ContactsForm, request, candidates=committee_members(case), born=case.birth_date))
    contacts_set(case=case, members=list(data["contacts"]), assigned_on=data["assigned_on"], actor=request.user)
    return Response(ContactSerializer(_current(case), many=True).data)


@extend_schema(tags=[PEOPLE], operation_id="case_contact_candidates", summary=gettext_lazy(
    "Members who may be chosen as contacts"),
    description=gettext_lazy("Active members of the person's Party committee, by name, as the page offers them."),
    parameters=[CASE_PARAM, OpenApiParameter("q", str, description=gettext_lazy("Names starting with it."))],
    responses={200: MemberPageSerializer, **ERRORS(401, 404, 429)})
@api_view(["GET"])
@permission_classes([BranchAdmin])
def contact_candidates(request, public_id):
    case = _activist(request, public_id)
    members = committee_members(case)
    if request.query_params.get("q"):
        members = members.filter(name_search(request.query_params["q"]))
    paginator = ByName()
    page = paginator.paginate_queryset(members, request)
    return paginator.get_paginated_response(MemberSerializer(page, many=True).data)
