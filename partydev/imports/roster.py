"""The sheet 党员名册: one row per member of a branch's roster (name, branch, type, join and conversion
dates, 党小组, position), written only through the structure services (`member_create`,
`member_update`, `member_remove` for undo), which check the importer's role and scope themselves —
a branch administrator its own branch, a committee administrator every branch below.

Matching on re-import (docs/import.md): a row is the member of the row's branch, on the roster, with
the row's name; when the branch has several members of that name, the join date picks one. Empty
optional cells leave what is recorded as it is (an import never removes a value)."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record
from partydev.common.text import validate_name
from partydev.orgs.models import Member, MemberType
from partydev.structure.errors import Refused
from partydev.structure.selectors import groups_of, roster_branches
from partydev.structure.services import member_create, member_remove, member_update
from partydev.structure.services.roster import member_uses

from . import cells, people
from .models import ImportMark
from .sheets import Column, RowProblem, SheetSpec, register

MEMBER = "orgs.Member"


def _types(ctx):
    return [str(label) for _v, label in MemberType.choices]


def _branches(ctx):
    return [ctx.branch_label(b) for b in ctx.branches_in_scope]


COLUMNS = (
    Column("name", _l("Name"), required=True, width=10),
    Column("branch", _l("Branch"), kind="choice", required=True, choices=_branches, width=26,
           note=_l("The branch's name, or its path from the committee (示范党委/第一党支部) when names repeat; "
                   "only branches whose roster you manage.")),
    Column("member_type", _l("Member type"), kind="choice", required=True, choices=_types, width=12),
    Column("join_date", _l("Date of joining the Party"), kind="date", width=13,
           note=_l("Dates: 2024-03-01, 2024/3/1, 2024年3月1日 or an Excel date. Also tells two members of "
                   "the same name in one branch apart.")),
    Column("conversion_date", _l("Date of conversion"), kind="date", width=13,
           note=_l("Full members only; not earlier than the date of joining.")),
    Column("group", _l("Party group"), width=14, note=_l("Optional: the name of a Party group of the branch.")),
    Column("position", _l("Position"), width=14, note=_l("Optional, such as 书记 or 组织委员.")),
)
FIELDS = ("member_type", "join_date", "conversion_date", "group", "position")


@dataclass
class Context:
    base: people.Context  # the branch labels, as the people sheet reads them
    importer: object
    today: date
    branches_in_scope: list
    in_scope: set
    seen: dict = field(default_factory=dict)  # (branch pk, name) -> [(row, join date)]
    groups: dict = field(default_factory=dict)  # branch pk -> {name: group}

    def branch_label(self, branch) -> str:
        return self.base.branch_label(branch)

    def groups_of(self, branch) -> dict:
        if branch.pk not in self.groups:
            self.groups[branch.pk] = {g.name: g for g in groups_of(branch)}
        return self.groups[branch.pk]


def context_for(importer, today) -> Context:
    base = people.context_for(importer, today=today)
    branches = list(roster_branches(importer))
    base = replace(base, branches_in_scope=branches, in_scope={b.pk for b in branches}, committee_scope=set())
    return Context(base=base, importer=importer, today=today, branches_in_scope=branches,
                   in_scope={b.pk for b in branches})


def _label(key) -> str:
    return str(next(c.label for c in COLUMNS if c.key == key))


def check_row(values: dict, ctx: Context, row_number: int):
    errors, clean = [], {}

    def read(key, reader):
        try:
            clean[key] = reader(values.get(key))
        except cells.CellError as exc:
            errors.append((key, str(exc)))
            clean[key] = None

    for key in ("name", "branch", "member_type", "group", "position"):
        read(key, cells.text)
    for key in ("join_date", "conversion_date"):
        read(key, cells.date_value)
    if clean["name"]:
        try:
            validate_name(clean["name"])
        except ValidationError as exc:
            errors.append(("name", exc.messages[0]))
    elif not any(k == "name" for k, _m in errors):
        errors.append(("name", _("is required")))
    types = {str(label): v for v, label in MemberType.choices} | {v: v for v in MemberType.values}
    kind = clean.get("member_type")
    clean["type_value"] = types.get(kind)
    if kind and kind not in types:
        errors.append(("member_type", _("“%(value)s” is not one of the list's values") % {"value": kind}))
    elif not kind and not any(k == "member_type" for k, _m in errors):
        errors.append(("member_type", _("is required")))
    # The branch: known, and one whose roster the importer manages.
    label = (clean.get("branch") or "").replace("／", "/").strip()
    branch = ctx.base.by_label.get(label)
    if not label and not any(k == "branch" for k, _m in errors):
        errors.append(("branch", _("is required")))
    elif label and branch is None:
        errors.append(("branch", _("“%(name)s” is not a branch of the organisation tree (names that occur twice "
                                   "need the path, such as 示范党委/第一党支部)") % {"name": label}
                       if label not in ctx.base.ambiguous else
                       _("more than one branch is called “%(name)s”: write its path, such as 示范党委/%(name)s")
                       % {"name": label}))
    elif branch is not None and branch.pk not in ctx.in_scope:
        errors.append(("branch", _("“%(name)s” is outside the branches whose roster you manage") % {"name": label}))
        branch = None
    clean["branch_obj"] = branch
    # Dates.
    join, conversion = clean.get("join_date"), clean.get("conversion_date")
    for key in ("join_date", "conversion_date"):
        if clean.get(key) and clean[key] > ctx.today:
            errors.append((key, _("cannot be later than today")))
    if join and conversion and conversion < join:
        errors.append(("conversion_date", _("is earlier than “%(other)s” (%(date)s)")
                       % {"other": _label("join_date"), "date": join.isoformat()}))
    if conversion and clean["type_value"] == MemberType.PROBATIONARY:
        errors.append(("conversion_date", _("a probationary member has no date of conversion yet")))
    # The Party group: one of the branch's.
    clean["group_obj"] = None
    if clean.get("group") and branch is not None:
        group = ctx.groups_of(branch).get(clean["group"])
        if group is None:
            errors.append(("group", _("“%(name)s” is not a Party group of “%(branch)s”")
                           % {"name": clean["group"], "branch": label}))
        clean["group_obj"] = group
    # The same member twice in one file.
    if branch is not None and clean["name"]:
        earlier = ctx.seen.setdefault((branch.pk, clean["name"]), [])
        first = next((row for row, day in earlier if join is None or day is None or day == join), None)
        if first:
            errors.append(("name", _("the same member as row %(row)s") % {"row": first}))
        else:
            earlier.append((row_number, join))
    return clean, errors


# --- writing a row through the structure services ---------------------------------------------------

@dataclass
class Outcome:
    action: str  # create | update | unchanged
    member: Member | None = None
    warnings: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # (column label, before, after)
    pending: str = ""


def find_member(clean) -> Member | None:
    """The member a row means: on the branch's roster with the row's name; of several namesakes, the
    one with the row's join date. RowProblem when that does not pick exactly one."""
    found = list(Member.objects.filter(branch=clean["branch_obj"], name=clean["name"], active=True)
                 .select_related("group", "branch").order_by("pk"))
    if len(found) <= 1:
        return found[0] if found else None
    join = clean.get("join_date")
    same = [m for m in found if join is not None and m.join_date == join]
    if len(same) == 1:
        return same[0]
    raise RowProblem([_("The branch has %(count)s members called %(name)s: write the date of joining the Party "
                        "to say which one.") % {"count": len(found), "name": clean["name"]}], "name")


