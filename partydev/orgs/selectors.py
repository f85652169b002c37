"""Who may see which organisations: the one place that turns role grants into scope."""

from functools import reduce
from operator import or_

from django.db.models import Q

from .models import Organisation, OrgKind, Role, RoleGrant


def grants_of(user) -> list[RoleGrant]:
    """The user's role grants, loaded once per request (kept on the user object of that request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_partydev_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("org"))
        user._partydev_grants = cached
    return cached


def scope_paths(user, roles: tuple[str, ...]) -> list[str]:
    """Tree paths the user reaches through any of `roles` (each path covers its whole subtree)."""
    return [g.org.path for g in grants_of(user) if g.role in roles]


def path_filter(paths: list[str], field: str = "org_path") -> Q:
    """A Q matching rows whose `field` lies under any of `paths`; matches nothing when empty."""
    if not paths:
        return Q(pk__in=[])
    # `under` (orgs/paths.py) is the index-friendly prefix match on both databases.
    return reduce(or_, (Q(**{f"{field}__under": p}) for p in paths))


def case_scope_filter(user, roles: tuple[str, ...], field: str = "org_path") -> Q:
    """Scope of rows that always sit at a branch's own path, never below it (cases and their
    deadlines). A grant on a branch becomes an equality, which the (org_path, …) indexes answer in
    their own order, without sorting the branch's rows (docs/performance.md M9); higher grants are a
    subtree as in `path_filter`."""
    grants = [g for g in grants_of(user) if g.role in roles]
    if not grants:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{field: g.org.path}) if g.org.kind == OrgKind.BRANCH
                        else Q(**{f"{field}__under": g.org.path}) for g in grants))


def path_within(path: str, paths: list[str]) -> bool:
    return any(path.startswith(p) for p in paths)


ADMIN_ROLES = (Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN)


def has_role(user, role: str) -> bool:
    return any(g.role == role for g in grants_of(user))


def is_pc_user(user) -> bool:
    return bool(grants_of(user))


def branches_visible_to(user):
    """Branches the user's admin roles reach (for filters and choosers)."""
    return Organisation.objects.filter(
        path_filter(scope_paths(user, ADMIN_ROLES), "path"), kind=OrgKind.BRANCH, dissolved_on__isnull=True
    ).order_by("path")


def branches_managed_by(user):
    """Branches where the user is branch administrator (may create and edit records)."""
    return Organisation.objects.filter(
        path_filter(scope_paths(user, (Role.BRANCH_ADMIN,)), "path"), kind=OrgKind.BRANCH, dissolved_on__isnull=True
    ).order_by("path")


def members_of_branch(branch):
    return branch.members.filter(active=True).order_by("name")
