"""Request facts (IP, user agent, request id) for audit rows written deep inside services.

A ContextVar is per request (per thread or task), so nothing leaks between requests or processes.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestFacts:
    ip: str | None = None
    user_agent: str = ""
    request_id: str = ""


NO_REQUEST = RequestFacts()
current_request: ContextVar[RequestFacts] = ContextVar("current_request", default=NO_REQUEST)  # noqa: B039 (frozen)
