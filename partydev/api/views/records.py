"""Every step record kind the web edits (谈话记录, 推荐推优情况记录, 支委会决议, the opinions, …, 材料归档):
list and create at /cases/{public_id}/records/{kind}/, read, update and delete at …/{kind}/{pk}/.
Declared from the web's own table (pc.record_kinds): the same forms validate, the same service
(record_save, record_delete) writes, the same predicate (can_edit_stage_records) decides, so the web
and the API cannot disagree. One set of endpoints per kind, so the schema documents each kind's fields."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from partydev.cases.models import Opinion
from partydev.cases.permissions import can_edit_stage_records
from partydev.cases.selectors import case_for
from partydev.cases.services import record_delete, record_version
from partydev.orgs.selectors import members_of_branch
from partydev.pc.record_forms import save_record_form
from partydev.pc.record_kinds import RECORD_KINDS

from ..access import Admin, BranchAdmin
from ..errors import problem_json
from ..forms import bound, validated
from ..formschema import form_serializer
from ..schema import ERRORS
from ..serializers import AttachmentSerializer, ProblemItemSerializer

RECORDS = gettext_lazy("Step records")
CASE_PARAM = OpenApiParameter("public_id", str, OpenApiParameter.PATH, description=gettext_lazy("The person's id."))
PK_PARAM = OpenApiParameter("pk", int, OpenApiParameter.PATH, description=gettext_lazy("The record's id."))


def _roster_for(kind, case):
    if kind.model is Opinion:
        return case.contact_assignments.filter(ended_on__isnull=True).values_list("member", flat=True)
    return members_of_branch(case.branch)


def _form(kind, case, request, instance=None):
    if instance is None:
        instance = kind.model(case=case, **kind.fixed)
    extra = {"roster": _roster_for(kind, case)} if kind.needs_roster else {}
    return bound(kind.form, request, instance=instance, born=case.birth_date, **extra)


def _editable_case(request, public_id, kind):
    case = case_for(request.user, public_id)
    if not can_edit_stage_records(request.user, case, kind.stage):
        raise Http404
    return case


def _camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.replace("-", "_").split("_"))


def output_serializer(kind):
    names = [n for n in kind.form.base_fields if n not in {"attachments", "remove_attachments", "version"}]

    described = {n: kind.model._meta.get_field(n).verbose_name for n in names}

    class Meta:
        model = kind.model
        fields = ["id", *names, "created_at", "updated_at", "version", "attachments", "warnings"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": gettext_lazy("The record's id.")},
            "created_at": {"help_text": gettext_lazy("When it was recorded.")},
            "updated_at": {"help_text": gettext_lazy("When it was last saved.")},
            **{n: {"help_text": label} for n, label in described.items()},
        }

    def get_version(self, record) -> str:
        return record_version(record)

    def get_warnings(self, record):
        return problem_json(getattr(record, "warnings", []))

    attrs = {
        "Meta": Meta,
        "version": serializers.SerializerMethodField(help_text=gettext_lazy(
            "The record's version: send it back with an update.")),
        "attachments": AttachmentSerializer(many=True, read_only=True, help_text=gettext_lazy("Attached files.")),
        "warnings": serializers.SerializerMethodField(help_text=gettext_lazy(
            "Warnings the rules found on the saved record (e.g. a late oath).")),
        "get_version": get_version, "get_warnings": get_warnings,
    }
    cls = type(f"{_camel(kind.slug)}RecordSerializer", (serializers.ModelSerializer,), attrs)
    extend_schema_field(ProblemItemSerializer(many=True))(cls.get_warnings)
    return cls


def make_views(kind):
    Out = output_serializer(kind)
    In = form_serializer(kind.form, f"{_camel(kind.slug)}RecordInput")
    Edit = form_serializer(kind.form, f"{_camel(kind.slug)}RecordUpdate", with_version=True)
    title = kind.title
    op = kind.slug.replace("-", "_")

    def queryset(case):
        return kind.records(case).prefetch_related("attachments", *(
            [f.name for f in kind.model._meta.many_to_many]))

    class ListCreate(APIView):
        def get_permissions(self):
            return [(Admin if self.request.method == "GET" else BranchAdmin)()]

        @extend_schema(tags=[RECORDS], operation_id=f"records_{op}_list", summary=title,
                       description=gettext_lazy("The person's records of this kind, oldest first."),
                       parameters=[CASE_PARAM], responses={200: Out(many=True), **ERRORS(401, 404, 429)})
        def get(self, request, public_id):
            case = case_for(request.user, public_id)
            return Response(Out(queryset(case).order_by("id"), many=True).data)

        @extend_schema(tags=[RECORDS], operation_id=f"records_{op}_create", summary=kind.add_label,
                       description=gettext_lazy(
                           "Create a record while the person is in the record's stage (else 404), validated by "
                           "the web form; files may be sent as multipart `attachments`."),
                       parameters=[CASE_PARAM], request=In,
                       responses={201: Out, **ERRORS(400, 401, 404, 409, 422, 429)})
        def post(self, request, public_id):
            case = _editable_case(request, public_id, kind)
            form = _form(kind, case, request)
            data = validated(form)
            record = save_record_form(form=form, case=case, actor=request.user, files=data.get("attachments", []))
            return Response(Out(record).data, status=status.HTTP_201_CREATED)

    class Detail(APIView):
        def get_permissions(self):
            return [(Admin if self.request.method == "GET" else BranchAdmin)()]

        @extend_schema(tags=[RECORDS], operation_id=f"records_{op}_read", summary=title,
                       parameters=[CASE_PARAM, PK_PARAM], responses={200: Out, **ERRORS(401, 404, 429)})
        def get(self, request, public_id, pk):
            case = case_for(request.user, public_id)
            return Response(Out(get_object_or_404(queryset(case), pk=pk)).data)

        @extend_schema(tags=[RECORDS], operation_id=f"records_{op}_update", summary=title,
                       description=gettext_lazy(
                           "Replace the record's fields. Send the `version` read with GET: a record saved by "
                           "someone else since is refused (422, record_changed)."),
                       parameters=[CASE_PARAM, PK_PARAM], request=Edit,
                       responses={200: Out, **ERRORS(400, 401, 404, 409, 422, 429)})
        def put(self, request, public_id, pk):
            case = _editable_case(request, public_id, kind)
            record = get_object_or_404(kind.records(case), pk=pk)
            form = _form(kind, case, request, instance=record)
            data = validated(form)
            record = save_record_form(form=form, case=case, actor=request.user, files=data.get("attachments", []),
                                      remove_attachments=form.removed_attachment_ids())
            return Response(Out(record).data)

        @extend_schema(tags=[RECORDS], operation_id=f"records_{op}_delete", summary=title,
                       description=gettext_lazy("Delete the record (while the branch may still edit it)."),
                       parameters=[CASE_PARAM, PK_PARAM], responses={204: None, **ERRORS(401, 404, 422, 429)})
        def delete(self, request, public_id, pk):
            case = _editable_case(request, public_id, kind)
            record_delete(record=get_object_or_404(kind.records(case), pk=pk), actor=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)

    ListCreate.__name__ = f"{_camel(kind.slug)}List"
    Detail.__name__ = f"{_camel(kind.slug)}Detail"
    return ListCreate.as_view(), Detail.as_view()


VIEWS = {slug: make_views(kind) for slug, kind in RECORD_KINDS.items()}
