"""Who may see which organisations: the one place that turns role grants into scope."""

from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q, Subquery

from .models import AccountHome, Organisation, OrgKind, Role, RoleGrant


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


def case_scope_filter(user, roles: tuple[str, ...], field: str = "org_path", *, walk: str = "root") -> Q:
    """Scope of rows that always sit at a branch's own path, never below it (cases and their
    deadlines). A grant on a branch becomes an equality, which the (org_path, …) indexes answer in
    their own order, without sorting the branch's rows (docs/performance.md M9); higher grants are a
    subtree as in `path_filter`, with a hint for SQLite's planner, which keeps no statistics on a
    range and otherwise reads and sorts a whole subtree before a page (issue 15; the rows are the
    same). Both mark only a grant on the root of a tree (the whole tree: truly most rows; below it a
    walk in the page's order can pass many other subtrees' rows before the page is full):
    `walk="root"` in every query (`under_most`); `walk="ordered"` in ordered queries only
    (`under_ordered`: the page walks its order's index, the pager's count keeps the path index)."""
    grants = [g for g in grants_of(user) if g.role in roles]
    if not grants:
        return Q(pk__in=[])

    def one(org):
        if org.kind == OrgKind.BRANCH:
            return Q(**{field: org.path})
        if org.depth > 1:
            return Q(**{f"{field}__under": org.path})
        return Q(**{f"{field}__{'under_ordered' if walk == 'ordered' else 'under_most'}": org.path})

    return reduce(or_, (one(g.org) for g in grants))


def scope_within_subtrees(user, roles: tuple[str, ...]) -> bool:
    """The user's scope through `roles` is one or more subtrees below the root of their trees (a
    院系党委, a 市县党委, a 基层党委), not a whole tree and not only branches: an ordered page of it is
    best read from the path index and sorted, since a walk in the page's order passes every other
    subtree's rows (docs/performance.md, issue 15)."""
    orgs = [g.org for g in grants_of(user) if g.role in roles]
    return (bool(orgs) and all(org.depth > 1 for org in orgs)
            and any(org.kind != OrgKind.BRANCH for org in orgs))


def branch_path(branch_id: int):
    """The path of an organisation as a scalar subquery (no query of its own): `org_path=` it makes a
    branch filter an equality on the path indexes."""
    return Subquery(Organisation.objects.filter(pk=branch_id).order_by().values("path")[:1])


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


# --- accounts: whose account lies in whose subtree (partydev/accounts/, docs/security.md row 7) ------

def _strictly_below(paths: list[str], field: str = "org__path") -> Q:
    return path_filter(paths, field) & ~Q(**{f"{field}__in": paths})


def _accounts_in(paths: list[str], grants_inside: Q):
    """Accounts that belong to `paths`: every grant they hold matches `grants_inside` (at least one),
    or they hold none and their AccountHome lies under `paths`. Django-admin staff and superusers are
    never included (they are set up by the operator)."""
    User = get_user_model()
    if not paths:
        return User.objects.none()
    inside = RoleGrant.objects.filter(grants_inside)
    outside = RoleGrant.objects.exclude(grants_inside)
    homed = AccountHome.objects.filter(path_filter(paths, "org__path"))
    return (User.objects.filter(Q(pk__in=inside.values("user"))
                                | (Q(pk__in=homed.values("user")) & ~Q(pk__in=RoleGrant.objects.values("user"))))
            .exclude(pk__in=outside.values("user"))
            .filter(is_staff=False, is_superuser=False))


def accounts_managed_by(actor):
    """Accounts the committee administrator (系统管理员 duty) maintains: those whose every grant is a
    branch or committee administration strictly below its committees, and those without any grant
    created below (or at) its committees. Never itself, and never an account holding a security or
    audit duty (the operator maintains those: docs/security.md row 7), nor an applicant's phone
    account (the branch administrator resets those from the person's page)."""
    paths = scope_paths(actor, (Role.COMMITTEE_ADMIN,))
    grants_inside = _strictly_below(paths) & Q(role__in=(Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN))
    return _accounts_in(paths, grants_inside).exclude(pk=actor.pk)


def accounts_secured_by(actor):
    """Accounts in the security administrator's subtree: every grant they hold lies at or below its
    nodes, or they hold none and were created there. Never itself."""
    paths = scope_paths(actor, (Role.SECURITY_ADMIN,))
    return _accounts_in(paths, path_filter(paths, "org__path")).exclude(pk=actor.pk)


def orgs_secured_by(actor):
    """Organisations where the security administrator may grant and revoke roles."""
    return (Organisation.objects.filter(path_filter(scope_paths(actor, (Role.SECURITY_ADMIN,)), "path"),
                                        dissolved_on__isnull=True).order_by("path"))


def account_home_path(user) -> str:
    """The tree path an account's events belong to: its first grant's node, else its AccountHome."""
    grant = RoleGrant.objects.filter(user=user).select_related("org").order_by("id").first()
    if grant is not None:
        return grant.org.path
    home = AccountHome.objects.filter(user=user).select_related("org").first()
    return home.org.path if home is not None else ""
