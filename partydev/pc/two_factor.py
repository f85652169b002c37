"""Two-factor login (TOTP, django-otp) for administrators (等保 2.0 身份鉴别 d; ASVS 6.3.2; issue 10).

Who: every user holding a role grant (branch, committee or security administrator, auditor) and
every Django-admin user (staff). Applicants on the phone site are not administrators and never see it.

- The second factor is a TOTP device (django-otp's TOTP logic in partydev/accounts/models.py
  `EncryptedTOTPDevice`, whose key is encrypted at rest); ten recovery codes live in a
  static device (django_otp.plugins.otp_static). django-otp keeps static tokens as typed, so only a
  keyed hash of each code is stored (`recovery_hash`): the codes are shown once, when made.
- The password step does not log in an administrator who has a device: it leaves a pending login in
  the session (`begin_pending`), and the code page (`partydev/pc/views/two_factor.py`) logs in only
  with a right code. A wrong code is a failed login for django-axes (same lockout, both tiers) and
  an audit event `auth.2fa_failed`.
- REQUIRE_2FA (settings; on in production): an administrator without a device reaches nothing but
  the enrolment page and logout until enrolled (`TwoFactorMiddleware`).
"""

import re
import secrets
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from partydev.accounts.models import EncryptedTOTPDevice as TOTPDevice
from partydev.audit.auth_events import home_path
from partydev.audit.services import audit_record
from partydev.orgs.selectors import is_pc_user

ENROLLED = "auth.2fa_enrolled"
DISABLED = "auth.2fa_disabled"
RECOVERY_REGENERATED = "auth.2fa_recovery_regenerated"
RECOVERY_USED = "auth.2fa_recovery_used"
FAILED = "auth.2fa_failed"
RESET = "auth.2fa_reset"

RECOVERY_CODES = 10
RECOVERY_LENGTH = 10  # characters of base32: 50 random bits each
# A pending login (password right, code not yet entered) lasts this long.
PENDING_SECONDS = 5 * 60
PENDING_KEY = "_partydev_2fa_pending"
ENROL_KEY = "_partydev_2fa_enrol_key"
DEVICE_NAME = "authenticator"


def is_administrator(user) -> bool:
    """Holders of a role grant and Django-admin users; never an applicant."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or is_pc_user(user)))


def totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    return is_administrator(user) and has_two_factor(user)


# --- codes ----------------------------------------------------------------------------------------

def normalise(code: str) -> str:
    """What people type: spaces, dashes, capitals ("ABCDE-FGHIJ", "123 456")."""
    return re.sub(r"[\s-]", "", str(code or "")).lower()


def recovery_hash(code: str) -> str:
    """The stored form of a recovery code (StaticToken.token holds at most 16 characters): 64 bits
    of HMAC-SHA256 keyed with SECRET_KEY. The codes are random (50 bits), so a fast hash suffices;
    rotating SECRET_KEY invalidates them (docs/setup.md)."""
    return salted_hmac("partydev.two_factor.recovery", normalise(code), algorithm="sha256").hexdigest()[:16]


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODES new ones and return them (shown once)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    codes = ["".join(secrets.choice(alphabet) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True})
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_hash(c)) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_key() -> str:
    """A TOTP secret (20 random bytes, hex, as the device's key holds it, encrypted)."""
    return secrets.token_hex(20)


def enrolment_device(user, key: str) -> TOTPDevice:
    """An unsaved device for the enrolment page (its otpauth:// URI); saved only once confirmed."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def confirm_enrolment(user, key: str, code: str) -> TOTPDevice | None:
    """The first code from the authenticator app proves it holds `key`: then the device is saved."""
    code = normalise(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    device = enrolment_device(user, key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=device.tolerance):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.last_t = totp.t()  # the code just used cannot log in again
        device.save()
    audit_record(actor=user, action=ENROLLED, org_path=home_path(user))
    return device


class Throttled(Exception):
    """django-otp's throttle (a delay doubling after each wrong code) refused to check the code."""


def check_code(user, code: str):
    """The device that accepts `code` (a TOTP code or an unused recovery code, which is then used
    up), or None. Raises Throttled while django-otp's delay after a wrong code has not passed."""
    code = normalise(code)
    with transaction.atomic():
        if re.fullmatch(r"\d{6}", code):
            devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
            token = code
        elif re.fullmatch(rf"[a-z2-7]{{{RECOVERY_LENGTH}}}", code):
            devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
            token = recovery_hash(code)
        else:
            devices, token = [], ""
        allowed = [d for d in devices if d.verify_is_allowed()[0]]
        if devices and not allowed:
            raise Throttled
        for device in allowed:
            if device.verify_token(token):
                return device
        if not devices:
            # A malformed code, or a recovery code of someone without any: still count it against
            # the TOTP device's throttle, so the two kinds share one delay.
            for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
                device.throttle_increment()
    return None


def used_recovery_code(user, device) -> None:
    if isinstance(device, StaticDevice):
        audit_record(actor=user, action=RECOVERY_USED, org_path=home_path(user),
                     after={"recovery_codes_left": recovery_codes_left(user)})


def disable(user, *, by_self=True, actor_name="") -> None:
    """Remove every device of the user (the authenticator and the recovery codes): by the user
    (`auth.2fa_disabled`), or by a system administrator for someone who lost both (`auth.2fa_reset`,
    `manage.py two_factor_reset`)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=user if by_self else None, action=DISABLED if by_self else RESET,
                     actor_name=actor_name, org_path=home_path(user), before={"user": user.get_username()})


# --- the pending login ----------------------------------------------------------------------------

def begin_pending(request, user, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk, "backend": getattr(user, "backend", ""), "at": int(time.time()),
        "next": next_url, "hash": user.get_session_auth_hash()}


def pending_user(request):
    """The user whose password was right a moment ago, or None (nothing pending, expired, the
    account gone, deactivated or its password changed since)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, None
    if not 0 <= int(time.time()) - int(pending.get("at", 0)) < PENDING_SECONDS:
        drop_pending(request)
        return None, None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or not secrets.compare_digest(user.get_session_auth_hash(), str(pending.get("hash", ""))):
        drop_pending(request)
        return None, None
    user.backend = pending.get("backend") or settings.AUTHENTICATION_BACKENDS[-1]
    return user, pending


def drop_pending(request) -> None:
    request.session.pop(PENDING_KEY, None)


# --- enforcement ----------------------------------------------------------------------------------

# What an administrator who must enrol (REQUIRE_2FA) may still reach.
ENROLMENT_EXEMPT = ("two_factor", "logout", "set_language")


class TwoFactorMiddleware:
    """Listed after django_otp's OTPMiddleware. For an administrator:

    - with a device but a session not verified by it (logged in before the device existed, or by a
      way round the code page): log out, back to the login page;
    - without a device while REQUIRE_2FA is on: only the enrolment page and logout, everything else
      is sent to the enrolment page.

    Users with a verified session cost nothing extra (OTPMiddleware already loaded the device);
    administrators without one cost one query per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(user, "otp_device", None) is not None:
            return None
        if not is_administrator(user):
            return None
        if has_two_factor(user):
            logout(request)
            messages.info(request, _("Two-step verification is on for this account: please log in again "
                                     "and enter the code from your authenticator app."))
            return redirect_to_login(request.get_full_path())
        if settings.REQUIRE_2FA and request.path_info not in {reverse(n) for n in ENROLMENT_EXEMPT}:
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("two_factor")
                return response
            return redirect("two_factor")
        return None
