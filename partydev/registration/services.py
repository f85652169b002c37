from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partydev.audit.services import audit_record

from .models import RegistrationCode


def code_create(*, branch, actor, title: str = "", valid_minutes: int = 30) -> RegistrationCode:
    with transaction.atomic():
        now = timezone.now()
        code = RegistrationCode.objects.create(
            branch=branch, org_path=branch.path, title=title, valid_minutes=valid_minutes,
            created_by=actor, created_at=now, expires_at=now + timedelta(minutes=valid_minutes))
        audit_record(actor=actor, action="registration_code.create", obj=code, org_path=branch.path,
                     after={"valid_minutes": valid_minutes, "title": title})
    return code


def code_revoke(*, code: RegistrationCode, actor) -> bool:
    """Revoke a code; False when it was already revoked (nothing written)."""
    with transaction.atomic():
        updated = RegistrationCode.objects.filter(pk=code.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        if updated:
            audit_record(actor=actor, action="registration_code.revoke", obj=code, org_path=code.org_path)
    return bool(updated)
