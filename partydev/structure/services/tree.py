"""组织管理: create, rename and dissolve 党总支 / 党支部 / 党小组 inside a committee administrator's
subtree.

Dissolving never deletes: the node is marked dissolved (`dissolved_on`) and stays in the tree, so
its path is never handed to a new node (treebeard appends after the last child's path), and the
cases, filings and audit events that copied the path keep meaning "this organisation"."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partydev.audit.services import audit_record
from partydev.cases.models import Case
from partydev.common import clock
from partydev.common.text import validate_name
from partydev.orgs.models import Organisation, OrgKind
from partydev.process.enums import Stage
from partydev.process.rules.datelogic import date_range_problems

from ..errors import Refused, TextProblem, refusal, refuse, require
from ..selectors import CHILD_KINDS, can_create_under, can_manage_node, name_taken


def _name_problems(parent, name: str, *, exclude_pk=None) -> list:
    try:
        validate_name(name)
    except ValidationError as exc:
        return [TextProblem(str(m)) for m in exc.messages]
    if not name:
        return [refusal("not_permitted")]
    if name_taken(parent, name, exclude_pk=exclude_pk):
        return [refusal("name_taken", name=name)]
    return []


def org_create(*, actor, parent: Organisation, kind: str, name: str) -> Organisation:
    """新建 a 党总支, 党支部 or 党小组 under `parent` (appended: no existing path changes)."""
    require(actor is not None and can_create_under(actor, parent), "not_permitted")
    name = (name or "").strip()
    if kind not in CHILD_KINDS.get(parent.kind, ()):
        kinds = dict(OrgKind.choices)
        raise Refused([refusal("kind_not_allowed", kind=str(kinds.get(kind, kind)),
                               parent=str(kinds[parent.kind]))])
    refuse(_name_problems(parent, name))
    with transaction.atomic():
        # A fresh parent row (numchild, last child) under a lock: two creations never share a path.
        locked = Organisation.objects.select_for_update().get(pk=parent.pk)
        node = Organisation.objects.add_child(locked, {"name": name, "kind": kind})
        audit_record(actor=actor, action="org.create", obj=node, org_path=node.path,
                     after={"name": name, "kind": kind, "parent": parent.name})
    return node


def _parent_of(node: Organisation) -> Organisation:
    return Organisation.objects.get(path=node.path[: -node.steplen])


def org_rename(*, actor, node: Organisation, name: str) -> Organisation:
    """重命名: the path stays, so nothing that copied it changes."""
    require(actor is not None and can_manage_node(actor, node), "not_permitted")
    require(node.dissolved_on is None, "dissolved")
    name = (name or "").strip()
    refuse(_name_problems(_parent_of(node), name, exclude_pk=node.pk))
    with transaction.atomic():
        before = node.name
        Organisation.objects.filter(pk=node.pk).update(name=name)
        node.name = name
        audit_record(actor=actor, action="org.rename", obj=node, org_path=node.path,
                     before={"name": before}, after={"name": name})
    return node


def dissolve_problems(node: Organisation) -> list:
    """Why the node cannot be dissolved yet (all reasons at once); empty when it can."""
    found = []
    children = Organisation.objects.filter(path__under=node.path, depth=node.depth + 1,
                                           dissolved_on__isnull=True).count()
    if children:
        found.append(refusal("dissolve_children", count=children))
    members = node.members.filter(active=True).count()
    if members:
        found.append(refusal("dissolve_members", count=members))
    if node.kind == OrgKind.GROUP:
        in_group = node.group_members.filter(active=True).count()
        if in_group:
            found.append(refusal("dissolve_group_members", count=in_group))
    open_cases = Case.objects.filter(branch=node).exclude(stage__in=[Stage.FULL, Stage.CANCELLED]).count()
    if open_cases:
        found.append(refusal("dissolve_cases", count=open_cases))
    codes = node.registration_codes.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()
    if codes:
        found.append(refusal("dissolve_codes", count=codes))
    admins = node.grants.count()
    if admins:
        found.append(refusal("dissolve_admins", count=admins))
    return found


def org_dissolve(*, actor, node: Organisation, dissolved_on: date) -> Organisation:
    """撤销: refused with every reason while anything still lives in the node; otherwise marked
    dissolved on `dissolved_on` (kept, see the module's docstring)."""
    require(actor is not None and can_manage_node(actor, node), "not_permitted")
    require(node.dissolved_on is None, "dissolved")
    refuse(date_range_problems(dissolved_on, today=clock.today()))
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=node.pk).first()
        refuse(dissolve_problems(node))
        Organisation.objects.filter(pk=node.pk).update(dissolved_on=dissolved_on)
        node.dissolved_on = dissolved_on
        audit_record(actor=actor, action="org.dissolve", obj=node, org_path=node.path,
                     before={"name": node.name}, after={"dissolved_on": dissolved_on.isoformat()})
    return node
