from django.http import Http404

from partydev.orgs.models import Role
from partydev.orgs.selectors import path_filter, scope_paths

from .models import RegistrationCode, RegistrationNotice


def codes_visible_to(user):
    """Registration codes belong to branch work: only branch admins of that branch see them."""
    return RegistrationCode.objects.filter(path_filter(scope_paths(user, (Role.BRANCH_ADMIN,))))


def code_for(user, pk):
    try:
        return codes_visible_to(user).select_related("branch").get(pk=pk)
    except (RegistrationCode.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def code_by_token(token: str) -> RegistrationCode | None:
    return RegistrationCode.objects.select_related("branch").filter(token=token).first()


def notice_of(branch) -> RegistrationNotice | None:
    return RegistrationNotice.objects.filter(branch=branch).first()
