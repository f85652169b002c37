"""组织管理: create, rename and dissolve 党总支 / 党支部 / 党小组 inside a committee administrator's
subtree.

Dissolving never deletes: the node is marked dissolved (`dissolved_on`) and stays in the tree, so
its path is never handed to a new node (treebeard appends after the last child's path), and the
cases, filings and audit events that copied the path keep meaning "this organisation"."""

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from partydev.audit.services import audit_record
from partydev.cases.models import Case, Deadline
from partydev.cases.services import counters_tree_changed
from partydev.common import clock
from partydev.common.text import validate_name
from partydev.orgs.models import Member, Organisation, OrgKind
from partydev.orgs.paths import PathField
from partydev.process.enums import Stage
from partydev.process.rules.datelogic import date_range_problems

from ..errors import Refused, TextProblem, refusal, refuse, require
from ..models import Direction, MemberTransfer
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
    # A person removed by undoing an import (cases.case_erase: kept blank and hidden) lives nowhere.
    open_cases = (Case.objects.filter(branch=node, erased_at__isnull=True)
                  .exclude(stage__in=[Stage.FULL, Stage.CANCELLED]).count())
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


# --- move ----------------------------------------------------------------------------------------
#
# treebeard's move gives the node and its subtree new paths. Every copy of a path elsewhere (cases,
# deadlines, case transfers, filings' committee paths, registration codes and notices, password
# reset links, and any path column added later) is rewritten in the same transaction, so scope
# filters keep finding each row under its organisation. The audit log is the exception: it is
# append-only (the database refuses UPDATE), and each event keeps the path of its time
# (docs/structure.md).

APPEND_ONLY = {"audit.AuditEvent"}


def path_columns() -> list[tuple]:
    """(model, column) of every copied tree path: each PathField of every installed model but the
    tree itself and the append-only audit log."""
    found = []
    for model in apps.get_models():
        if model is Organisation or model._meta.label in APPEND_ONLY:
            continue
        found += [(model, f.attname) for f in model._meta.concrete_fields if isinstance(f, PathField)]
    return found


def rewrite_paths(old: str, new: str) -> dict[str, int]:
    """Replace the prefix `old` by `new` in every copied path column; rows rewritten per column."""
    counts = {}
    for model, column in path_columns():
        rewritten = model.objects.filter(**{f"{column}__under": old}).update(**{
            column: Concat(Value(new), Substr(F(column), len(old) + 1), output_field=PathField())})
        if rewritten:
            counts[f"{model._meta.label}.{column}"] = rewritten
    return counts


def move_problems(actor, node: Organisation, target: Organisation) -> list:
    found = []
    kinds = dict(OrgKind.choices)
    if node.kind not in CHILD_KINDS.get(target.kind, ()):
        found.append(refusal("kind_not_allowed", kind=str(kinds[node.kind]), parent=str(kinds[target.kind])))
    if target.path.startswith(node.path):
        found.append(refusal("move_into_itself"))
    elif target.path == node.path[: -node.steplen]:
        found.append(refusal("move_same_parent"))
    elif node.owning_committee() != target.owning_committee():
        found.append(refusal("move_other_committee"))
    if name_taken(target, node.name, exclude_pk=node.pk):
        found.append(refusal("name_taken", name=node.name))
    if node.kind == OrgKind.GROUP and (in_group := node.group_members.filter(active=True).count()):
        # Its members would belong to a group of another branch.
        found.append(refusal("dissolve_group_members", count=in_group))
    return found


def org_move(*, actor, node: Organisation, target: Organisation) -> Organisation:
    """移动 a node (with everything below it) under `target`, inside the actor's subtree and the same
    Party committee; every copied path is rewritten in the same transaction."""
    require(actor is not None and can_manage_node(actor, node), "not_permitted")
    require(can_create_under(actor, target), "not_permitted")
    require(node.dissolved_on is None, "dissolved")
    with transaction.atomic():
        node = Organisation.objects.select_for_update().get(pk=node.pk)
        target = Organisation.objects.select_for_update().get(pk=target.pk)
        refuse(move_problems(actor, node, target))
        old_parent, old_path = _parent_of(node), node.path
        Organisation.objects.move(node, target, pos="last-child")
        node.refresh_from_db()
        rewritten = rewrite_paths(old_path, node.path)
        counters_tree_changed(paths=[old_path, node.path])
        audit_record(actor=actor, action="org.move", obj=node, org_path=node.path,
                     before={"parent": old_parent.name, "path": old_path},
                     after={"parent": target.name, "path": node.path, "rewritten": rewritten})
    return node