def _show(key, value) -> str:
    if value is None or value == "":
        return ""
    if key == "member_type":
        return str(MemberType(value).label)
    if key == "group":
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _wanted(clean) -> dict:
    return {"member_type": clean["type_value"], "join_date": clean.get("join_date"),
            "conversion_date": clean.get("conversion_date"), "group": clean.get("group_obj"),
            "position": clean.get("position") or ""}


def _refused(exc) -> RowProblem:
    return RowProblem([getattr(p, "message", str(p)) for p in exc.problems])


def apply_row(clean: dict, ctx: Context) -> Outcome:
    try:
        return _apply(clean, ctx)
    except Refused as exc:
        raise _refused(exc) from exc
    except ValidationError as exc:
        raise RowProblem(exc.messages) from exc


def _apply(clean, ctx):
    existing = find_member(clean)
    wanted = _wanted(clean)
    if existing is None:
        data = {"name": clean["name"], **wanted, "discipline": "", "discipline_until": None}
        member = member_create(actor=ctx.importer, branch=clean["branch_obj"], data=data)
        return Outcome("create", member=member)
    data = {"name": existing.name, "discipline": existing.discipline, "discipline_until": existing.discipline_until}
    changes = []
    for key in FIELDS:
        have = getattr(existing, key)
        want = wanted[key]
        if want is None or want == "":
            data[key] = have  # an empty cell leaves what is recorded
            continue
        if key == "conversion_date" and wanted["member_type"] == MemberType.PROBATIONARY:
            want = None
        data[key] = want
        if (have.pk if key == "group" and have else have) != (want.pk if key == "group" else want):
            changes.append((_label(key), _show(key, have), _show(key, want)))
    # A full member turned probationary in the file loses the recorded conversion date.
    if data["member_type"] == MemberType.PROBATIONARY and data["conversion_date"]:
        changes.append((_label("conversion_date"), _show("conversion_date", data["conversion_date"]), ""))
        data["conversion_date"] = None
    if not changes:
        return Outcome("unchanged", member=existing)
    member = member_update(actor=ctx.importer, member=existing, data=data)
    return Outcome("update", member=member, changes=changes)


