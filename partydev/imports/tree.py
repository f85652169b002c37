"""The sheet 组织 (the organisation tree): one row per 党总支 / 党支部 / 党小组 below the importer's
党委, with its parent. Written only through `structure.services.org_create`, which checks the
importer's role and scope, the kind allowed under the parent and the name among its siblings.

Rows are taken in file order: a parent must come above its children. The check runs the whole file
in one transaction rolled back at the end (`SheetSpec.check_in_one_transaction`), so a parent created
by row 5 is there when row 6 is checked, as it will be on confirmation (one transaction per row, in
the same order). Parents are therefore looked up in the database on every row, never in a list
loaded once.

Matching (decision): a row is the live node with the row's name and kind directly under the row's
parent. Re-importing the same file changes nothing. An import only **creates**: it never renames or
moves a node (those rewrite copied paths and have their own pages and checks). A row whose name is
new under its parent is a new node, even when a node of that name lives elsewhere in the subtree — a
warning then says so (a node renamed or moved in the file is done on 组织管理, not by import).
Undo dissolves the nodes the batch created (`org_dissolve`, deepest first), refused with the list of
what lives in them."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record
from partydev.common import clock
from partydev.common.text import validate_name
from partydev.orgs.models import Organisation, OrgKind
from partydev.orgs.selectors import path_within
from partydev.structure.errors import Refused, refusal
from partydev.structure.selectors import CHILD_KINDS, tree_of, tree_paths
from partydev.structure.services import org_create, org_dissolve
from partydev.structure.services.tree import dissolve_problems

from . import cells
from .models import ImportMark
from .sheets import Column, RowProblem, SheetSpec, register

ORG = "orgs.Organisation"
KINDS = (OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.GROUP)


def _kinds(ctx):
    return [str(OrgKind(k).label) for k in KINDS]


COLUMNS = (
    Column("parent", _l("Parent organisation"), required=True, width=34,
           note=_l("The organisation directly above: its name, or its path from the Party committee "
                   "(示范党委/机关党总支) when names repeat. It must exist already or be created by a row "
                   "above this one; only your committee's subtree.")),
    Column("kind", _l("Kind of organisation"), kind="choice", required=True, choices=_kinds, width=12,
           note=_l("党总支 under a 党委; 党支部 under a 党委 or 党总支; 党小组 under a 党支部.")),
    Column("name", _l("Name of the organisation"), required=True, width=26,
           note=_l("Unique among the organisations under the same parent.")),
)


def _label(key) -> str:
    return str(next(c.label for c in COLUMNS if c.key == key))


def path_label(node, names: dict | None = None) -> str:
    """"示范党委/机关党总支/第一党支部": the names from the root down (the other sheets' branch paths)."""
    step = node.steplen
    prefixes = [node.path[:i] for i in range(step, len(node.path) + 1, step)]
    if names is None:
        names = dict(Organisation.objects.filter(path__in=prefixes).values_list("path", "name"))
    return "/".join(names.get(p, "?") for p in prefixes)


@dataclass
class Context:
    importer: object
    today: date
    scope: list  # the importer's committees' paths (tree_paths)
    seen: dict = field(default_factory=dict)  # (parent pk, name) -> row
    later: dict = field(default_factory=dict)  # name -> [(row, parent label)] of the whole file
    created: set = field(default_factory=set)  # pks of the nodes this file's rows created so far


def context_for(importer, today) -> Context:
    return Context(importer=importer, today=today, scope=tree_paths(importer))


def prepare(ctx: Context, raw_rows) -> None:
    """Every row's name and parent, so a parent written below its child is named as such."""
    for raw in raw_rows:
        name = str(raw.values.get("name") or "").strip()
        if name:
            ctx.later.setdefault(name, []).append((raw.number, str(raw.values.get("parent") or "").strip()))


def _parts(label: str) -> list[str]:
    return [p.strip() for p in label.replace("／", "/").split("/") if p.strip()]


def resolve(label: str):
    """(node, None) or (None, reason): the live organisation the label names — a unique name, or a path
    of names (its end is enough when it is unique: 机关党总支/第一党支部)."""
    parts = _parts(label)
    if not parts:
        return None, _("is required")
    candidates = list(Organisation.objects.filter(name=parts[-1], dissolved_on__isnull=True).order_by("path"))
    # Every candidate's ancestors' names in one query (a name such as 第一党支部 repeats hundreds of times).
    step = Organisation.steplen
    prefixes = {c.path[:i] for c in candidates for i in range(step, len(c.path) + 1, step)}
    names = dict(Organisation.objects.filter(path__in=prefixes).values_list("path", "name")) if len(parts) > 1 else {}
    found = [c for c in candidates if len(parts) == 1 or path_label(c, names).split("/")[-len(parts):] == parts]
    if len(found) == 1:
        return found[0], None
    if found:
        return None, _("more than one organisation is called “%(name)s”: write its path, such as %(example)s") % {
            "name": label, "example": path_label(found[0])}
    return None, None


def _late_parent(ctx, row_number, label):
    """The message for a parent that only a row below creates, or for rows that are each other's
    parents (a cycle), following the parents through the file."""
    parts = _parts(label)
    name = parts[-1] if parts else ""
    chain, current = [row_number], name
    while rows := ctx.later.get(current):
        row, parent = rows[0]
        if row == row_number:
            return _("the rows %(rows)s name each other as parent (a cycle): an organisation cannot be below "
                     "itself") % {"rows": "、".join(str(r) for r in sorted(chain))}
        if row in chain:
            break
        chain.append(row)
        current = (_parts(parent) or [""])[-1]
    below = [row for row, _p in ctx.later.get(name, []) if row > row_number]
    if below:
        return _("“%(name)s” is created by row %(row)s, below this one: put a parent's row above its "
                 "children's") % {"name": label, "row": below[0]}
    return None


def check_row(values: dict, ctx: Context, row_number: int):
    errors, clean = [], {}
    for key in ("parent", "kind", "name"):
        try:
            clean[key] = cells.text(values.get(key)) or ""
        except cells.CellError as exc:
            errors.append((key, str(exc)))
            clean[key] = ""
    # The kind.
    kinds = {str(OrgKind(k).label): k for k in KINDS} | {k: k for k in KINDS}
    clean["kind_value"] = kinds.get(clean["kind"])
    if not clean["kind"]:
        errors.append(("kind", _("is required")))
    elif clean["kind_value"] is None:
        errors.append(("kind", _("“%(value)s” is not one of the list's values") % {"value": clean["kind"]}))
    # The name.
    if not clean["name"]:
        errors.append(("name", _("is required")))
    else:
        try:
            validate_name(clean["name"])
        except ValidationError as exc:
            errors.append(("name", exc.messages[0]))
    # The parent: looked up now (a row above may have created it), inside the importer's subtree.
    parent = None
    if not clean["parent"]:
        errors.append(("parent", _("is required")))
    else:
        parent, reason = resolve(clean["parent"])
        if parent is None:
            errors.append(("parent", reason or _late_parent(ctx, row_number, clean["parent"]) or
                           _("“%(name)s” is not an organisation of the tree (names that occur twice need the "
                             "path, such as 示范党委/机关党总支)") % {"name": clean["parent"]}))
        elif not path_within(parent.path, ctx.scope):
            errors.append(("parent", _("“%(name)s” is outside the organisations you manage")
                           % {"name": clean["parent"]}))
            parent = None
        elif clean["kind_value"] and clean["kind_value"] not in CHILD_KINDS.get(parent.kind, ()):
            errors.append(("kind", _("A %(kind)s cannot be created under a %(parent)s.")
                           % {"kind": OrgKind(clean["kind_value"]).label, "parent": OrgKind(parent.kind).label}))
    clean["parent_obj"] = parent
    # The same organisation twice in the file.
    if parent is not None and clean["name"]:
        first = ctx.seen.get((parent.pk, clean["name"]))
        if first is not None and first != row_number:
            errors.append(("name", _("the same organisation as row %(row)s") % {"row": first}))
        else:
            ctx.seen[(parent.pk, clean["name"])] = row_number
    return clean, errors


# --- writing a row through the structure services ---------------------------------------------------

@dataclass
class Outcome:
    action: str  # create | unchanged
    node: Organisation | None = None
    warnings: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    pending: str = ""


def _under(parent, name):
    return Organisation.objects.filter(path__under=parent.path, depth=parent.depth + 1, name=name,
                                       dissolved_on__isnull=True).first()


def apply_row(clean: dict, ctx: Context) -> Outcome:
    parent, name, kind = clean["parent_obj"], clean["name"], clean["kind_value"]
    existing = _under(parent, name)
    if existing is not None:
        if existing.kind != kind:
            raise RowProblem([_("“%(name)s” under “%(parent)s” is already a %(kind)s; an import does not change "
                                "an organisation's kind.") % {"name": name, "parent": clean["parent"],
                                                              "kind": OrgKind(existing.kind).label}], "kind")
        return Outcome("unchanged", node=existing)
    warnings = []
    # A node renamed or moved in the file looks like a new one under a parent that was already there;
    # under a parent this file creates (a whole tree coming in) repeated names are the normal case.
    if kind != OrgKind.GROUP and parent.pk not in ctx.created:
        elsewhere = list(tree_of(ctx.importer).filter(name=name, kind=kind, dissolved_on__isnull=True)[:1])
        if elsewhere:
            warnings.append(_(
                "“%(other)s” already exists elsewhere: the import creates another %(kind)s. To rename or move an "
                "organisation, use 组织管理.") % {"other": path_label(elsewhere[0]), "kind": OrgKind(kind).label})
    try:
        node = org_create(actor=ctx.importer, parent=parent, kind=kind, name=name)
    except Refused as exc:
        raise RowProblem([getattr(p, "message", str(p)) for p in exc.problems]) from exc
    ctx.created.add(node.pk)
    return Outcome("create", node=node, warnings=warnings,
                   changes=[(_("Created as"), None, path_label(node))])


def write_row(batch, number, clean, ctx):
    outcome = apply_row(clean, ctx)
    node = outcome.node
    if outcome.action == "create":
        ImportMark.objects.create(batch=batch, row=number, case=None, model=ORG, object_id=node.pk, created=True)
    audit_record(actor=batch.importer, action="import.row", obj=node, org_path=node.path,
                 after={"batch": batch.pk, "file": batch.file_name, "row": number, "action": outcome.action})
    return outcome


# --- undo ------------------------------------------------------------------------------------------

def _created(batch):
    ids = ImportMark.objects.filter(batch=batch, model=ORG, created=True).values_list("object_id", flat=True)
    return list(Organisation.objects.filter(pk__in=list(ids), dissolved_on__isnull=True).order_by("-depth", "path"))


def undo_blockers(batch) -> list[dict]:
    """What lives in the nodes the batch created (structure's dissolve rules, the batch's own nodes
    below excepted: they go first), and any change made to them since (a rename, a move)."""
    nodes = _created(batch)
    ours = {n.pk for n in nodes}
    blockers = []
    for node in nodes:
        others = Organisation.objects.filter(path__under=node.path, depth=node.depth + 1,
                                             dissolved_on__isnull=True).exclude(pk__in=ours).count()
        for p in dissolve_problems(node):
            if p.code == "dissolve_children":
                if not others:
                    continue
                p = refusal("dissolve_children", count=others)
            blockers.append({"case": None, "name": node.name, "what": p.message, "when": None})
    events = (AuditEvent.objects.filter(object_type="organisation", object_id__in=[str(pk) for pk in ours],
                                        ts__gte=batch.created_at)
              .exclude(request_id__startswith=f"imp{batch.pk}-").exclude(action="import.row")
              .order_by("ts", "id").values("object_id", "action", "ts"))
    names = {str(n.pk): n.name for n in nodes}
    for e in events:
        blockers.append({"case": None, "name": names.get(e["object_id"], ""),
                         "what": AuditEvent(action=e["action"]).action_label, "when": e["ts"]})
    return blockers


def undo(batch, actor) -> int:
    """Dissolve the created nodes, children before parents (a dissolved node is kept: its path is never
    handed to another node, docs/structure.md)."""
    removed = 0
    for node in _created(batch):
        try:
            org_dissolve(actor=actor, node=node, dissolved_on=clock.today())
        except Refused as exc:
            raise ValidationError([getattr(p, "message", str(p)) for p in exc.problems]) from exc
        removed += 1
    return removed


def examples(ctx):
    committee = (Organisation.objects.filter(path__in=ctx.scope).order_by("path").first() if ctx.scope else None)
    top = path_label(committee) if committee else "示范党委"
    return [
        {"parent": top, "kind": str(OrgKind.GENERAL_BRANCH.label), "name": "机关党总支（示例）"},
        {"parent": "机关党总支（示例）", "kind": str(OrgKind.BRANCH.label), "name": "机关第一党支部（示例）"},
        {"parent": "机关第一党支部（示例）", "kind": str(OrgKind.GROUP.label), "name": "第一党小组（示例）"},
    ]


TREE = register(SheetSpec(
    key="tree", title=_l("Organisations sheet"), columns=COLUMNS, examples=examples, check_row=check_row,
    apply=apply_row, context=context_for, write=write_row, undo_blockers=undo_blockers, undo=undo,
    check_in_one_transaction=True, prepare=prepare,
    instructions=(
        _l("One row per 党总支, 党支部 or 党小组 below your Party committee, a parent's row above its children's. "
           "The example rows (marked 示例) must be deleted before uploading."),
        _l("An organisation is matched by its parent and name: uploading the same file again changes nothing. "
           "An import only creates organisations; rename, move, merge and dissolve them on the page 组织管理."),
        _l("Import this sheet first, then 党员名册, then 发展党员."),
        _l("Do not merge cells, do not use formulas, and keep the first row (the headers) unchanged. At most "
           "100,000 rows."),
    ),
))
