class NoStoreMiddleware:
    """Pages may carry personal data: no browser or proxy keeps a copy (ASVS 14.3.2).
    Static files are served before this by WhiteNoise and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cache-Control", "no-store")
        return response
