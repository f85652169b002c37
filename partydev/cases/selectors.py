"""Reads of personal data. Every view loads cases through `cases_visible_to`: outside scope is 404."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, path_filter, scope_paths
from partydev.process.enums import FilingStatus

from .models import Case, Filing


def cases_visible_to(user):
    """Branch admins: their branch; committee admins: their subtree; an applicant: itself only."""
    if not user.is_authenticated:
        return Case.objects.none()
    paths = scope_paths(user, ADMIN_ROLES)
    if paths:
        return Case.objects.filter(path_filter(paths))
    return Case.objects.filter(user=user)


def case_for(user, public_id):
    try:
        return cases_visible_to(user).select_related("branch").get(public_id=public_id)
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def case_list(user, *, stage: str, query: str = "", branch_id: int | None = None, status: str = ""):
    """The list pages (申请人管理, 积极分子管理): one query plus the page's count."""
    qs = cases_visible_to(user).filter(stage=stage).select_related("branch")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(work_unit__icontains=query))
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    return qs.order_by("name", "id")


def filings_visible_to(user):
    """Filings a committee admin decides: those addressed to a committee within their scope."""
    paths = scope_paths(user, (Role.COMMITTEE_ADMIN,))
    return Filing.objects.filter(path_filter(paths, "committee_path"))


def filing_inbox(user, *, status: str = FilingStatus.PENDING):
    return (
        filings_visible_to(user)
        .filter(status=status)
        .select_related("case", "case__branch", "created_by")
        .order_by("created_at", "id")
    )


def filing_for(user, pk):
    try:
        return filings_visible_to(user).select_related("case", "case__branch").get(pk=pk)
    except (Filing.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
