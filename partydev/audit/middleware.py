import uuid

from partydev.common.client_ip import client_ip

from .context import RequestFacts, current_request


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        facts = RequestFacts(
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
            request_id=uuid.uuid4().hex,
        )
        token = current_request.set(facts)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
