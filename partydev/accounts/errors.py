from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """An account or role change that the actor may not make, or that would break the separation of
    duties: nothing was written. A ValidationError, so a form shows the message; `code` names the
    reason for tests and an API."""

    def __init__(self, code: str, message):
        super().__init__(str(message), code=code)
        self.reason = code
