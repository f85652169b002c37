"""pc:dossier_pdf — the printable 全程纪实 (WeasyPrint)."""

import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.common.masking import mask_id_number, mask_phone

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed: scripts/install-test-deps.sh adds it")


def url(case):
    return reverse("pc:dossier_pdf", args=[case.public_id])


def download(client, user, case):
    client.force_login(user)
    return client.get(url(case))


def text_of(pdf: bytes) -> str:
    result = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


@pytest.fixture(scope="module")
def full_pdf(_module_world, django_db_blocker):
    """The full member's dossier, rendered once for the module (WeasyPrint takes a few seconds)."""
    from django.test import Client

    client = Client()
    with django_db_blocker.unblock():
        response = download(client, _module_world.branch_admin, _module_world.full)
    assert response.status_code == 200
    return response


def test_is_a_pdf_download_named_after_the_person(full_pdf, world):
    assert full_pdf["Content-Type"] == "application/pdf"
    assert full_pdf.content.startswith(b"%PDF")
    disposition = full_pdf["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote(world.full.name) in disposition and "filename*=utf-8''" in disposition


@needs_pdftotext
def test_contains_the_person_and_only_masked_personal_numbers(full_pdf, world):
    text = text_of(full_pdf.content)
    assert world.full.name in text
    assert mask_id_number(world.full.id_number) in text
    assert mask_phone(world.full.phone) in text
    assert world.full.id_number not in text
    assert world.full.phone not in text


@needs_pdftotext
def test_contains_the_records_of_every_stage(full_pdf):
    text = text_of(full_pdf.content)
    for expected in ("政治审查合格，无不良记录。",  # the political review's conclusion (admins only)
                     "预审合格，同意发放入党志愿书。",  # the committee's pre-review opinion
                     "ZY-2023-0001",  # 入党志愿书 serial number
                     "PX-2023-07",  # training certificate
                     "党委组织部",  # archive received by
                     "review.png"):  # attachment names
        assert expected in text, expected


@needs_pdftotext
def test_shows_the_steps_in_chinese(world, client):
    text = text_of(download(client, world.branch_admin, world.full).content)
    for step in ("递交入党申请书", "进行政治审查", "支部大会讨论", "入党宣誓", "材料归档"):
        assert step in text, step
    assert "2014年细则第七条" in text
    pages = re.findall(r"(\d+)\s*/\s*(\d+)\s*\f", text)  # "n / total" at the foot of every page
    assert pages and pages[-1][0] == pages[-1][1] and len(pages) == int(pages[-1][1])


def test_every_download_is_audited(world, client):
    before = AuditEvent.objects.filter(action="dossier.download").count()
    download(client, world.committee_admin, world.few)
    download(client, world.committee_admin, world.few)
    events = AuditEvent.objects.filter(action="dossier.download").order_by("id")
    assert events.count() == before + 2
    last = events.last()
    assert last.case == world.few and last.actor == world.committee_admin and last.org_path == world.few.org_path


@pytest.mark.parametrize("who", ["sibling_admin", "other_admin", "auditor"])
def test_outside_scope_or_wrong_role_is_404_and_not_audited(world, client, who):
    assert download(client, getattr(world, who), world.full).status_code == 404
    assert not AuditEvent.objects.filter(action="dossier.download", actor=getattr(world, who)).exists()


def test_anonymous_is_sent_to_login(world, client):
    assert client.get(url(world.full)).status_code == 302


def test_post_is_405(world, client):
    client.force_login(world.branch_admin)
    assert client.post(url(world.full)).status_code == 405
