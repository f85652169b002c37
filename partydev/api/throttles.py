"""Rate limits of the API, per user and per client address (the address the lockout and the audit log
use: partydev.common.client_ip, which believes X-Forwarded-For only from TRUSTED_PROXIES). Rates come
from settings.API_THROTTLE_RATES, read per request so a test or an operator can change them."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from partydev.common.client_ip import client_ip


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class UserThrottle(_Throttle):
    """Per authenticated user, whatever the address."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressThrottle(_Throttle):
    """Per client address, signed in or not."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request) or "unknown"}


class LoginThrottle(AddressThrottle):
    """Token requests and registrations, per address (on top of axes' lockout per account)."""

    scope = "login"
