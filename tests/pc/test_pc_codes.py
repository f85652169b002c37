"""新发展人员注册二维码: create, detail (image, link, time left, notice), qr.png, revoke."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.registration.models import RegistrationCode
from tests.factories import db_state

pytestmark = pytest.mark.usefixtures("english")


def test_create_code_redirects_to_its_page_and_is_audited(world, login):
    client = login(world.branch_admin)
    before = timezone.now()
    response = client.post(reverse("pc:code_list"),
                           {"branch": world.branch.pk, "title": "秋季注册", "valid_minutes": 45})
    code = RegistrationCode.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("pc:code_detail", args=[code.pk])
    assert (code.branch, code.title, code.valid_minutes, code.created_by) == (
        world.branch, "秋季注册", 45, world.branch_admin)
    assert timedelta(minutes=45) <= code.expires_at - before < timedelta(minutes=46)
    assert AuditEvent.objects.filter(action="registration_code.create", object_id=str(code.pk),
                                     actor=world.branch_admin).count() == 1


def test_code_defaults_to_30_minutes(world, login):
    client = login(world.branch_admin)
    response = client.get(reverse("pc:code_list"))
    assert response.context["form"]["valid_minutes"].value() == 30


@pytest.mark.parametrize("minutes", ["1", "0", "abc", ""])
def test_create_code_with_bad_validity_writes_nothing(world, login, minutes):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:code_list"), {"branch": world.branch.pk, "valid_minutes": minutes})
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["valid_minutes"]
    assert db_state() == before


def test_code_list_shows_only_own_branch_codes(world, login):
    client = login(world.branch_admin)
    page = client.get(reverse("pc:code_list")).context["page"]
    assert {c.pk for c in page} == {world.code.pk}


def test_code_detail_shows_link_qr_time_left_and_notice(world, login):
    client = login(world.branch_admin)
    response = client.get(reverse("pc:code_detail", args=[world.code.pk]))
    html = response.content.decode()
    register_url = "http://testserver" + reverse("mobile:register", args=[world.code.token])
    assert response.context["url"] == register_url
    assert register_url in html
    assert "<svg" in html
    assert "Time left" in html and 'data-countdown="' in html
    notice = response.context["notice"]
    # The notice was kept on the code when it was created (in the language of that request).
    assert world.branch.name in notice and "30" in notice and notice == world.code.notice
    assert reverse("pc:code_revoke", args=[world.code.pk]) in html


def test_code_detail_uses_public_base_url(world, login, settings):
    settings.PUBLIC_BASE_URL = "https://dangjian.example.cn/"
    client = login(world.branch_admin)
    response = client.get(reverse("pc:code_detail", args=[world.code.pk]))
    assert response.context["url"] == "https://dangjian.example.cn" + reverse(
        "mobile:register", args=[world.code.token])


def test_qr_png_is_a_png_image(world, login):
    client = login(world.branch_admin)
    response = client.get(reverse("pc:code_qr_png", args=[world.code.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_revoke_closes_the_code_once(world, login):
    client = login(world.branch_admin)
    url = reverse("pc:code_revoke", args=[world.code.pk])
    response = client.post(url, follow=True)
    world.code.refresh_from_db()
    assert world.code.revoked_at is not None
    assert "has been revoked" in response.content.decode()
    assert not world.code.is_usable()
    events = AuditEvent.objects.filter(action="registration_code.revoke", object_id=str(world.code.pk))
    assert events.count() == 1

    revoked_at = world.code.revoked_at
    response = client.post(url, follow=True)
    world.code.refresh_from_db()
    assert world.code.revoked_at == revoked_at
    assert "already revoked" in response.content.decode()
    assert events.count() == 1


def test_revoke_needs_post(world, login):
    client = login(world.branch_admin)
    assert client.get(reverse("pc:code_revoke", args=[world.code.pk])).status_code == 405
    world.code.refresh_from_db()
    assert world.code.revoked_at is None


@pytest.mark.parametrize("name", ["pc:code_detail", "pc:code_qr_png"])
def test_sibling_branch_admin_gets_404(world, login, name):
    client = login(world.sibling_admin)
    assert client.get(reverse(name, args=[world.code.pk])).status_code == 404


def test_sibling_branch_admin_cannot_revoke(world, login):
    client = login(world.sibling_admin)
    assert client.post(reverse("pc:code_revoke", args=[world.code.pk])).status_code == 404
    world.code.refresh_from_db()
    assert world.code.revoked_at is None
