"""Roster members appointed to a person: cultivation contacts (§9) and introducers (§14). Both have
the same shape — the members serving now, each from a date; replacing one ends the old appointment
on the new date instead of deleting it — so one mechanism serves both."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partydev.audit.services import audit_record
from partydev.process.enums import Stage
from partydev.process.problems import blocking
from partydev.process.rules.members import contact_problems, introducer_problems

from ..models import Case, ContactAssignment, Introducer
from ..selectors.facts import candidate
from .derived import deadlines_refresh, history_add
from .errors import StaleState
from .guards import require_branch_admin, require_date


def _committee_path(case) -> str | None:
    committee = case.branch.owning_committee()
    return committee.path if committee else None


def _contact_problems(case, members, on):
    return contact_problems([candidate(m) for m in members], committee_path=_committee_path(case), on=on)


def _introducer_problems(case, members, on):
    # Other branches of the same 党委 may provide introducers too (issue 11), never another 党委.
    return introducer_problems([candidate(m) for m in members], on, committee_path=_committee_path(case) or "")


@dataclass(frozen=True)
class Appointment:
    model: type
    related_name: str  # the case's reverse accessor
    stage: str  # the stage in which the branch appoints them
    history: str
    audit_action: str
    problems: Callable  # (case, members, on) -> problems; the blocking ones refuse
    not_before: Callable  # (case) -> the earliest date, or None
    not_before_label: str


CONTACTS = Appointment(ContactAssignment, "contact_assignments", Stage.ACTIVIST, "contacts_changed", "contacts.set",
                       _contact_problems, lambda case: case.activist_since,
                       _("the day the person became an activist"))
INTRODUCERS = Appointment(Introducer, "introducers", Stage.TARGET, "introducers_set", "introducers.set",
                          _introducer_problems,
                          # The chart lets introducers be found during cultivation (datelogic.DEPENDS_ON).
                          lambda case: case.activist_since, _("the day the person became an activist"))


def _appoint(*, kind: Appointment, case: Case, members: list, on: date, actor) -> list:
    """Make `members` the ones serving from `on`: those no longer chosen end on `on`, new ones start.
    Nothing changes (and nothing is written) when the same members are chosen again."""
    found = kind.problems(case, members, on)
    if blocking(found):
        raise ValidationError([p.message for p in blocking(found)])
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("branch").get(pk=case.pk)
        require_branch_admin(actor, case)
        require_date(on, case=case, not_before=kind.not_before(case), what=str(kind.not_before_label))
        if case.stage != kind.stage:
            raise StaleState()
        active = {a.member_id: a for a in getattr(case, kind.related_name).filter(ended_on__isnull=True)
                  .select_related("member")}
        chosen = {m.pk for m in members}
        ended = [a for member_id, a in active.items() if member_id not in chosen]
        for appointment in ended:
            appointment.ended_on = on
            appointment.save(update_fields=["ended_on"])
        added = [kind.model.objects.create(case=case, member=m, assigned_on=on, created_by=actor)
                 for m in members if m.pk not in active]
        if not ended and not added:
            return []
        history_add(case=case, action=kind.history, actor=actor, effective_date=on,
                    reason="、".join(m.name for m in members))
        audit_record(actor=actor, action=kind.audit_action, obj=case, case=case,
                     before={"members": sorted(a.member.name for a in active.values())},
                     after={"members": sorted(m.name for m in members), "on": str(on)})
        deadlines_refresh(case=case)
    return added


def contacts_set(*, case: Case, members: list, assigned_on: date, actor) -> list:
    """培养联系人: one or two full members of the same Party committee (§9)."""
    return _appoint(kind=CONTACTS, case=case, members=members, on=assigned_on, actor=actor)


def introducers_set(*, case: Case, members: list, assigned_on: date, actor) -> list:
    """入党介绍人: two full members; 留党察看 bars, (2026) other discipline in effect warns (§14)."""
    return _appoint(kind=INTRODUCERS, case=case, members=members, on=assigned_on, actor=actor)