# --- merge ---------------------------------------------------------------------------------------

# Path columns the merge rewrites itself (with their foreign keys), or leaves as history.
MERGE_HANDLED = {"cases.Case", "cases.Deadline", "cases.Transfer", "registration.RegistrationCode",
                 "registration.RegistrationNotice"}


def merge_problems(actor, source: Organisation, target: Organisation) -> list:
    found = []
    if source.pk == target.pk:
        found.append(refusal("merge_same"))
    if source.kind != OrgKind.BRANCH or target.kind != OrgKind.BRANCH:
        found.append(refusal("merge_branches_only"))
    elif source.owning_committee() != target.owning_committee():
        found.append(refusal("move_other_committee"))
    admins = source.grants.count()
    if admins:
        found.append(refusal("dissolve_admins", count=admins))
    return found


def branch_merge(*, actor, source: Organisation, target: Organisation, merged_on: date) -> Organisation:
    """合并 branch `source` into branch `target`: its members (same Member rows, with a transfer record
    each), its people in the process (with a 组织关系转接 record each, every copied path following)
    and its registration QR codes move to `target`; then `source` and its 党小组 are dissolved."""
    require(actor is not None and can_manage_node(actor, source) and can_manage_node(actor, target),
            "not_permitted")
    require(source.dissolved_on is None and target.dissolved_on is None, "dissolved")
    refuse(date_range_problems(merged_on, today=clock.today()))
    with transaction.atomic():
        source = Organisation.objects.select_for_update().get(pk=source.pk)
        target = Organisation.objects.select_for_update().get(pk=target.pk)
        refuse(merge_problems(actor, source, target))
        note = f"{source.name}并入{target.name}"
        members = list(Member.objects.select_for_update().filter(branch=source, active=True))
        MemberTransfer.objects.bulk_create(MemberTransfer(
            member=m, direction=Direction.WITHIN, transferred_on=merged_on, from_branch=source, to_branch=target,
            note=note, recorded_by=actor) for m in members)
        Member.objects.filter(pk__in=[m.pk for m in members]).update(branch=target, group=None)
        # No 组织关系转接 (cases.Transfer) rows: the people did not transfer (a transfer in during the
        # probation would, for one, allow postponing the conversion, §35); each gets an audit event.
        cases = list(Case.objects.select_for_update().filter(branch=source))
        Deadline.objects.filter(case__in=cases).update(org_path=target.path)
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(branch=target, org_path=target.path,
                                                                  updated_at=timezone.now())
        for case in cases:
            audit_record(actor=actor, action="case.branch_merged", obj=case, case=case, org_path=target.path,
                         before={"branch": source.name}, after={"branch": target.name})
        counters_tree_changed(paths=[source.path, target.path])
        codes = source.registration_codes.update(branch=target, org_path=target.path)
        # Any other copy of the source's path (password reset links, columns added later).
        for model, column in path_columns():
            if model._meta.label not in MERGE_HANDLED:
                model.objects.filter(**{column: source.path}).update(**{column: target.path})
        groups = Organisation.objects.filter(path__under=source.path, depth=source.depth + 1,
                                             dissolved_on__isnull=True)
        group_names = list(groups.values_list("name", flat=True))
        groups.update(dissolved_on=merged_on)
        Organisation.objects.filter(pk=source.pk).update(dissolved_on=merged_on)
        source.dissolved_on = merged_on
        audit_record(actor=actor, action="org.merge", obj=source, org_path=source.path,
                     before={"name": source.name, "groups": group_names},
                     after={"into": target.name, "merged_on": merged_on.isoformat(), "members": len(members),
                            "cases": len(cases), "codes": codes})
    return target
