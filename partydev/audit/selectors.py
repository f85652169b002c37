from django.db.models import Q

from partydev.orgs.models import Role
from partydev.orgs.selectors import path_filter, scope_paths

from .models import AuditEvent

OPERATOR_PREFIX = "ops."


def audit_events_visible_to(user):
    """Auditors read the events of their subtree. A failed login on an existing account carries that
    account's organisation (audit/auth_events.py), so another 党委's auditor never sees it; only a
    failed login with a name that matches no account belongs to no organisation, and every auditor
    sees those (the name masked), so that guessing is noticed. Every auditor also sees the operator's
    commands (`ops.*`: backup, restore, key rotation), which belong to no organisation."""
    paths = scope_paths(user, (Role.AUDITOR,))
    if not paths:
        return AuditEvent.objects.none()
    unowned_failures = Q(org_path="", action="auth.login_failed")
    # The operator's commands (backup, restore, key rotation) concern the whole installation.
    operator = Q(org_path="", action__startswith=OPERATOR_PREFIX)
    return AuditEvent.objects.filter(path_filter(paths) | unowned_failures | operator).select_related("case")


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
