"""Journey (b): an expired registration QR code lets nobody register."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from partydev.cases.models import Case
from partydev.registration.models import RegistrationCode
from partydev.registration.services import code_create
from tests.e2e.helpers import contains, expect_chinese

pytestmark = pytest.mark.e2e


def test_expired_code_shows_message_and_no_form(journey, demo):
    code = code_create(branch=demo["orgs"]["第一党支部"], actor=demo["users"]["branch1"], title="九月注册")
    # Setup: the 30 minutes have passed.
    RegistrationCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    users_before = get_user_model().objects.count()

    phone = journey.phone_page()
    response = phone.goto(journey.url(reverse("mobile:register", args=[code.token])))
    assert response.status == 410
    expect(phone.locator("main h1")).to_have_text(contains("已过期", "has expired"))
    expect(phone.locator("form input[name=id_number]")).to_have_count(0)
    expect(phone.locator("main").get_by_role("button")).to_have_count(0)  # (the header has the 中文/English switch)
    expect_chinese(phone)
    journey.shot(phone, "register-expired")
    assert not Case.objects.exists()
    assert get_user_model().objects.count() == users_before

    # The branch sees the code as expired, without the QR image.
    admin = journey.pc_page("branch1")
    admin.goto(journey.url(reverse("pc:code_detail", args=[code.pk])))
    expect(admin.locator("#qr")).to_have_count(0)
    expect(admin.locator("main")).to_contain_text(contains("已过期", "has expired"))
    journey.shot(admin, "code-detail-expired")
