"""党员名册: add, edit and transfer members. A member keeps one Member row for life in the system:
moving to another branch changes its branch, leaving the system takes it off the roster
(active=False); cases that chose it as 培养联系人 or 入党介绍人 keep pointing at it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from partydev.audit.services import audit_record
from partydev.common import clock
from partydev.common.text import validate_name
from partydev.orgs.models import Discipline, Member, MemberType, OrgKind
from partydev.process.rules.datelogic import date_range_problems

from ..errors import Refused, TextProblem, refusal, refuse, require
from ..models import Direction, MemberTransfer
from ..selectors import can_manage_roster

FIELDS = ("name", "member_type", "join_date", "conversion_date", "group", "position", "discipline",
          "discipline_until")


def _facts(member: Member) -> dict:
    """What the audit log keeps of a member: names and dates of Party life, nothing personal."""
    return {
        "name": member.name, "branch": member.branch.name, "member_type": member.member_type,
        "join_date": member.join_date.isoformat() if member.join_date else None,
        "conversion_date": member.conversion_date.isoformat() if member.conversion_date else None,
        "group": member.group.name if member.group_id else None, "position": member.position,
        "discipline": member.discipline,
        "discipline_until": member.discipline_until.isoformat() if member.discipline_until else None,
        "active": member.active,
    }


def _date_problems(day: date | None, *, may_be_later: bool = False) -> list:
    if day is None:
        return []
    return date_range_problems(day, today=clock.today(), may_be_later=may_be_later)


def member_problems(branch, data: dict) -> list:
    """Every rule a roster entry breaks (the form shows them all at once)."""
    found = []
    try:
        validate_name(data.get("name") or "")
    except ValidationError as exc:
        found.extend(TextProblem(str(m)) for m in exc.messages)
    member_type = data.get("member_type")
    if member_type not in MemberType.values:
        found.append(refusal("not_permitted"))
    join, conversion = data.get("join_date"), data.get("conversion_date")
    found += _date_problems(join) + _date_problems(conversion)
    found += [p for _field, p in member_field_problems(data)]
    group = data.get("group")
    if group is not None and not (group.kind == OrgKind.GROUP and group.dissolved_on is None
                                  and group.path.startswith(branch.path) and group.depth == branch.depth + 1):
        found.append(refusal("group_outside_branch"))
    if (data.get("discipline") or "") not in Discipline.values:
        found.append(refusal("not_permitted"))
    found += _date_problems(data.get("discipline_until"), may_be_later=True)
    return found


def member_field_problems(data: dict) -> list:
    """(field, problem) of the rules between a roster entry's fields, so the form shows each beside
    its field; member_problems includes them."""
    found = []
    join, conversion = data.get("join_date"), data.get("conversion_date")
    if join and conversion and conversion < join:
        found.append(("conversion_date", refusal("conversion_before_join")))
    if data.get("member_type") == MemberType.PROBATIONARY and conversion:
        found.append(("conversion_date", refusal("probationary_converted")))
    if data.get("discipline_until") and not data.get("discipline"):
        found.append(("discipline_until", refusal("until_without_discipline")))
    return found


def _require_roster(actor, branch) -> None:
    require(actor is not None and can_manage_roster(actor, branch), "not_permitted")
    require(branch.dissolved_on is None, "dissolved")


def _clean(data: dict) -> dict:
    values = {name: data.get(name) for name in FIELDS}
    values["name"] = (values["name"] or "").strip()
    values["position"] = (values["position"] or "").strip()
    values["discipline"] = values["discipline"] or ""
    return values


def member_create(*, actor, branch, data: dict) -> Member:
    """Add a member to the branch's roster."""
    _require_roster(actor, branch)
    values = _clean(data)
    refuse(member_problems(branch, values))
    with transaction.atomic():
        member = Member.objects.create(branch=branch, **values)
        audit_record(actor=actor, action="member.create", obj=member, org_path=branch.path, after=_facts(member))
    return member


def _locked(member: Member) -> Member:
    """The member as it is now (locked until the transaction ends): the checks read this row, not
    the copy the page loaded."""
    return Member.objects.select_for_update(of=("self",)).select_related("branch", "group").get(pk=member.pk)


