"""The one service that changes a case's stage, driven by process.transitions.TRANSITIONS."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from partydev.audit.services import audit_record
from partydev.process.gates import problems
from partydev.process.problems import blocking
from partydev.process.transitions import TRANSITIONS

from ..models import Case, StageChange
from ..selectors.facts import load_facts
from .derived import deadlines_refresh
from .errors import BlockedByProblems, StaleState
from .guards import require_date


def case_transition(*, case: Case, code: str, actor, effective_date: date, reason: str = "") -> Case:
    """Take the declared transition `code`: its gate must find nothing blocking on `effective_date`,
    the case must still be in one of its source stages (a conditional UPDATE, so a second admin on a
    stale page gets StaleState instead of moving the case twice), and the dates it sets are computed
    from the facts by the declaration."""
    transition = TRANSITIONS[code]
    with transaction.atomic():
        facts = load_facts(Case.objects.get(pk=case.pk))
        require_date(effective_date, case=facts.case)
        if facts.case.stage not in transition.source:
            raise StaleState()
        if transition.gate:
            found = problems(facts, transition.gate, effective_date)
            if blocking(found):
                raise BlockedByProblems(found)
        from_stage = facts.case.stage
        updated = Case.objects.filter(pk=case.pk, stage__in=transition.source, stage=from_stage).update(
            stage=transition.target, updated_at=timezone.now(), **transition.sets(facts, effective_date))
        if updated != 1:
            raise StaleState()
        case.refresh_from_db()
        StageChange.objects.create(case=case, action=transition.history, from_stage=from_stage,
                                   to_stage=transition.target, effective_date=effective_date, reason=reason,
                                   actor=actor)
        audit_record(actor=actor, action=f"case.{transition.history}", obj=case, case=case,
                     before={"stage": from_stage}, after={"stage": transition.target, "reason": reason})
        deadlines_refresh(case=case)
    return case
