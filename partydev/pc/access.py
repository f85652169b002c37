"""Entry checks for the PC site: logged in (else the login page) and holding a PC role (else 404)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from partydev.orgs.models import Role
from partydev.orgs.selectors import has_role, is_pc_user


def pc_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_pc_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def role_view(*roles):
    """Only users holding one of `roles` reach the view; everyone else gets 404."""

    def decorate(view):
        @pc_view
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(has_role(request.user, r) for r in roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


branch_admin_view = role_view(Role.BRANCH_ADMIN)
committee_admin_view = role_view(Role.COMMITTEE_ADMIN)
admin_view = role_view(Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN)
auditor_view = role_view(Role.AUDITOR)
security_admin_view = role_view(Role.SECURITY_ADMIN)