def member_update(*, actor, member: Member, data: dict) -> Member:
    """Edit a member on the roster (name, type, dates, 党小组, position, discipline)."""
    values = _clean(data)
    with transaction.atomic():
        current = _locked(member)
        _require_roster(actor, current.branch)
        require(current.active, "member_inactive", name=current.name)
        refuse(member_problems(current.branch, values))
        before = _facts(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        audit_record(actor=actor, action="member.update", obj=current, org_path=current.branch.path,
                     before=before, after=_facts(current))
    return current


def member_uses(member: Member) -> list[str]:
    """What refers to the member (a talk it took part in, a contact assignment, a transfer, and
    whatever model refers to members in future): the verbose names, empty when nothing does."""
    found = []
    for rel in Member._meta.related_objects:
        if getattr(member, rel.get_accessor_name()).exists():
            found.append(str(rel.related_model._meta.verbose_name))
    return found


def member_remove(*, actor, member: Member, reason: str) -> None:
    """Remove a member entered by mistake (an undone import): refused while anything refers to it —
    then it stays, and leaving the roster is a transfer out."""
    with transaction.atomic():
        current = _locked(member)
        _require_roster(actor, current.branch)
        uses = member_uses(current)
        require(not uses, "member_in_use", name=current.name, what="、".join(uses))
        before = _facts(current)
        audit_record(actor=actor, action="member.remove", obj=current, org_path=current.branch.path,
                     before=before, after={"reason": reason})
        current.delete()


def _transfer_date_problems(member_join: date | None, day: date) -> list:
    found = _date_problems(day)
    if member_join and day < member_join:
        found.append(refusal("transfer_before_join"))
    return found


def member_transfer_within(*, actor, member: Member, to_branch, transferred_on: date, note: str = "") -> Member:
    """组织关系转接 inside the system: the same Member row moves to another branch the actor manages
    (its Party group is left behind)."""
    with transaction.atomic():
        current = _locked(member)
        _require_roster(actor, current.branch)
        _require_roster(actor, to_branch)
        require(current.active, "member_inactive", name=current.name)
        require(to_branch.pk != current.branch_id, "same_branch")
        refuse(_transfer_date_problems(current.join_date, transferred_on))
        before = _facts(current)
        from_branch = current.branch
        record = MemberTransfer.objects.create(
            member=current, direction=Direction.WITHIN, transferred_on=transferred_on, from_branch=from_branch,
            to_branch=to_branch, note=note, recorded_by=actor)
        current.branch, current.group = to_branch, None
        current.save(update_fields=["branch", "group"])
        audit_record(actor=actor, action="member.transfer_within", obj=current, org_path=from_branch.path,
                     before=before, after=_facts(current) | {"transfer": record.pk,
                                                             "transferred_on": transferred_on.isoformat()})
    return current


def member_transfer_out(*, actor, member: Member, destination: str, transferred_on: date,
                        note: str = "") -> Member:
    """组织关系转出 out of the system: the member leaves the roster (the row stays, for the cases that
    chose it and for the history); `destination` is the receiving organisation as written."""
    destination = (destination or "").strip()
    with transaction.atomic():
        current = _locked(member)
        _require_roster(actor, current.branch)
        require(current.active, "member_inactive", name=current.name)
        require(bool(destination), "outside_required")
        refuse(_transfer_date_problems(current.join_date, transferred_on))
        before = _facts(current)
        record = MemberTransfer.objects.create(
            member=current, direction=Direction.OUT, transferred_on=transferred_on, from_branch=current.branch,
            outside=destination, note=note, recorded_by=actor)
        current.active, current.group = False, None
        current.save(update_fields=["active", "group"])
        audit_record(actor=actor, action="member.transfer_out", obj=current, org_path=current.branch.path,
                     before=before, after=_facts(current) | {"transfer": record.pk, "to": destination,
                                                             "transferred_on": transferred_on.isoformat()})
    return current


def member_transfer_in(*, actor, branch, data: dict, origin: str, transferred_on: date, note: str = "") -> Member:
    """组织关系转入 from outside the system: the member is added to the roster with where and when it
    came from."""
    _require_roster(actor, branch)
    values = _clean(data)
    origin = (origin or "").strip()
    found = member_problems(branch, values)
    if not origin:
        found.append(refusal("outside_required"))
    found += _transfer_date_problems(values.get("join_date"), transferred_on)
    refuse(found)
    with transaction.atomic():
        member = Member.objects.create(branch=branch, **values)
        record = MemberTransfer.objects.create(
            member=member, direction=Direction.IN, transferred_on=transferred_on, to_branch=branch,
            outside=origin, note=note, recorded_by=actor)
        audit_record(actor=actor, action="member.transfer_in", obj=member, org_path=branch.path,
                     after=_facts(member) | {"transfer": record.pk, "from": origin,
                                             "transferred_on": transferred_on.isoformat()})
    return member


__all__ = ["Refused", "member_create", "member_problems", "member_remove", "member_uses", "member_transfer_in", "member_transfer_out",
           "member_transfer_within", "member_update"]
