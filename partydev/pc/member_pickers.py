"""Choosing roster members for a person: 培养联系人 (§9) and 入党介绍人 (§14) may come from the person's
branch or from the other branches of the same 党委 (issue 11: browse those branches, or search them
by name). One set of helpers for both pickers, so both offer and accept exactly the same members."""

from django.shortcuts import render

from partydev.orgs.models import Member, Organisation, OrgKind

SEARCH_LIMIT = 20
BROWSE_LIMIT = 200  # one branch's roster


def committee_members(case):
    """Roster members a contact or introducer may come from: this branch and the other branches of its 党委."""
    committee = case.branch.owning_committee()
    path = committee.path if committee else case.branch.path
    return Member.objects.filter(active=True, branch__path__startswith=path).select_related("branch")


def other_branches(case):
    """The other branches under the person's 党委, to browse their rosters."""
    committee = case.branch.owning_committee()
    if committee is None:
        return Organisation.objects.none()
    return (Organisation.objects.filter(path__startswith=committee.path, kind=OrgKind.BRANCH,
                                        dissolved_on__isnull=True)
            .exclude(pk=case.branch_id).order_by("name"))


def chosen_members(form, field: str, current_members: list) -> list:
    """The members ticked on the page: after a refused form, those posted (only ids the form may accept:
    an id of another committee's roster shows nothing); otherwise those serving now."""
    if form.is_bound:
        ids = [i for i in form.data.getlist(field) if str(i).isdigit()]
        return list(form.fields[field].queryset.filter(pk__in=ids))
    return list(current_members)


def other_branch_members(case, chosen: list, current_members: list) -> list:
    """Members of other branches to list as ticked boxes: the ones serving now, and after a refused
    form whoever was picked through the search, so nothing the admin chose silently disappears."""
    committee = case.branch.owning_committee()
    offered = [m for m in chosen if committee and m.branch.path.startswith(committee.path)]
    extra = {m.pk: m for m in [*current_members, *offered] if m.branch_id != case.branch_id}
    return list(extra.values())


def search_response(request, case, field: str):
    """htmx: members of other branches under the same committee, by name (`q`) or browsed by branch
    (`branch`: the whole roster of one branch, by name), as checkboxes named `field`. A branch outside
    the committee lists nobody, like a branch that does not exist."""
    q = request.GET.get("q", "").strip()
    branch = request.GET.get("branch", "")
    others = committee_members(case).exclude(branch=case.branch).order_by("name")
    results = []
    if branch.isdigit():
        results = list(others.filter(branch_id=int(branch))[:BROWSE_LIMIT])
    elif q:
        results = list(others.filter(name__icontains=q)[:SEARCH_LIMIT])
    return render(request, "pc/activists/_contact_results.html",
                  {"results": results, "q": q or branch.isdigit(), "field": field})
