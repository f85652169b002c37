import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings

from partydev.common.uploads import ALLOWED_KINDS, sniff_kind, validate_upload

# Messages are asserted in their English source form.
pytestmark = pytest.mark.usefixtures("english")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>"


def make_zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_docx() -> bytes:
    """A minimal but real WordprocessingML package."""
    return make_zip(
        {
            "[Content_Types].xml": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'<Default Extension="xml" ContentType="application/xml"/>'
                b'<Override PartName="/word/document.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ),
            "_rels/.rels": (
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
            ),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>入党申请书</w:t></w:r></w:p></w:body></w:document>"
            ).encode(),
        }
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.pdf", PDF, "pdf"), ("a.jpg", JPEG, "jpg"), ("a.png", PNG, "png"), ("a.docx", make_docx(), "docx")],
)
def test_accepted_kinds(name, content, kind):
    assert validate_upload(upload(name, content)) == kind
    assert kind in ALLOWED_KINDS


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.txt", PDF, "pdf"),
        ("photo", JPEG, "jpg"),
        ("x.exe", PNG, "png"),
        ("doc.zip", make_docx(), "docx"),
    ],
)
def test_kind_comes_from_content_not_name(name, content, kind):
    assert validate_upload(upload(name, content)) == kind


def test_sniff_rewinds_the_file():
    for content in (PDF, make_docx(), HTML):
        file = upload("x", content)
        file.read(3)
        sniff_kind(file)
        assert file.tell() == 0
        assert file.read() == content


def test_html_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("申请书.pdf", HTML, content_type="application/pdf"))
    assert info.value.code == "file_type"
    assert info.value.messages == ["Only PDF, JPG, PNG or DOCX files are accepted."]


def test_pdf_magic_not_at_the_start_is_refused():
    assert sniff_kind(io.BytesIO(b" " + PDF)) is None


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 executable",
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8",  # truncated JPEG magic
        b"PK\x03\x04 not really a zip",
        b"%PD",
    ],
)
def test_other_content_is_refused(content):
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("file.pdf", content))
    assert info.value.code == "file_type"


def test_zip_that_is_not_a_docx_is_refused():
    xlsx_like = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert sniff_kind(io.BytesIO(xlsx_like)) is None
    with pytest.raises(ValidationError):
        validate_upload(upload("report.docx", xlsx_like))


def test_zip_with_too_many_members_is_refused():
    members = {f"word/media/{i}.xml": b"" for i in range(1001)}
    members["word/document.xml"] = b"<w:document/>"
    assert sniff_kind(io.BytesIO(make_zip(members, zipfile.ZIP_STORED))) is None
    exactly_1000 = {f"m/{i}": b"" for i in range(999)} | {"word/document.xml": b"<w:document/>"}
    assert sniff_kind(io.BytesIO(make_zip(exactly_1000, zipfile.ZIP_STORED))) == "docx"


def test_zip_bomb_is_refused():
    # ~101 MB of zeros compresses to ~100 KB; only the header sizes are read, nothing is inflated.
    bomb = make_zip({"word/document.xml": b"<w:document/>", "word/pad.bin": b"\0" * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert sniff_kind(io.BytesIO(bomb)) is None


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("empty.pdf", b""))
    assert info.value.code == "empty"


def test_oversize_file_is_refused_with_the_limit_in_mb():
    with override_settings(ATTACHMENT_MAX_BYTES=1024 * 1024):
        assert validate_upload(upload("ok.pdf", PDF + b"\0" * (1024 * 1024 - len(PDF)))) == "pdf"
        with pytest.raises(ValidationError) as info:
            validate_upload(upload("big.pdf", PDF + b"\0" * (1024 * 1024 - len(PDF) + 1)))
    assert info.value.code == "too_large"
    assert "1 MB" in info.value.messages[0]


def test_default_limit_message_says_10_mb():
    with pytest.raises(ValidationError) as info:
        validate_upload(upload("big.pdf", PDF + b"\0" * (10 * 1024 * 1024)))
    assert "10 MB" in info.value.messages[0]


def test_works_with_a_temporary_upload_file():
    file = TemporaryUploadedFile("a.docx", "application/octet-stream", 0, None)
    try:
        file.write(make_docx())
        file.size = file.tell()
        assert validate_upload(file) == "docx"
    finally:
        file.close()


def test_works_with_a_plain_file_object_without_size():
    assert validate_upload(io.BytesIO(PNG)) == "png"
