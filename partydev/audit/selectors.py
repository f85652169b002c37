from django.db.models import Q

from partydev.orgs.models import Role
from partydev.orgs.selectors import path_filter, scope_paths

from .models import AuditEvent


def audit_events_visible_to(user):
    """Auditors read the events of their subtree, plus events tied to no organisation (failed
    logins of unknown users), which every auditor must be able to see."""
    paths = scope_paths(user, (Role.AUDITOR,))
    if not paths:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(path_filter(paths) | Q(org_path="")).select_related("case")
