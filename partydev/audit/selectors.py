from partydev.orgs.models import Role
from partydev.orgs.selectors import path_filter, scope_paths

from .models import AuditEvent


def audit_events_visible_to(user):
    """Auditors read the events of their subtree; security events without an org (logins) too."""
    paths = scope_paths(user, (Role.AUDITOR,))
    if not paths:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(path_filter(paths) | _org_less_events()).select_related("case")


def _org_less_events():
    from django.db.models import Q

    return Q(org_path="")
