"""Removing a person entered by mistake (an Excel import undone, docs/import.md).

The Case row itself stays: the append-only audit events point at it (and must keep doing so, for the
chain). Everything else about the person is deleted — records, requests, history, deadlines,
attachments and their files — and the personal data in the row is blanked; `erased_at` hides the row
from every selector (cases_visible_to), and its blind index is freed so the person can be entered again."""

from django.db import models, transaction
from django.utils import timezone

from partydev.audit.services import audit_record
from partydev.stats.counters import case_forget as stats_counters_forget

from ..attachments import attachments_remove
from ..models import Attachment, Case
from .guards import require, require_branch_admin


def case_erase(*, case: Case, actor, reason: str) -> None:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_branch_admin(actor, case)
        require(case.erased_at is None, "wrong_stage")
        # Out of the statistics' counters first: the loop below deletes what they were counted from.
        stats_counters_forget(case.pk)
        attachments_remove(attachments=Attachment.objects.filter(case=case))
        for rel in Case._meta.related_objects:
            if rel.on_delete is models.CASCADE:
                rel.related_model.objects.filter(**{rel.field.name: case}).delete()
        Case.objects.filter(pk=case.pk).update(
            erased_at=timezone.now(), user=None, name="—", id_number="", phone="", work_unit="",
            id_hash=f"erased:{case.public_id.hex}", updated_at=timezone.now())
        audit_record(actor=actor, action="case.erase", obj=case, case=case, after={"reason": reason})
