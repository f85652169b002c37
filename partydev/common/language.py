"""The 中文 / English switch. A new visitor gets LANGUAGE_CODE whatever the browser asks (the users of
a Party branch system read Chinese, and a browser set to English must not turn the site English);
a visitor who switched keeps the choice in a cookie, and a user who switched keeps it for the next
login (LanguagePreference, copied into the session at login so requests need no query)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import LanguagePreference

SESSION_KEY = "language"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    """The session's choice, else the cookie's, else the site's default."""
    session = getattr(request, "session", None)
    for choice in ((session or {}).get(SESSION_KEY), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        if choice in LANGUAGES:
            return choice
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Instead of Django's LocaleMiddleware, which would follow the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def language_set(*, user, language: str) -> None:
    """Remember a signed-in user's choice (the only write of a preference)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if user.is_authenticated:
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


@receiver(user_logged_in)
def _restore_language(sender, request, user, **kwargs):
    preference = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    if preference and request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = preference


@require_POST
def set_language(request):
    """POST language=zh-hans|en (and next): switch, remember, go back."""
    language = request.POST.get("language", "")
    if language not in LANGUAGES:
        return HttpResponseBadRequest()
    language_set(user=request.user, language=language)
    request.session[SESSION_KEY] = language
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
                        samesite="Lax", secure=request.is_secure(), httponly=True)
    return response
