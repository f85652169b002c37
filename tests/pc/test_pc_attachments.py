"""Attachments are served only through the access-checked view, with nosniff, and every
download is audited; outside scope the file does not exist (404)."""

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.attachments import attachment_path
from tests.factories import PDF_BYTES, PNG_BYTES, attach, pdf


def downloads(world):
    return AuditEvent.objects.filter(action="attachment.download", object_id=str(world.attachment.pk))


@pytest.mark.parametrize("who", ["branch_admin", "committee_admin"])
def test_in_scope_download(world, login, who):
    client = login(getattr(world, who))
    response = client.get(reverse("pc:attachment", args=[world.attachment.public_id]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_BYTES
    event = downloads(world).get()
    assert (event.actor, event.case_id) == (getattr(world, who), world.case.pk)


# The applicant itself: a talk record's file is the branch's, not the applicant's.
@pytest.mark.parametrize("who", ["sibling_admin", "other_committee_admin", "other_branch_admin", "auditor",
                                 "stranger", "applicant", None])
@pytest.mark.parametrize("name", ["pc:attachment", "mobile:attachment"])
def test_out_of_scope_download_is_404_and_not_audited(world, login, who, name):
    client = login(getattr(world, who) if who else None)
    assert client.get(reverse(name, args=[world.attachment.public_id])).status_code == 404
    assert not downloads(world).exists()


def test_the_applicant_cannot_download_the_branch_s_talk_record_file(world, login):
    """The applicant sees its own letters and reports, never files of records about it."""
    client = login(world.applicant)
    for name in ("pc:attachment", "mobile:attachment"):
        assert client.get(reverse(name, args=[world.attachment.public_id])).status_code == 404
    assert not downloads(world).exists()


@pytest.mark.parametrize("name", ["mobile:attachment", "pc:attachment"])
def test_applicant_downloads_the_files_of_its_own_letter(world, login, name):
    attachment = attach(world.letter, world.applicant, pdf("扫描件.pdf"))
    response = login(world.applicant).get(reverse(name, args=[attachment.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert login(world.stranger).get(reverse(name, args=[attachment.public_id])).status_code == 404


def test_file_missing_on_disk_is_404(world, login):
    attachment_path(world.attachment).unlink()
    client = login(world.branch_admin)
    assert client.get(reverse("pc:attachment", args=[world.attachment.public_id])).status_code == 404


def test_original_name_is_given_but_never_used_to_store(world):
    assert world.attachment.original_name == "talk.png"
    assert "talk" not in world.attachment.stored_name
    assert attachment_path(world.attachment).read_bytes() == PNG_BYTES
    assert len(world.attachment.sha256) == 64
