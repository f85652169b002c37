"""Finding 11 of issue 10: an upload keeps a name whose extension follows the type detected from its
content (poly.html holding a PDF is kept and served as poly.pdf), and a PDF with JavaScript or an
automatic action is served as a download, never inline (partydev/common/uploads.py,
partydev/cases/attachments.py, partydev/pc/views/attachments.py)."""

import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydev.cases.models import Attachment, Case
from partydev.common.uploads import name_for_kind, pdf_has_active_content
from tests.security.test_upload_safety import png_bytes, post_talk

POLYGLOT_PDF = b"%PDF-1.4\n<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PLAIN_PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF"


def pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.4\n" + body + b"\ntrailer <</Root 1 0 R>>\n%%EOF"


def object_stream(body: bytes) -> bytes:
    return pdf_with(b"5 0 obj <</Type /ObjStm /Filter /FlateDecode>>\nstream\n" + zlib.compress(body)
                    + b"\nendstream endobj")


ACTIVE_PDFS = {
    "open action": pdf_with(b"1 0 obj <</Type /Catalog /OpenAction 3 0 R>> endobj"),
    "javascript": pdf_with(b"3 0 obj <</S /JavaScript /JS (app.alert(1))>> endobj"),
    "js only": pdf_with(b"3 0 obj <</JS 4 0 R>> endobj"),
    "page additional action": pdf_with(b"2 0 obj <</Type /Page /AA <</O 3 0 R>> >> endobj"),
    "escaped name": pdf_with(b"1 0 obj <</Type /Catalog /Open#41ction 3 0 R>> endobj"),
    "inside an object stream": object_stream(b"<</S /JavaScript /JS (app.alert(1))>>"),
}


@pytest.fixture
def demo(demo_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def case(demo) -> Case:
    return Case.objects.get(name="李沐阳")


def upload(client, demo, case, name, data) -> Attachment:
    client.force_login(demo["branch1"])
    response = post_talk(client, case, SimpleUploadedFile(name, data, "text/html"))
    assert response.status_code == 302
    return Attachment.objects.get(case=case)


def download(client, attachment):
    response = client.get(reverse("pc:attachment", args=[attachment.public_id]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("name, kind, expected", [
    ("poly.html", "pdf", "poly.pdf"),
    ("scan.PDF", "pdf", "scan.PDF"),
    ("photo.jpeg", "jpg", "photo.jpeg"),
    ("photo.png", "jpg", "photo.jpg"),
    ("申请书", "docx", "申请书.docx"),
    ("../../etc/x.svg", "png", "x.png"),
    ("C:\\Users\\a\\b.exe", "pdf", "b.pdf"),
    ("", "pdf", "pdf.pdf"),
    ("a" * 300 + ".html", "pdf", "a" * 196 + ".pdf"),
])
def test_name_for_kind(name, kind, expected):
    assert name_for_kind(name, kind) == expected


def test_html_named_pdf_is_stored_and_served_as_pdf(client, demo, case):
    attachment = upload(client, demo, case, "poly.html", POLYGLOT_PDF)
    assert (attachment.kind, attachment.original_name) == ("pdf", "poly.pdf")
    response = download(client, attachment)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="poly.pdf"' in response["Content-Disposition"]
    assert ".html" not in response["Content-Disposition"]


def test_an_old_row_with_a_wrong_extension_is_served_with_the_right_one(client, demo, case):
    attachment = upload(client, demo, case, "scan.png", png_bytes())
    Attachment.objects.filter(pk=attachment.pk).update(original_name="page.html")  # stored before the fix
    response = download(client, attachment)
    assert response["Content-Type"] == "image/png"
    assert 'filename="page.png"' in response["Content-Disposition"]


def test_a_plain_pdf_is_shown_inline(client, demo, case):
    response = download(client, upload(client, demo, case, "申请书.pdf", PLAIN_PDF))
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("data", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_with_script_or_automatic_action_is_a_download(client, demo, case, data):
    response = download(client, upload(client, demo, case, "scan.pdf", data))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == data


@pytest.mark.parametrize("data", [PLAIN_PDF, pdf_with(b"<</JSON 1 /AAA 2 /Title (JavaScript)>>"),
                                  object_stream(b"<</Type /Page>>")])
def test_harmless_pdfs_are_not_flagged(data):
    assert not pdf_has_active_content(data)


def test_a_stream_that_inflates_too_far_counts_as_active(settings, monkeypatch):
    monkeypatch.setattr("partydev.common.uploads.PDF_MAX_INFLATED_BYTES", 1000)
    assert pdf_has_active_content(object_stream(b"0" * 5000))
