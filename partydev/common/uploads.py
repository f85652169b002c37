"""Attachment checks: the type comes from the file's content, never from its name.

Accepted: PDF, JPEG, PNG and DOCX. A DOCX is a ZIP archive, so it is opened (metadata only,
nothing is decompressed) and must contain ``word/document.xml``; archives with too many members or
too large an uncompressed size are refused to avoid zip bombs.
"""

import re
import zipfile
import zlib
from pathlib import PurePosixPath, PureWindowsPath

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

# The file-name extensions that match each kind; the first is the one given to a name that has none.
KIND_EXTENSIONS = {"pdf": (".pdf",), "jpg": (".jpg", ".jpeg"), "png": (".png",), "docx": (".docx",)}
NAME_MAX_LENGTH = 200

# PDF names that run something when the file is opened or a page is shown: scripts (/JavaScript,
# /JS), actions on opening (/OpenAction), additional actions on pages and fields (/AA), and
# launching a program (/Launch).
PDF_ACTIVE_NAMES = frozenset({b"JavaScript", b"JS", b"OpenAction", b"AA", b"Launch"})
# A PDF name: a slash and the regular characters that follow it (PDF 32000 §7.3.5).
PDF_NAME = re.compile(rb"/([^\s()<>\[\]{}/%]+)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# Compressed streams (object streams can hide the dictionaries above) are inflated up to this many
# bytes in all; a file that inflates beyond it is treated as active.
PDF_MAX_INFLATED_BYTES = 50 * 1024 * 1024

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


def name_for_kind(name: str, kind: str) -> str:
    """The uploaded file name without any folder, with an extension that matches the detected kind.

    ``poly.html`` detected as a PDF becomes ``poly.pdf``; ``scan.JPEG`` stays; ``报告`` becomes
    ``报告.pdf``. The result fits ``NAME_MAX_LENGTH`` characters with its extension kept.
    """
    extensions = KIND_EXTENSIONS[kind]
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if dot and f".{suffix.lower()}" in extensions:
        extension = f".{suffix}"
    else:
        extension = extensions[0]
    stem = stem.strip().rstrip(".") or kind
    return stem[: NAME_MAX_LENGTH - len(extension)] + extension


def _names(data: bytes) -> set[bytes]:
    return {PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) for raw in PDF_NAME.findall(data)}


def pdf_has_active_content(data: bytes) -> bool:
    """True if the PDF names JavaScript or an automatic action, in its body or in a compressed stream.

    Such a file is handed out as a download, never shown inline in the browser's PDF viewer.
    Names written with ``#xx`` escapes (``/J#53``) count too; a file whose streams inflate beyond
    ``PDF_MAX_INFLATED_BYTES`` counts as active.
    """
    if _names(data) & PDF_ACTIVE_NAMES:
        return True
    budget = PDF_MAX_INFLATED_BYTES
    for match in PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue  # not a Flate stream (an image, plain text): its bytes were scanned above
        budget -= len(inflated)
        if budget < 0:
            return True
        if _names(inflated) & PDF_ACTIVE_NAMES:
            return True
    return False
