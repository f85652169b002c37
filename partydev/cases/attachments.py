"""Storing and removing attachment files. Names are random; the original name is kept only as text,
with the extension of the type its content was detected as (``poly.html`` holding a PDF is kept as
``poly.pdf``), so no download carries a name that a browser or the desktop would open as something else."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from partydev.common.uploads import name_for_kind, validate_upload

from .models import Attachment


def _storage_path(stored_name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "attachments" / stored_name[:2] / stored_name


def attachment_path(attachment: Attachment) -> Path:
    return _storage_path(attachment.stored_name)


def attachments_add(*, record, files, actor) -> list[Attachment]:
    """Save uploaded files for `record`. Callers run inside the record's transaction."""
    created = []
    content_type = ContentType.objects.get_for_model(record)
    for upload in files:
        kind = validate_upload(upload)  # forms validated already; this is the last line of defence
        stored_name = secrets.token_hex(16)
        path = _storage_path(stored_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with path.open("wb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
        created.append(Attachment.objects.create(
            case=record.case, content_type=content_type, object_id=record.pk,
            original_name=name_for_kind(upload.name, kind), stored_name=stored_name, kind=kind,
            size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor,
        ))
    return created


def attachments_remove(*, attachments) -> list[str]:
    """Delete rows and their files; returns the names removed (for the audit event)."""
    names = []
    for attachment in attachments:
        names.append(attachment.original_name)
        attachment_path(attachment).unlink(missing_ok=True)
        attachment.delete()
    return names
