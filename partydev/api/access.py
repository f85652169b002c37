"""Who reaches which endpoint: the web's entry checks (partydev/pc/access.py, mobile.applicant_view) as
DRF permissions. A caller without the role gets 404, as on the web: the API does not reveal what exists."""

from django.http import Http404
from rest_framework.permissions import BasePermission

from partydev.cases.models import Case
from partydev.orgs.models import Role
from partydev.orgs.selectors import has_role


class _Roles(BasePermission):
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False  # 401: no or a bad token
        if not any(has_role(user, r) for r in self.roles):
            raise Http404
        return True


class BranchAdmin(_Roles):
    roles = (Role.BRANCH_ADMIN,)


def require_branch_admin(request) -> None:
    """For an endpoint whose GET any administrator reads and whose write is the branch's: 404 for
    anyone else, as the web's branch pages answer."""
    BranchAdmin().has_permission(request, None)


class CommitteeAdmin(_Roles):
    roles = (Role.COMMITTEE_ADMIN,)


class Admin(_Roles):
    roles = (Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN)


class Applicant(BasePermission):
    """The person's own account: the case is always the caller's (never from the URL)."""

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        case = Case.objects.select_related("branch").filter(user=user, erased_at__isnull=True).first()
        if case is None:
            raise Http404
        request.own_case = case
        return True
