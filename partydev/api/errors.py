"""One error format for the whole API: RFC 9457 problem details (application/problem+json).

Every error body has `type` (a URN naming the kind of error), `title`, `status` and `detail`; an
error the rules found carries `problems` (each with the same code, message, article and blocking
flag the web pages show), an error in the input carries `errors` (field name -> messages, "__all__"
for the whole request). The kinds (docs/api.md):

| status | type                               | when |
|--------|------------------------------------|------|
| 400    | urn:partydev:problem:invalid-input | the request's fields fail validation (the web form's rules) |
| 401    | urn:partydev:problem:not-authenticated | no token, a wrong, expired or revoked token, a wrong password or code |
| 403    | urn:partydev:problem:forbidden     | locked out (axes), enrolment in two-step verification required |
| 404    | urn:partydev:problem:not-found     | nothing there, or outside the caller's scope or role (as on the web) |
| 405    | urn:partydev:problem:method-not-allowed | |
| 409    | urn:partydev:problem:blocked       | the rules found blocking problems (`problems`), nothing written |
| 409    | urn:partydev:problem:stale         | someone else changed this first (已被他人处理), nothing written |
| 422    | urn:partydev:problem:refused       | a service refused: a precondition or a rule (`problems` and/or `errors`), nothing written |
| 429    | urn:partydev:problem:throttled     | too many requests (per user, per address) |
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from partydev.cases.services import BlockedByProblems, Refused, StaleState

PROBLEM_CONTENT_TYPE = "application/problem+json"
URN = "urn:partydev:problem:"


def problem_json(found) -> list[dict]:
    """Problems as the API shows them: the rule's code with its message and article in the reader's language."""
    return [{"code": p.code, "blocking": p.blocking, "message": p.message, "article": p.article,
             "params": {k: str(v) for k, v in (p.params or {}).items()}} for p in found]


def problem_response(http_status: int, kind: str, title: str, detail: str = "", *, problems=None, errors=None,
                     headers=None) -> Response:
    body = {"type": URN + kind, "title": str(title), "status": http_status, "detail": str(detail or title)}
    if problems is not None:
        body["problems"] = problem_json(problems)
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=http_status, content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("__all__" if field in (None, "__all__") else field): [str(m) for m in DjangoValidationError(errs).messages]
                for field, errs in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _flatten(detail):
    """DRF's error detail (dicts, lists of ErrorDetail) as plain field -> [messages]."""
    if isinstance(detail, dict):
        return {("__all__" if k == "non_field_errors" else k): _messages(v) for k, v in detail.items()}
    return {"__all__": _messages(detail)}


def _messages(value):
    if isinstance(value, list):
        out = []
        for item in value:
            out.extend(_messages(item) if isinstance(item, list | dict) else [str(item)])
        return out
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    return [str(value)]


def problem_exception_handler(exc, context):  # noqa: C901  (one branch per kind of error, in the table above)
    if isinstance(exc, BlockedByProblems):
        return problem_response(status.HTTP_409_CONFLICT, "blocked", _("Blocked by problems"),
                                _("The rules found problems that block this; nothing was written."), problems=exc.problems)
    if isinstance(exc, StaleState):
        return problem_response(status.HTTP_409_CONFLICT, "stale", _("Already handled"), str(exc))
    if isinstance(exc, Refused):
        return problem_response(status.HTTP_422_UNPROCESSABLE_ENTITY, "refused", _("Refused"),
                                "；".join(p.message for p in exc.problems), problems=exc.problems)
    if isinstance(exc, DjangoValidationError):
        errors = validation_errors(exc)
        return problem_response(status.HTTP_422_UNPROCESSABLE_ENTITY, "refused", _("Refused"),
                                "；".join(m for ms in errors.values() for m in ms), problems=[], errors=errors)
    if isinstance(exc, Http404 | ObjectDoesNotExist | exceptions.NotFound):
        return problem_response(status.HTTP_404_NOT_FOUND, "not-found", _("Not found"))
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem_response(status.HTTP_400_BAD_REQUEST, "invalid-input", _("Invalid input"),
                                "；".join(m for ms in errors.values() for m in ms), errors=errors)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return problem_response(status.HTTP_401_UNAUTHORIZED, "not-authenticated", _("Not authenticated"),
                                str(exc.detail), headers={"WWW-Authenticate": "Token"})
    if isinstance(exc, exceptions.Throttled):
        headers = {"Retry-After": str(int(exc.wait))} if exc.wait else None
        return problem_response(status.HTTP_429_TOO_MANY_REQUESTS, "throttled", _("Too many requests"),
                                str(exc.detail), headers=headers)
    if isinstance(exc, exceptions.PermissionDenied):
        return problem_response(status.HTTP_403_FORBIDDEN, "forbidden", _("Forbidden"), str(exc.detail))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return problem_response(status.HTTP_405_METHOD_NOT_ALLOWED, "method-not-allowed", _("Method not allowed"),
                                str(exc.detail))
    if isinstance(exc, exceptions.APIException):
        kind = {exceptions.ParseError: "invalid-input", exceptions.UnsupportedMediaType: "unsupported-media-type",
                exceptions.NotAcceptable: "not-acceptable"}.get(type(exc), "error")
        return problem_response(exc.status_code, kind, str(exc.default_detail), str(exc.detail))
    return None  # anything else is a bug: Django's 500 (logged), never dressed up as a problem
