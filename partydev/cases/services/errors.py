"""The errors every service raises, whatever interface called it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class StaleState(Exception):
    """Someone else changed this case first; the page the user acted on is out of date."""

    def __str__(self):
        return _("This has already been handled by someone else. The page has been refreshed.")


class BlockedByProblems(Exception):
    """A gate found blocking problems: nothing was written. `problems` lists all of them (warnings too)."""

    def __init__(self, found):
        super().__init__("blocked")
        self.problems = found


class Refused(ValidationError):
    """A precondition of the service does not hold (wrong stage, kind, actor, or date order): nothing was
    written. A ValidationError, so a form shows it; `problems` carries the codes for an API."""

    def __init__(self, found):
        super().__init__([p.message for p in found])
        self.problems = found
