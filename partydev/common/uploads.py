"""Attachment checks: the type comes from the file's content, never from its name.

Accepted: PDF, JPEG, PNG and DOCX. A DOCX is a ZIP archive, so it is opened (metadata only,
nothing is decompressed) and must contain ``word/document.xml``; archives with too many members or
too large an uncompressed size are refused to avoid zip bombs.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZIP_MAGIC = b"PK\x03\x04"

# Zip-bomb limits for the DOCX check.
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


def _is_docx(fileobj) -> bool:
    """True if ``fileobj`` is a ZIP within the limits that contains ``word/document.xml``."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                return False
            if sum(member.file_size for member in members) > ZIP_MAX_UNCOMPRESSED_BYTES:
                return False
            return any(member.filename == "word/document.xml" for member in members)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False


def sniff_kind(fileobj) -> str | None:
    """The kind (a key of ALLOWED_KINDS) from the file's leading bytes, or None.

    The file is rewound to the start afterwards.
    """
    fileobj.seek(0)
    try:
        head = fileobj.read(len(PNG_MAGIC))
        if head.startswith(PDF_MAGIC):
            return "pdf"
        if head.startswith(JPEG_MAGIC):
            return "jpg"
        if head.startswith(PNG_MAGIC):
            return "png"
        if head.startswith(ZIP_MAGIC):
            fileobj.seek(0)
            return "docx" if _is_docx(fileobj) else None
        return None
    finally:
        fileobj.seek(0)


def _format_megabytes(num_bytes: int) -> str:
    """10485760 → "10", 1572864 → "1.5", 1000 → "0.000954"."""
    megabytes = num_bytes / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:.1f}".removesuffix(".0")
    return f"{megabytes:.3g}"


def _file_size(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is not None:
        return size
    uploaded_file.seek(0, 2)
    size = uploaded_file.tell()
    uploaded_file.seek(0)
    return size


def validate_upload(uploaded_file) -> str:
    """Return the file's kind (``"pdf"``, ``"jpg"``, ``"png"`` or ``"docx"``) or raise ValidationError.

    Codes: ``empty``, ``too_large`` (over ``settings.ATTACHMENT_MAX_BYTES``), ``file_type``.
    """
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large: the limit is %(limit)s MB."),
            code="too_large",
            params={"limit": _format_megabytes(max_bytes)},
        )
    kind = sniff_kind(uploaded_file)
    if kind is None:
        raise ValidationError(_("Only PDF, JPG, PNG or DOCX files are accepted."), code="file_type")
    return kind
