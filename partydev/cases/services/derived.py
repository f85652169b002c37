"""State derived on every write, in the writer's transaction: the Deadline rows and history entries."""

from partydev.process.schedule import due_items

from ..models import Case, Deadline, StageChange
from ..selectors.facts import load_facts


def deadlines_refresh(*, case: Case) -> None:
    """Replace the case's stored deadlines with what the rules say now (same transaction as the write).
    The case is read again: a caller's instance may predate a transition made in the same request."""
    case = Case.objects.get(pk=case.pk)
    items = due_items(load_facts(case))
    Deadline.objects.filter(case=case).delete()
    Deadline.objects.bulk_create([
        Deadline(case=case, org_path=case.org_path, kind=i.kind, due_date=i.due_date,
                 rule=i.rule, rule_version=i.rule_version)
        for i in items
    ])


def history_add(*, case, action, actor, effective_date, reason=""):
    """A history entry that does not change the stage (a decision, an appointment, a meeting)."""
    StageChange.objects.create(case=case, action=action, from_stage=case.stage, to_stage=case.stage,
                               effective_date=effective_date, reason=reason, actor=actor)
