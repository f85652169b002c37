"""partydev.E007: nobody holds two duties (三权分立, docs/security.md row 7).

The services refuse such a grant (partydev/accounts/services.py); this check catches what came in
another way: the database edited by hand, a restored backup from before the rule, a fixture."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from partydev.orgs.models import RoleGrant

from .services import duty_conflict


def users_holding_two_duties() -> list[str]:
    """'name: role, role' for each account whose roles break the separation of duties."""
    roles: dict[str, set[str]] = {}
    for username, role in RoleGrant.objects.values_list("user__username", "role").order_by("user__username"):
        roles.setdefault(username, set()).add(role)
    return [f"{name}: {', '.join(sorted(held))}" for name, held in roles.items() if duty_conflict(held)]


@register(Tags.security, deploy=True)
def check_separation_of_duties(app_configs=None, **kwargs):
    """With --deploy, in production (as partydev.E002: the query needs the database)."""
    if not getattr(settings, "IS_PRODUCTION", False):
        return []
    try:
        found = users_holding_two_duties()
    except DatabaseError:  # before the first migrate
        return []
    if not found:
        return []
    return [Error(
        "Accounts hold two duties that must be separate (committee/system administrator, security "
        "administrator, auditor; the security administrator and the auditor hold no branch "
        "administration either): " + "; ".join(found) + ".",
        hint="A security administrator revokes one of the roles on the 权限管理 page.",
        id="partydev.E007")]