def write_row(batch, number, clean, ctx):
    outcome = apply_row(clean, ctx)
    member = outcome.member
    if outcome.action in ("create", "update"):
        ImportMark.objects.create(batch=batch, row=number, case=None, model=MEMBER, object_id=member.pk,
                                  created=outcome.action == "create")
    audit_record(actor=batch.importer, action="import.row", obj=member, org_path=member.branch.path,
                 after={"batch": batch.pk, "file": batch.file_name, "row": number, "action": outcome.action,
                        "changes": [[label, b, a] for label, b, a in outcome.changes]})
    return outcome


# --- undo ------------------------------------------------------------------------------------------

def undo_blockers(batch) -> list[dict]:
    """Members the batch updated (their earlier values are not kept), and members it created that
    something refers to since (a talk, a contact, a transfer) or that somebody edited since."""
    marks = list(ImportMark.objects.filter(batch=batch, model=MEMBER))
    members = Member.objects.in_bulk([m.object_id for m in marks])
    blockers = []
    for m in marks:
        member = members.get(m.object_id)
        if member is None:
            continue
        if not m.created:
            blockers.append({"case": None, "name": member.name, "when": None,
                             "what": _("updated by this import (only members it created can be removed)")})
            continue
        blockers += [{"case": None, "name": member.name, "what": what, "when": None} for what in member_uses(member)]
    created = [str(m.object_id) for m in marks if m.created]
    events = (AuditEvent.objects.filter(object_type="member", object_id__in=created, ts__gte=batch.created_at)
              .exclude(request_id__startswith=f"imp{batch.pk}-").exclude(action__in=("import.row",))
              .order_by("ts", "id").values("object_id", "action", "ts"))
    for e in events:
        member = members.get(int(e["object_id"]))
        blockers.append({"case": None, "name": member.name if member else "",
                         "what": AuditEvent(action=e["action"]).action_label, "when": e["ts"]})
    return blockers


def undo(batch, actor) -> int:
    reason = _("Import #%(batch)s (%(file)s) undone") % {"batch": batch.pk, "file": batch.file_name}
    ids = ImportMark.objects.filter(batch=batch, model=MEMBER, created=True).values_list("object_id", flat=True)
    removed = 0
    for member in Member.objects.filter(pk__in=list(ids)):
        try:
            member_remove(actor=actor, member=member, reason=reason)
        except Refused as exc:
            raise ValidationError([getattr(p, "message", str(p)) for p in exc.problems]) from exc
        removed += 1
    return removed


def examples(ctx):
    branch = ctx.branches_in_scope[0] if ctx.branches_in_scope else None
    label = ctx.branch_label(branch) if branch else "示范党委/第一党支部"
    group = next(iter(ctx.groups_of(branch)), "") if branch else ""
    return [
        {"name": "赵六（示例）", "branch": label, "member_type": str(MemberType.FULL.label),
         "join_date": date(2010, 6, 1), "conversion_date": date(2011, 6, 1), "group": group, "position": "组织委员"},
        {"name": "钱七（示例）", "branch": label, "member_type": str(MemberType.PROBATIONARY.label),
         "join_date": "2025/7/1"},
    ]


ROSTER = register(SheetSpec(
    key="roster", title=_l("Roster"), columns=COLUMNS, examples=examples, check_row=check_row, apply=apply_row,
    context=context_for, write=write_row, undo_blockers=undo_blockers, undo=undo,
    instructions=(
        _l("One row per member on a branch's roster (党员名册). The example rows (marked 示例) must be deleted "
           "before uploading."),
        _l("A member is matched by branch and name (and the date of joining, when the branch has two members of "
           "that name): uploading the same file again changes nothing; a changed row updates the member, and the "
           "preview shows what changes. An empty cell leaves what is recorded."),
        _l("Do not merge cells, do not use formulas, and keep the first row (the headers) unchanged. At most "
           "100,000 rows."),
    ),
))
