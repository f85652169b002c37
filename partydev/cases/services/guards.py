"""Preconditions the services check themselves, so any interface (web, API, import) can call them."""

from datetime import date

from partydev.common import clock
from partydev.process.problems import problem
from partydev.process.rules.datelogic import date_range_problems

from ..permissions import is_branch_admin_of
from .errors import Refused


def require(condition: bool, code: str, **params) -> None:
    if not condition:
        raise Refused([problem(code, True, **params)])


def require_branch_admin(actor, case) -> None:
    require(actor is not None and is_branch_admin_of(actor, case), "not_permitted")


def require_stage(case, *stages) -> None:
    require(case.stage in stages, "wrong_stage")


def require_date(day: date | None, *, case, not_before: date | None = None, what: str = "",
                 may_be_later: bool = False) -> None:
    """Every date a service accepts lies in the system's range (datelogic.date_range_problems, the
    rule the forms apply too): not before 1921-07-01, not before the date of birth of `case`'s
    person (None: no person yet), not later than today unless `may_be_later`; and not before what it
    depends on (`not_before`). A missing date is left to the model's own validation."""
    if day is None:
        return
    found = date_range_problems(day, today=clock.today(), born=case.birth_date if case is not None else None,
                                may_be_later=may_be_later)
    if found:
        raise Refused(found)
    if not_before is not None:
        require(day >= not_before, "date_before_dependency", date=not_before.isoformat(), what=str(what))
