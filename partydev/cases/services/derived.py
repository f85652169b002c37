"""State derived on every write, in the writer's transaction: the Deadline rows, the statistics'
counters (partydev/stats/counters.py: the reports' and the deadlines' per organisation) and history
entries."""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from partydev.process.schedule import due_items
from partydev.stats.counters import cases_refresh as stats_counters_refresh
from partydev.stats.counters import due_rows as stats_due_rows
from partydev.stats.counters import dues_add as stats_dues_add
from partydev.stats.counters import dues_delta as stats_dues_delta
from partydev.stats.counters import paths_refresh as stats_counters_paths_refresh

from ..models import Case, Deadline, StageChange
from ..selectors.facts import load_facts

# Inside `deadlines_deferred()`: the cases whose deadlines are refreshed once, when the block ends.
_deferred: ContextVar[dict | None] = ContextVar("deadlines_deferred", default=None)


@contextmanager
def deadlines_deferred(*, refresh: bool = True):
    """Several writes to the same case in one transaction (an import row enters a person's whole
    history: some ten service calls) refresh its deadlines once, at the end of the block, instead of
    after every write — same transaction, same result, since no rule reads the stored deadlines.
    `refresh=False` (a check that is rolled back) skips it. Nothing is refreshed when the block fails."""
    pending = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if refresh:
        dues = Counter()
        for case in pending.values():
            _deadlines_replace(case, dues)
        # The counters of all of them in one statement per table (rows locked in one order).
        stats_dues_add(dues)
        stats_counters_refresh(list(pending))


def deadlines_refresh(*, case: Case) -> None:
    """Replace the case's stored deadlines with what the rules say now, and count the person again in
    the statistics' counters (same transaction as the write; every service that writes to a case calls
    this after the write). The case is read again: a caller's instance may predate a transition made
    in the same request."""
    pending = _deferred.get()
    if pending is not None:
        pending[case.pk] = case
        return
    dues = Counter()
    _deadlines_replace(case, dues)
    stats_dues_add(dues)
    stats_counters_refresh([case.pk])


def _deadlines_replace(case: Case, dues: Counter) -> None:
    """Store the case's deadlines anew, adding to `dues` what changes in the deadlines' counters: the
    old rows as stored (a transfer's at the old branch's path), the new ones at the case's path."""
    case = Case.objects.get(pk=case.pk)
    items = due_items(load_facts(case))
    old = stats_due_rows(case.pk)
    Deadline.objects.filter(case=case).delete()
    Deadline.objects.bulk_create([
        Deadline(case=case, org_path=case.org_path, kind=i.kind, due_date=i.due_date,
                 rule=i.rule, rule_version=i.rule_version)
        for i in items
    ])
    stats_dues_delta(old, [(case.org_path, i.kind, i.due_date) for i in items], dues)


def counters_tree_changed(*, paths: list[str]) -> None:
    """The organisation tree changed under `paths` (a move: old and new path; a merge: both branches):
    count everyone concerned again in the statistics' counters, in the caller's transaction."""
    stats_counters_paths_refresh(paths)


def history_add(*, case, action, actor, effective_date, reason=""):
    """A history entry that does not change the stage (a decision, an appointment, a meeting)."""
    StageChange.objects.create(case=case, action=action, from_stage=case.stage, to_stage=case.stage,
                               effective_date=effective_date, reason=reason, actor=actor)
