from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from partydev.audit.services import audit_record

from . import notice as notice_text
from .models import RegistrationCode, RegistrationNotice

SLOT = timedelta(hours=1)


def code_create(*, branch, actor, title: str = "", valid_minutes: int = 30) -> RegistrationCode:
    """Create a code; the branch's notice (or the default one) is kept on it with the expiry filled in."""
    with transaction.atomic():
        now = timezone.now()
        expires_at = now + timedelta(minutes=valid_minutes)
        saved = RegistrationNotice.objects.filter(branch=branch).first()
        # The announced slot when the code is made in it (within an hour); otherwise the time it is made.
        send_at = saved.send_at if saved and saved.send_at and abs(now - saved.send_at) <= SLOT else None
        text = notice_text.render(text=saved.text if saved else None, branch=branch, send_at=send_at,
                                  valid_minutes=valid_minutes, expires_at=expires_at)
        code = RegistrationCode.objects.create(
            branch=branch, org_path=branch.path, title=title, valid_minutes=valid_minutes,
            created_by=actor, created_at=now, expires_at=expires_at, notice=text)
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


def _notice_facts(notice: RegistrationNotice | None) -> dict | None:
    if notice is None:
        return None
    return {"text": notice.text, "send_at": notice.send_at.isoformat() if notice.send_at else None,
            "valid_minutes": notice.valid_minutes}


def notice_save(*, branch, actor, text: str, send_at, valid_minutes: int) -> RegistrationNotice:
    """Save the branch's 入党申请人集中注册通知 (one per branch), audited with before and after."""
    with transaction.atomic():
        before = RegistrationNotice.objects.select_for_update().filter(branch=branch).first()
        before_facts = _notice_facts(before)
        notice, _created = RegistrationNotice.objects.update_or_create(
            branch=branch, defaults={"org_path": branch.path, "text": text, "send_at": send_at,
                                     "valid_minutes": valid_minutes, "updated_by": actor,
                                     "updated_at": timezone.now()})
        audit_record(actor=actor, action="registration_notice.save", obj=notice, org_path=branch.path,
                     before=before_facts, after=_notice_facts(notice))
    return notice
