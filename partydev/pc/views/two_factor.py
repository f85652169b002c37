"""Two-factor login pages (partydev/pc/two_factor.py has the rules): the login's second step, the
enrolment by QR code, recovery codes and turning it off. Under the account menu, beside 修改密码."""

import re
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from partydev.audit.auth_events import home_path
from partydev.audit.services import audit_record

from .. import two_factor as tf


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"), max_length=32, strip=True,
        help_text=gettext_lazy("The 6-digit code shown in your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off",
                                      "spellcheck": "false"}))


class AppCodeForm(CodeForm):
    """Enrolment: only the app's code proves the app holds the key."""

    code = forms.CharField(
        label=gettext_lazy("Code from the app"), max_length=32, strip=True,
        help_text=gettext_lazy("The 6-digit code the app shows for this account after scanning."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class TwoFactorLoginView(auth_views.LoginView):
    """The login page. A right password of an administrator with a device logs in nobody yet: it
    leaves a pending login, completed on the code page."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if tf.needs_second_factor(user):
            self.request.session.cycle_key()
            tf.begin_pending(self.request, user, self.get_redirect_url())
            return redirect("login_verify")
        return super().form_valid(form)


def _next_url(request, pending) -> str:
    url = str(pending.get("next") or "")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_verify(request):
    """The login's second step: a TOTP code or a recovery code. A wrong one is a failed login for
    django-axes (the same lockout as wrong passwords) and the audit event auth.2fa_failed
    (partydev/audit/auth_events.py)."""
    if request.user.is_authenticated:
        return redirect("home")
    was_pending = tf.PENDING_KEY in request.session
    user, pending = tf.pending_user(request)
    if user is None:
        if was_pending:
            messages.info(request, _("The login timed out. Please log in again."))
        return redirect("login")
    credentials = {"username": user.get_username(), "second_factor": True}
    if not AxesProxyHandler.is_allowed(request, credentials):
        tf.drop_pending(request)
        return get_lockout_response(request, None, credentials)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = tf.check_code(user, form.cleaned_data["code"])
        except tf.Throttled:
            form.add_error("code", _("Too many wrong codes in a row: wait a few seconds, then enter the new code."))
            status = 400
        else:
            if device is not None:
                tf.drop_pending(request)
                user.otp_device = device  # django_otp keeps it in the session at login
                auth_login(request, user, backend=user.backend)
                otp_login(request, device)
                tf.used_recovery_code(user, device)
                return redirect(_next_url(request, pending))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                tf.drop_pending(request)
                return get_lockout_response(request, None, credentials)
            form.add_error("code", _("The code is wrong. Enter the code the app shows now, or a recovery code."))
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "registration/login_verify.html", {"form": form}, status=status)


def _administrator(request):
    if not tf.is_administrator(request.user):
        raise Http404
    return request.user


def _qr_svg(uri: str) -> str:
    # Inline SVG: no style attribute (the Content-Security-Policy forbids inline style).
    return segno.make(uri, error="m").svg_inline(
        scale=4, border=3, svgclass="qr-code", title=_("QR code for the authenticator app"))


def _groups(text: str, size: int = 4) -> list[str]:
    """The key in groups of 4 for reading; the template spaces them with margins, so a copy is the
    key without spaces."""
    return [text[i:i + size] for i in range(0, len(text), size)]


@sensitive_post_parameters("code")
@login_required
def two_factor(request):
    """Enrolment when the administrator has no device yet; otherwise what is on and what can be done."""
    user = _administrator(request)
    device = tf.totp_device(user)
    if device is None:
        return _enrol(request, user)
    return render(request, "registration/two_factor.html", {
        "device": device, "codes_left": tf.recovery_codes_left(user),
        "regenerate_form": CodeForm(prefix="regenerate"), "disable_form": CodeForm(prefix="disable"),
        "required": settings.REQUIRE_2FA})


def _enrol(request, user):
    # The key waits in the session until the first code confirms it: a visit writes no device.
    key = request.session.get(tf.ENROL_KEY)
    if not isinstance(key, str) or not re.fullmatch(r"[0-9a-f]{40}", key):
        key = request.session[tf.ENROL_KEY] = tf.new_key()
    form = AppCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            device = tf.confirm_enrolment(user, key, form.cleaned_data["code"])
            if device is not None:
                request.session.pop(tf.ENROL_KEY, None)
                otp_login(request, device)
                return render(request, "registration/two_factor_codes.html", {
                    "codes": tf.new_recovery_codes(user), "enrolled": True})
            form.add_error("code", _("The code is wrong. Check that the phone's clock is right and enter the "
                                     "code the app shows now."))
    pending = tf.enrolment_device(user, key)
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "qr_svg": _qr_svg(pending.config_url),
        "secret": _groups(b32encode(pending.bin_key).decode()),
        "issuer": settings.OTP_TOTP_ISSUER, "required": settings.REQUIRE_2FA,
    }, status=status)


def _confirmed(request, user, form) -> bool:
    """A current code (or a recovery code) before changing anything: a session left open is not
    enough to turn the second factor off or read new recovery codes."""
    if not form.is_valid():
        return False
    try:
        device = tf.check_code(user, form.cleaned_data["code"])
    except tf.Throttled:
        messages.error(request, _("Too many wrong codes in a row: wait a few seconds, then enter the new code."))
        return False
    if device is None:
        audit_record(actor=user, action=tf.FAILED, result="fail", org_path=home_path(user))
        messages.error(request, _("The code is wrong. Nothing was changed."))
        return False
    return True


def _enrolled_and_confirmed(request, user, prefix) -> bool:
    """A change to an enrolled second factor needs a current code (the form of `prefix`)."""
    return tf.totp_device(user) is not None and _confirmed(request, user, CodeForm(request.POST, prefix=prefix))


@require_POST
@sensitive_post_parameters("code")
@login_required
def two_factor_recovery(request):
    user = _administrator(request)
    if not _enrolled_and_confirmed(request, user, "regenerate"):
        return redirect("two_factor")
    codes = tf.new_recovery_codes(user)
    audit_record(actor=user, action=tf.RECOVERY_REGENERATED, org_path=home_path(user))
    return render(request, "registration/two_factor_codes.html", {"codes": codes, "enrolled": False})


@require_POST
@sensitive_post_parameters("code")
@login_required
def two_factor_disable(request):
    user = _administrator(request)
    if not _enrolled_and_confirmed(request, user, "disable"):
        return redirect("two_factor")
    tf.disable(user)
    messages.success(request, _("Two-step verification is off. Your recovery codes no longer work."))
    return redirect("two_factor")
