"""Attachments (ASVS 5.2.1, 5.2.2, 5.3.2, 5.4.x; security-and-scale.md §3.3): the type comes from the
content, the size is limited, files are stored under random names inside MEDIA_ROOT, and only people
who may see the case can download them."""

import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydev.cases.models import Attachment, Case, Talk
from partydev.orgs.models import Member


def png_bytes() -> bytes:
    """A real 1×1 PNG (no Pillow needed)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


POLYGLOT = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>%PDF-1.4</body></html>"


@pytest.fixture
def demo(demo_world, settings, tmp_path):
    """The demo world of partydev/demo/, built through the real services (once per session)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def case(demo) -> Case:
    return Case.objects.get(name="李沐阳")  # 第一党支部, letter approved, no talk yet


def files_under(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def post_talk(client, case, upload):
    member = Member.objects.filter(branch=case.branch).first()
    return client.post(reverse("pc:record_new", args=[case.public_id, "talks"]), {
        "talk_date": case.applicationletters.get().received_date.isoformat(), "talkers": [member.pk],
        "place": "党员活动室", "content": "谈话内容", "attachments": [upload]})


def attachment_errors(response) -> set[str]:
    return {e.code for e in response.context["form"].errors.as_data().get("attachments", [])}


def test_html_named_pdf_is_refused_and_nothing_is_written(client, demo, case, settings):
    client.force_login(demo["branch1"])
    response = post_talk(client, case, SimpleUploadedFile("scan.pdf", POLYGLOT, "application/pdf"))
    assert response.status_code == 400
    assert "file_type" in attachment_errors(response)
    assert not Talk.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_oversize_file_is_refused(client, demo, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 40
    client.force_login(demo["branch1"])
    data = png_bytes()
    assert len(data) > 40
    response = post_talk(client, case, SimpleUploadedFile("scan.png", data, "image/png"))
    assert response.status_code == 400
    assert "too_large" in attachment_errors(response)
    assert not Talk.objects.filter(case=case).exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_real_png_is_stored_under_a_random_name_with_its_hash(client, demo, case, settings):
    client.force_login(demo["branch1"])
    data = png_bytes()
    response = post_talk(client, case, SimpleUploadedFile("李沐阳谈话记录.png", data, "text/html"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert (attachment.kind, attachment.original_name, attachment.size) == ("png", "李沐阳谈话记录.png", len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    [stored] = files_under(settings.MEDIA_ROOT)
    assert stored.read_bytes() == data
    assert stored.name == attachment.stored_name
    assert "李沐阳" not in str(stored) and not stored.suffix  # nothing of the original name
    assert stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_path_in_the_uploaded_name_is_dropped(client, demo, case, settings):
    client.force_login(demo["branch1"])
    response = post_talk(client, case, SimpleUploadedFile("../../../etc/cron.d/x.png", png_bytes(), "image/png"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert "/" not in attachment.original_name and ".." not in attachment.original_name
    [stored] = files_under(settings.MEDIA_ROOT)
    assert stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.fixture
def stored_png(client, demo, case):
    client.force_login(demo["branch1"])
    assert post_talk(client, case, SimpleUploadedFile("scan.png", png_bytes(), "image/png")).status_code == 302
    client.logout()
    return Attachment.objects.get(case=case)


@pytest.mark.parametrize("username, status", [
    ("branch1", 200), ("committee", 200), ("branch2", 404), ("other", 404), ("auditor", 404),
    ("applicant1", 404),
])
def test_download_only_within_scope(client, demo, stored_png, username, status):
    client.force_login(demo[username])
    response = client.get(reverse("pc:attachment", args=[stored_png.public_id]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_anonymous_download_is_404(client, stored_png):
    assert client.get(reverse("pc:attachment", args=[stored_png.public_id])).status_code == 404
