"""OpenAPI helpers: the documented error responses (RFC 9457 problems) and the API's description,
all in English msgids translated to Chinese; /api/schema/?lang=zh-hans (the default) or ?lang=en."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse

from .errors import PROBLEM_CONTENT_TYPE
from .serializers import ProblemDetailsSerializer

ERROR_TEXTS = {
    400: _("Invalid input: `errors` lists each field's messages (the web form's rules). Nothing was written."),
    401: _("No token, or a wrong, expired or revoked token (or a wrong password or code)."),
    403: _("Forbidden: locked out after failed logins, or two-step verification must be set up first."),
    404: _("Not found, or outside the caller's scope or role (as on the web site)."),
    409: _("Blocked by the rules (`problems` lists them all) or already handled by someone else. Nothing was "
           "written."),
    422: _("Refused by a rule or precondition of the service (`problems`, `errors`). Nothing was written."),
    410: _("The registration code has expired or been revoked."),
    429: _("Too many requests (per user and per address); retry after the Retry-After header's seconds."),
}


def ERRORS(*codes):  # noqa: N802  (reads like a constant in the decorators)
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemDetailsSerializer, description=ERROR_TEXTS[code])
            for code in codes}


class KnoxTokenScheme(OpenApiAuthenticationExtension):
    target_class = "knox.auth.TokenAuthentication"
    priority = 1  # over drf-spectacular's own knox extension: this description is translated
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": str(_("'Token <token>', the token from POST /api/v1/auth/token/."))}


DESCRIPTION = _(
    "The JSON API of the system, for the applicants' mini-program and for other systems. It adds no rule of its "
    "own: every write goes through the same services as the web site, with the same checks, scope (outside it: "
    "404) and audit log. Errors are RFC 9457 problem details (application/problem+json); blocking problems are "
    "a 409 with the list, a refused precondition a 422. Lists are paged with a cursor (`next`, `previous`). "
    "Authenticate with a token from POST /api/v1/auth/token/. See docs/api.md.")


def describe(result, generator, request, public):
    """Postprocessing hook: the API's description in the request's language."""
    result["info"]["description"] = str(DESCRIPTION)
    return result
