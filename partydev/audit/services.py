"""Writing audit events. Services call `audit_record` inside their own transaction, so an event
exists exactly when the change it describes was committed."""

from .context import current_request
from .models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    case=None,
    org_path: str = "",
    before: dict | None = None,
    after: dict | None = None,
    result: str = "success",
    actor_name: str = "",
) -> AuditEvent:
    facts = current_request.get()
    user = actor if getattr(actor, "is_authenticated", False) else None
    if case is not None and not org_path:
        org_path = case.org_path
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name or (user.get_username() if user else ""),
        action=action,
        result=result,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        case=case,
        org_path=org_path,
        before=before,
        after=after,
        ip=facts.ip,
        user_agent=facts.user_agent,
        request_id=facts.request_id,
    )
