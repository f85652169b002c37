"""Project middleware: response headers and session upkeep."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _


class NoStoreMiddleware:
    """Pages may carry personal data: no browser or proxy keeps a copy (ASVS 14.3.2).
    Static files are served before this by WhiteNoise and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        return response


class SessionTouchMiddleware:
    """The 30-minute idle timeout without a session write on every page view (docs/performance.md
    M10).

    With SESSION_SAVE_EVERY_REQUEST each request rewrote the session row, and on SQLite took the
    database write lock. Instead the session keeps the time it was last extended; once that is
    SESSION_TOUCH_SECONDS old, the next request updates it, which marks the session modified, and
    SessionMiddleware saves it and moves the expiry (and cookie) 30 minutes forward. Requests in
    between write nothing, so the idle timeout is between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS
    and SESSION_COOKIE_AGE (29–30 minutes): never longer than 等保's 30 minutes.

    Listed after SessionMiddleware, so this runs on the response before the session is saved; it
    works after the view, when a login or logout has already replaced or emptied the session."""

    LAST_SEEN = "_partydev_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None:
            self.touch(session)
        return response

    def touch(self, session):
        last_seen = session.get(self.LAST_SEEN)
        # An empty session (anonymous visitor, expired or logged out) is never created or revived.
        if session.is_empty():
            return
        now = int(time.time())
        # A missing or non-integer value, or one from the future (the clock was set back), counts as old.
        if isinstance(last_seen, int) and 0 <= now - last_seen < settings.SESSION_TOUCH_SECONDS:
            return
        session[self.LAST_SEEN] = now


class SessionLifetimeMiddleware:
    """The absolute session lifetime (ASVS 7.3.2), besides the idle timeout: a session that logged
    in more than SESSION_ABSOLUTE_SECONDS (12 hours) ago is logged out on its next request, however
    active it has been. The login time is stamped by `seen_at_login`; a logged-in session without a
    valid stamp (one from before this check existed) or with one from the future (the clock was set
    back) counts as too old: it fails closed.

    Listed after AuthenticationMiddleware. It reads only the session, never the user row; the
    logout is audited as ``auth.session_expired`` (partydev/audit/auth_events.py reads
    ``request.session_lifetime_ended``), and the login page says why."""

    LOGGED_IN_AT = "_partydev_logged_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session and self.too_old(session):
            request.session_lifetime_ended = True
            logout(request)
            messages.info(request, _("You were logged out: a session lasts at most %(hours)s hours. "
                                     "Please log in again.") % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600})
        return self.get_response(request)

    def too_old(self, session) -> bool:
        logged_in_at = session.get(self.LOGGED_IN_AT)
        if not isinstance(logged_in_at, int):
            return True
        return not 0 <= int(time.time()) - logged_in_at < settings.SESSION_ABSOLUTE_SECONDS


def seen_at_login(sender, request, user, **kwargs):
    """A login saves the session anyway: stamp it, so the first page after a login writes nothing,
    and keep the login time for the absolute lifetime (SessionLifetimeMiddleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SessionTouchMiddleware.LAST_SEEN] = now
        session[SessionLifetimeMiddleware.LOGGED_IN_AT] = now


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (camera, microphone, location, payment…), so a
    page that an attacker managed to inject into could not ask for them either. The features and
    their allow-lists are settings.PERMISSIONS_POLICY ({"camera": [], "clipboard-write": ["self"]}):
    an empty list is ``()``, nobody; "self" is this origin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(_allow(origin) for origin in allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response


def _allow(origin: str) -> str:
    return origin if origin in {"self", "*"} else f'"{origin}"'
