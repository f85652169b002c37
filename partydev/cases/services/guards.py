"""Preconditions the services check themselves, so any interface (web, API, import) can call them."""

from datetime import date

from partydev.common import clock
from partydev.process.problems import problem

from ..permissions import is_branch_admin_of
from .errors import Refused


def require(condition: bool, code: str, **params) -> None:
    if not condition:
        raise Refused([problem(code, True, **params)])


def require_branch_admin(actor, case) -> None:
    require(actor is not None and is_branch_admin_of(actor, case), "not_permitted")


def require_stage(case, *stages) -> None:
    require(case.stage in stages, "wrong_stage")


def require_date(day: date, *, not_before: date | None = None, what: str = "") -> None:
    """An effective date is never later than today nor before what it depends on."""
    require(day <= clock.today(), "date_in_future")
    if not_before is not None:
        require(day >= not_before, "date_before_dependency", date=not_before.isoformat(), what=str(what))
