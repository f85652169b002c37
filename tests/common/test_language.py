"""The 中文 / English switch (issue 11): LANGUAGE_CODE for a new visitor whatever the browser asks,
the choice kept in a cookie, and for a signed-in user kept for the next login."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from partydev.common.models import LanguagePreference

LOGIN = reverse("login")


def switch(client, language, next_url="/accounts/login/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_a_new_visitor_gets_the_default_whatever_the_browser_asks(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(LOGIN)
    assert page["Content-Language"] == "zh-hans"
    assert "登录" in page.content.decode()
    settings.LANGUAGE_CODE = "en"
    assert Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get(LOGIN)["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_switch_is_on_the_login_page_and_remembered_in_a_cookie(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client = Client()
    html = client.get(LOGIN).content.decode()
    assert 'name="language" value="en"' in html and reverse("set_language") in html
    response = switch(client, "en")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert response.cookies["django_language"].value == "en"
    assert client.get(LOGIN)["Content-Language"] == "en"
    assert not LanguagePreference.objects.exists()  # nobody signed in: nothing stored


def test_a_signed_in_users_choice_is_kept_for_the_next_login(world, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user = world.branch_admin
    first = Client()
    first.force_login(user)
    assert 'name="language"' in first.get(reverse("pc:home")).content.decode()  # in the header
    switch(first, "en", reverse("pc:home"))
    assert LanguagePreference.objects.get(user=user).language == "en"
    # Another browser, no cookie: the login restores the choice.
    other = Client()
    user.set_password("Another@2026pw")
    user.save()
    other.post(LOGIN, {"username": user.username, "password": "Another@2026pw"})
    assert other.get(reverse("pc:home"))["Content-Language"] == "en"
    assert Client().get(LOGIN)["Content-Language"] == "zh-hans"  # a stranger still gets the default


def test_the_phone_pages_have_the_switch(world, settings):
    client = Client()
    client.force_login(world.applicant)
    assert 'name="language" value="en"' in client.get(reverse("mobile:home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "", "zh-hans'><script>"])
def test_an_unknown_language_is_refused_and_nothing_changes(language):
    client = Client()
    response = client.post(reverse("set_language"), {"language": language})
    assert response.status_code == 400
    assert "django_language" not in response.cookies
    assert not LanguagePreference.objects.exists()


@pytest.mark.django_db
def test_the_switch_never_redirects_to_another_site():
    response = switch(Client(), "en", "https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_switch_is_post_only():
    assert Client().get(reverse("set_language"), {"language": "en"}).status_code == 405


def test_a_users_preference_is_deleted_with_the_user(world):
    LanguagePreference.objects.create(user=world.auditor, language="en")
    get_user_model().objects.filter(pk=world.auditor.pk).delete()
    assert not LanguagePreference.objects.exists()


def test_djangos_new_password_length_message_reads_chinese():
    """Django 5.2 changed MinimumLengthValidator's text and its own zh_Hans catalogue lags behind:
    our catalogue carries it, so no password form shows that sentence in English."""
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.utils import translation

    with translation.override("zh-hans"):
        assert MinimumLengthValidator(12).get_error_message() == "密码太短，至少需要12个字符。"
