"""The one write path of this app: a committee sets its development plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partydev.audit.services import audit_record
from partydev.orgs.models import Organisation, OrgKind, Role
from partydev.orgs.selectors import path_within, scope_paths

from .models import DevelopmentPlan

MAX_QUOTA = 100_000


def can_plan_for(user, org: Organisation) -> bool:
    """A committee administrator plans for the units directly below a node of its subtree."""
    return org.kind != OrgKind.GROUP and path_within(org.path, scope_paths(user, (Role.COMMITTEE_ADMIN,)))


def plan_set(*, actor, committee: Organisation, year: int, quotas: dict[int, int | None]) -> int:
    """Set the quotas of `year` for the units directly below `committee` ({unit pk: quota, or None to
    remove the plan}). All or nothing; one audit event per changed unit. Returns how many changed."""
    if not can_plan_for(actor, committee):
        raise ValidationError(_("You may not set the development plan of this organisation."))
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    units = {u.pk: u for u in Organisation.objects.filter(path__under=committee.path, depth=committee.depth + 1)
             .exclude(kind=OrgKind.GROUP)}
    unknown = set(quotas) - set(units)
    if unknown:
        raise ValidationError(_("Only the units directly below this organisation can have a plan here."))
    for quota in quotas.values():
        if quota is not None and not 0 <= quota <= MAX_QUOTA:
            raise ValidationError(_("A quota is a whole number from 0 to %(max)s.") % {"max": MAX_QUOTA})
    changed = 0
    with transaction.atomic():
        existing = {p.unit_id: p for p in DevelopmentPlan.objects.select_for_update().filter(
            unit__in=list(units), year=year)}
        for pk, quota in quotas.items():
            plan = existing.get(pk)
            before = plan.quota if plan else None
            if before == quota:
                continue
            if quota is None:
                plan.delete()
            elif plan is None:
                plan = DevelopmentPlan(committee=committee, unit=units[pk], year=year, quota=quota, updated_by=actor)
                plan.full_clean()
                plan.save()
            else:
                plan.committee, plan.quota, plan.updated_by = committee, quota, actor
                plan.full_clean()
                plan.save()
            audit_record(actor=actor, action="plan.set", obj=units[pk], org_path=units[pk].path,
                         before={"year": year, "quota": before}, after={"year": year, "quota": quota})
            changed += 1
    return changed
