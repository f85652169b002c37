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


def failures_since_last_success(user, *, failed: str, succeeded: str, since) -> int:
    """How many `failed` events `user` caused after `since` and after their last `succeeded` event
    (the password-change limit counts wrong current passwords this way: the audit table is shared
    by every worker, so the limit holds however many processes serve the site)."""
    events = AuditEvent.objects.filter(actor=user, ts__gte=since)
    last_success = events.filter(action=succeeded).order_by("-ts").values_list("ts", flat=True).first()
    failures = events.filter(action=failed)
    if last_success is not None:
        failures = failures.filter(ts__gt=last_success)
    return failures.count()
