"""Who manages which part of the tree and which rosters (the services check the same functions)."""

from partydev.orgs.models import Member, Organisation, OrgKind, Role
from partydev.orgs.selectors import ADMIN_ROLES, path_filter, path_within, scope_paths

# Which kinds may be created under which (组织管理): a 党委 holds 党总支 and 党支部, a 党总支 holds
# 党支部, a 党支部 holds 党小组.
CHILD_KINDS = {
    OrgKind.COMMITTEE: (OrgKind.GENERAL_BRANCH, OrgKind.BRANCH),
    OrgKind.GENERAL_BRANCH: (OrgKind.BRANCH,),
    OrgKind.BRANCH: (OrgKind.GROUP,),
    OrgKind.GROUP: (),
}


def roster_paths(user) -> list[str]:
    """党员名册: a branch administrator its own branch, a committee administrator every branch below."""
    return scope_paths(user, ADMIN_ROLES)


def tree_paths(user) -> list[str]:
    """组织管理: the subtrees of the user's committee administrator grants."""
    return scope_paths(user, (Role.COMMITTEE_ADMIN,))


def can_manage_roster(user, branch) -> bool:
    return (branch is not None and branch.kind == OrgKind.BRANCH
            and path_within(branch.path, roster_paths(user)))


def can_create_under(user, parent) -> bool:
    return parent.dissolved_on is None and path_within(parent.path, tree_paths(user))


def can_manage_node(user, node) -> bool:
    """Rename, dissolve: a node strictly below one of the user's committees (not the 党委 itself)."""
    return any(node.path.startswith(p) and node.path != p for p in tree_paths(user))


def roster_branches(user):
    """The branches whose rosters the user manages (dissolved ones left out), in tree order."""
    return Organisation.objects.filter(path_filter(roster_paths(user), "path"), kind=OrgKind.BRANCH,
                                       dissolved_on__isnull=True).order_by("path")


def roster_branch_for(user, pk):
    """The branch `pk` if the user manages its roster, else None (the page answers 404)."""
    branch = Organisation.objects.filter(pk=pk, kind=OrgKind.BRANCH).first()
    return branch if can_manage_roster(user, branch) else None


def member_for(user, pk):
    """The member `pk` (with branch and group) if it is on (or was last on) a roster the user manages."""
    member = Member.objects.select_related("branch", "group").filter(pk=pk).first()
    return member if member is not None and can_manage_roster(user, member.branch) else None


def roster_of(branch, *, query: str = "", member_type: str = "", active: bool = True):
    members = Member.objects.filter(branch=branch, active=active).select_related("group")
    if query:
        members = members.filter(name__contains=query)
    if member_type:
        members = members.filter(member_type=member_type)
    return members.order_by("name", "pk")


def groups_of(branch):
    return Organisation.objects.filter(path__under=branch.path, depth=branch.depth + 1, kind=OrgKind.GROUP,
                                       dissolved_on__isnull=True).order_by("path")


def tree_of(user):
    """Every node of the user's committees' subtrees, in tree order (the page indents by depth)."""
    return Organisation.objects.filter(path_filter(tree_paths(user), "path")).order_by("path")


def node_for(user, pk):
    """A node inside the user's committees' subtrees (the committee itself included), else None."""
    node = Organisation.objects.filter(pk=pk).first()
    return node if node is not None and path_within(node.path, tree_paths(user)) else None


def transfer_targets(user, member):
    """Branches a member may be transferred to inside the system: the actor's other branches."""
    return roster_branches(user).exclude(pk=member.branch_id)


def name_taken(parent, name: str, *, exclude_pk=None) -> bool:
    siblings = Organisation.objects.filter(path__under=parent.path, depth=parent.depth + 1,
                                           name=name, dissolved_on__isnull=True)
    if exclude_pk is not None:
        siblings = siblings.exclude(pk=exclude_pk)
    return siblings.exists()


