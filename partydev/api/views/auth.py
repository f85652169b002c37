"""Tokens for API clients (knox: only a hash is stored, each token expires and can be revoked), given
under the login page's own rules:

- the password is checked by django.contrib.auth.authenticate with the request, so django-axes counts
  the failure and locks out exactly as on the web (both tiers, partydev/common/lockout.py), and the
  failure is audited (auth.login_failed);
- an administrator with two-step verification must send the current code (or a recovery code) as
  `otp` in the same request; a wrong code is a failed login for axes and audited (auth.2fa_failed),
  as on the web's code page. With REQUIRE_2FA on, an administrator without a device gets no token
  (the web lets them reach only the enrolment page);
- a token issued is a login (auth.login); revoking it a logout (auth.logout).
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from knox.models import get_token_model
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from partydev.cases.models import Case
from partydev.orgs.selectors import grants_of
from partydev.pc.two_factor import Throttled, check_code, has_two_factor, is_administrator, used_recovery_code

from ..errors import problem_response
from ..schema import ERRORS
from ..serializers import AccountSerializer, TokenRequestSerializer, TokenSerializer
from ..throttles import AddressThrottle, LoginThrottle

AUTH = gettext_lazy("Authentication")


def account_data(user) -> dict:
    return {"username": user.get_username(), "roles": sorted({g.role for g in grants_of(user)}),
            "is_applicant": Case.objects.filter(user=user).exists()}


def issue_token(request, user) -> dict:
    """A new token for `user`; announced as a login (audit auth.login, axes' reset on success). At most
    TOKEN_LIMIT_PER_USER live tokens: the oldest are revoked to make room."""
    tokens = get_token_model().objects.filter(user=user)
    keep = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"] - 1
    tokens.filter(pk__in=list(tokens.order_by("-created").values_list("pk", flat=True)[keep:])).delete()
    instance, token = get_token_model().objects.create(user=user, expiry=settings.REST_KNOX["TOKEN_TTL"])
    user_logged_in.send(sender=user.__class__, request=request._request, user=user)
    return {"token": token, "expiry": instance.expiry, "account": account_data(user)}


def _locked(request):
    # axes marks the request; the API answers with its own problem instead of axes' HTML page.
    if getattr(request._request, "axes_locked_out", False):
        request._request.axes_locked_out = False
        return problem_response(status.HTTP_403_FORBIDDEN, "locked-out", _("Locked out"), _(
            "Too many failed logins: this account is locked for a while. Try again later or ask the "
            "security administrator to unlock it."))
    return None


def _unauthenticated(detail):
    return problem_response(status.HTTP_401_UNAUTHORIZED, "not-authenticated", _("Not authenticated"), detail,
                            headers={"WWW-Authenticate": "Token"})


@extend_schema(
    tags=[AUTH], operation_id="auth_token_create", request=TokenRequestSerializer,
    summary=gettext_lazy("Obtain a token"),
    description=gettext_lazy(
        "Log in with the login name and password (and, for an administrator with two-step verification, the "
        "code as `otp`). The same lockout as the login page applies. Returns a token that expires; send it as "
        "'Authorization: Token <token>'."),
    responses={200: TokenSerializer, **ERRORS(400, 401, 403, 429)}, auth=[])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle, AddressThrottle])
def token_create(request):
    form = TokenRequestSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    username, password = form.validated_data["username"], form.validated_data["password"]
    user = authenticate(request._request, username=username, password=password)
    locked = _locked(request)
    if locked:
        return locked
    if user is None:
        return _unauthenticated(_("The login name or password is wrong."))
    if is_administrator(user):
        if has_two_factor(user):
            otp = form.validated_data.get("otp") or ""
            try:
                device = check_code(user, otp) if otp else None
            except Throttled:
                return problem_response(status.HTTP_429_TOO_MANY_REQUESTS, "throttled", _("Too many requests"),
                                        _("Too many wrong codes in a row: wait a few seconds, then enter the new code."))
            if device is None:
                if otp:
                    user_login_failed.send(sender=__name__, request=request._request,
                                           credentials={"username": user.get_username(), "second_factor": True})
                    locked = _locked(request)
                    if locked:
                        return locked
                return _unauthenticated(_("Two-step verification is on for this account: send the code from "
                                          "the authenticator app as otp."))
            used_recovery_code(user, device)
        elif settings.REQUIRE_2FA:
            return problem_response(status.HTTP_403_FORBIDDEN, "two-factor-required", _("Forbidden"), _(
                "Two-step verification is required for administrators: turn it on in the web site first."))
    return Response(issue_token(request, user))


@extend_schema(tags=[AUTH], operation_id="auth_token_revoke", request=None,
               summary=gettext_lazy("Revoke this token (log out)"),
               description=gettext_lazy("The token used for this request stops working."),
               responses={204: None, **ERRORS(401, 429)})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def token_revoke(request):
    request._auth.delete()
    user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=[AUTH], operation_id="auth_token_revoke_all", request=None,
               summary=gettext_lazy("Revoke every token of this account"),
               description=gettext_lazy("Every token of the account stops working (all clients are logged out)."),
               responses={204: None, **ERRORS(401, 429)})
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def token_revoke_all(request):
    request.user.auth_token_set.all().delete()
    user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=[AUTH], operation_id="auth_account", summary=gettext_lazy("Who am I"),
               description=gettext_lazy("The account the token belongs to and its roles."),
               responses={200: AccountSerializer, **ERRORS(401, 429)})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def account(request):
    return Response(account_data(request.user))


