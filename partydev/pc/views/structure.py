"""组织管理: the committee administrator's tree (its 党委 and everything below), with 新建, 重命名 and
撤销 of 党总支 / 党支部 / 党小组. Everyone else gets 404; nodes outside the administrator's subtree
too. Writes go through partydev/structure/services."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.common.pagination import paginate
from partydev.orgs.models import OrgKind
from partydev.structure.selectors import CHILD_KINDS, can_manage_node, node_for, tree_of, tree_paths
from partydev.structure.services import branch_merge, org_create, org_dissolve, org_move, org_rename
from partydev.structure.services.tree import dissolve_problems, merge_problems
from partydev.webforms.structure import (
    BranchMergeForm,
    OrgCreateForm,
    OrgDissolveForm,
    OrgMoveForm,
    OrgRenameForm,
)

from ..access import committee_admin_view
from ..form_pages import form_page, posted_write

NAV = "org_tree"
TREE_PAGE = 200


def _node(request, pk, *, managed=False):
    node = node_for(request.user, pk)
    if node is None or (managed and not can_manage_node(request.user, node)):
        raise Http404
    return node


@committee_admin_view
def tree(request):
    nodes = tree_of(request.user).annotate(on_roster=Count("members", filter=Q(members__active=True)))
    page = paginate(request, nodes, per_page=TREE_PAGE)
    roots = set(tree_paths(request.user))
    top = min((len(p) for p in roots), default=0)
    rows = [{"node": n, "indent": min(max(len(n.path) - top, 0) // n.steplen, 6),
             "can_add": n.dissolved_on is None and bool(CHILD_KINDS.get(n.kind)),
             "managed": n.path not in roots} for n in page]
    return render(request, "pc/structure/tree.html", {"page": page, "rows": rows, "nav": NAV})


@committee_admin_view
def org_new(request, pk):
    parent = _node(request, pk)
    if parent.dissolved_on is not None or not CHILD_KINDS.get(parent.kind):
        raise Http404
    form = OrgCreateForm(request.POST or None, parent=parent)
    if written := posted_write(request, form, lambda: org_create(
            actor=request.user, parent=parent, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"])):
        messages.success(request, _("%(name)s has been created.") % {"name": written.value.name})
        return redirect("pc:org_tree")
    return form_page(request, "pc/structure/form.html", {
        "node": parent, "form": form, "nav": NAV, "title": _("Create under %(name)s") % {"name": parent.name},
        "button": _("Create")})


@committee_admin_view
def org_rename_view(request, pk):
    node = _node(request, pk, managed=True)
    if node.dissolved_on is not None:
        raise Http404
    form = OrgRenameForm(request.POST or None, initial={"name": node.name})
    if posted_write(request, form, lambda: org_rename(actor=request.user, node=node, name=form.cleaned_data["name"])):
        messages.success(request, _("The name has been changed."))
        return redirect("pc:org_tree")
    return form_page(request, "pc/structure/form.html", {
        "node": node, "form": form, "nav": NAV, "title": _("Rename %(name)s") % {"name": node.name},
        "button": _("Save")})


@committee_admin_view
def org_dissolve_view(request, pk):
    """撤销: the page lists every reason it cannot be dissolved yet; otherwise it asks for the date and
    a confirmation."""
    node = _node(request, pk, managed=True)
    if node.dissolved_on is not None:
        raise Http404
    form = OrgDissolveForm(request.POST or None, initial={"dissolved_on": timezone.localdate()})
    if posted_write(request, form, lambda: org_dissolve(
            actor=request.user, node=node, dissolved_on=form.cleaned_data["dissolved_on"])):
        messages.success(request, _("%(name)s has been dissolved.") % {"name": node.name})
        return redirect("pc:org_tree")
    return form_page(request, "pc/structure/dissolve.html", {
        "node": node, "form": form, "problems": dissolve_problems(node), "nav": NAV})


def _move_targets(request, node):
    """Where the node may go: live nodes of the user's subtree that hold its kind, not inside itself,
    not its current parent."""
    kinds = [parent for parent, children in CHILD_KINDS.items() if node.kind in children]
    return (tree_of(request.user).filter(kind__in=kinds, dissolved_on__isnull=True)
            .exclude(path__under=node.path).exclude(path=node.path[: -node.steplen]))


@committee_admin_view
def org_move_view(request, pk):
    """移动: the node and everything below it go under another node of the same Party committee."""
    node = _node(request, pk, managed=True)
    if node.dissolved_on is not None:
        raise Http404
    form = OrgMoveForm(request.POST or None, targets=_move_targets(request, node))
    if posted_write(request, form, lambda: org_move(actor=request.user, node=node, target=form.cleaned_data["target"])):
        messages.success(request, _("%(name)s has been moved.") % {"name": node.name})
        return redirect("pc:org_tree")
    return form_page(request, "pc/structure/form.html", {
        "node": node, "form": form, "nav": NAV, "title": _("Move %(name)s") % {"name": node.name},
        "button": _("Move"), "confirm": _("Move %(name)s and everything below it?") % {"name": node.name}})


@committee_admin_view
def branch_merge_view(request, pk):
    """合并: this branch into another branch of the same Party committee (members, people in the
    process and QR codes move; this branch and its 党小组 are dissolved). Asked before it writes."""
    source = _node(request, pk, managed=True)
    if source.dissolved_on is not None or source.kind != OrgKind.BRANCH:
        raise Http404
    committee = source.owning_committee()
    targets = (tree_of(request.user).filter(kind=OrgKind.BRANCH, dissolved_on__isnull=True,
                                            path__under=committee.path if committee else source.path)
               .exclude(pk=source.pk))
    form = BranchMergeForm(request.POST or None, targets=targets, initial={"merged_on": timezone.localdate()})
    if written := posted_write(request, form, lambda: branch_merge(
            actor=request.user, source=source, target=form.cleaned_data["target"],
            merged_on=form.cleaned_data["merged_on"])):
        messages.success(request, _("%(source)s has been merged into %(target)s.") % {
            "source": source.name, "target": written.value.name})
        return redirect("pc:org_tree")
    # Only what the page can tell before a target is chosen (the administrators still holding roles).
    problems = [p for p in merge_problems(request.user, source, source) if p.code == "dissolve_admins"]
    return form_page(request, "pc/structure/merge.html", {
        "node": source, "form": form, "problems": problems, "nav": NAV})
