"""Response headers on pages with personal data, and CSRF on every mutation (ASVS 14.3.2, 3.5; 等保
剩余信息保护)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from partydev.cases.models import ApplicationLetter, Case, Filing
from partydev.process.enums import FilingStatus, LetterStatus
from partydev.registration.models import RegistrationCode


@pytest.fixture
def demo(demo_world):
    """The demo world of partydev/demo/, built through the real services (once per session)."""
    return {u.username: u for u in get_user_model().objects.all()}


def case_named(name) -> Case:
    return Case.objects.get(name=name)


def test_case_detail_is_not_stored_and_cannot_be_framed(client, demo):
    client.force_login(demo["branch1"])
    response = client.get(reverse("pc:case_detail", args=[case_named("陈思远").public_id]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url_name", ["login", "mobile:home"])
def test_other_pages_are_not_stored_either(client, demo, url_name):
    client.force_login(demo["applicant1"])
    response = client.get(reverse(url_name), follow=True)
    assert response["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(settings):
    # WhiteNoise answers before NoStoreMiddleware; finders stand in for collectstatic here.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get(f"{settings.STATIC_URL}css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["X-Content-Type-Options"] == "nosniff"


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_post_without_csrf_token_is_refused_code_create(demo):
    before = RegistrationCode.objects.count()
    response = csrf_client(demo["branch1"]).post(reverse("pc:code_list"), {
        "branch": case_named("陈思远").branch_id, "title": "x", "valid_minutes": 30})
    assert response.status_code == 403
    assert RegistrationCode.objects.count() == before


def test_post_without_csrf_token_is_refused_letter_approve(demo):
    letter = ApplicationLetter.objects.get(case__name="陈思远")
    response = csrf_client(demo["branch1"]).post(
        reverse("pc:letter_approve", args=[letter.case.public_id, letter.pk]))
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SUBMITTED


def test_post_without_csrf_token_is_refused_filing_accept(demo):
    filing = Filing.objects.get(status=FilingStatus.PENDING)
    response = csrf_client(demo["committee"]).post(reverse("pc:filing_accept", args=[filing.pk]),
                                                   {"effective_date": "2026-01-05"})
    assert response.status_code == 403
    filing.refresh_from_db()
    assert filing.status == FilingStatus.PENDING


def test_post_without_csrf_token_is_refused_logout(demo):
    client = csrf_client(demo["branch1"])
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("pc:home")).status_code == 200  # still logged in


def test_post_with_csrf_token_is_accepted(demo):
    # The refusals above come from the missing token, not from something else in the request.
    client = csrf_client(demo["branch1"])
    client.get(reverse("pc:code_list"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("pc:code_list"), {
        "branch": case_named("陈思远").branch_id, "title": "x", "valid_minutes": 30,
        "csrfmiddlewaretoken": token})
    assert response.status_code == 302
