"""The numbers on the PC home page: cases per stage, reminders per kind, filings awaiting the 党委.

The cases per stage and the reminders per kind are read from the statistics' counters, which the
services keep in their transaction (partydev/stats/counters.py: `StatsStock`, and `StatsDue` for
the deadlines): a few rows per administered node whatever the scope's size (counted per request
they took 1.0–1.4 s and ~1 s for a province of 1,000,000 cases, docs/performance.md M5, issue 14).
The filings awaiting the 党委 (a committee admin's inbox) are still counted per request, so a
summary whose counting took longer than HOME_SUMMARY_CACHE_MS is kept in the default cache for
HOME_SUMMARY_CACHE_SECONDS and shown with the time it was counted. The decision is made by measuring, not by guessing the
scope's size from the tree, so it follows the real database and machine.

The cache key is what decides the numbers: the user's admin grants as sorted (role, path) pairs,
and the date (overdue and "within 7 days" depend on it). Users with the same scope share an entry;
no one is ever shown another scope's numbers. The cached value is plain data (codes and integers),
labels are looked up when the page is rendered, so a cached summary shows in the reader's language.
"""

import hashlib
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from partydev.cases.selectors import cases_visible_to, filing_inbox
from partydev.cases.selectors.reminders import reminder_counts
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, grants_of, has_role, scope_paths
from partydev.process.deadlines import KINDS
from partydev.process.enums import Stage
from partydev.stats.selectors import due_counts, stage_totals

# Bump the version when the shape of the cached value changes.
KEY_PREFIX = "pc:home-summary:v1"


def summary_key(user, today: date) -> str:
    grants = sorted({(g.role, g.org.path) for g in grants_of(user) if g.role in ADMIN_ROLES})
    digest = hashlib.sha256(repr(grants).encode()).hexdigest()
    return f"{KEY_PREFIX}:{today.isoformat()}:{digest}"


def count_summary(user, today: date) -> dict:
    """Count everything the home page shows for an admin, as plain, cacheable data."""
    paths = scope_paths(user, ADMIN_ROLES)
    if paths:
        # The counters the services keep (partydev/stats/counters.py): a few rows per administered
        # node, where a GROUP BY over a province's cases took a second, and over its deadlines ~1 s.
        stages = stage_totals(paths)
        reminders = due_counts(paths, today=today)
    else:
        stages = {row["stage"]: row["n"] for row in
                  cases_visible_to(user).values("stage").order_by().annotate(n=Count("*"))}
        reminders = reminder_counts(user, today=today)
    reminders = [(r["kind"].code, r["overdue"], r["week"]) for r in reminders]
    pending = filing_inbox(user).count() if has_role(user, Role.COMMITTEE_ADMIN) else None
    return {"stages": stages, "reminders": reminders, "pending_filings": pending,
            "counted_at": timezone.now()}


def home_summary(user, today: date, *, refresh: bool = False) -> tuple[dict, bool]:
    """(summary, True when it came from the cache). `refresh` counts again whatever is cached."""
    key = summary_key(user, today)
    if not refresh:
        kept = cache.get(key)
        if kept is not None:
            return kept, True
    started = time.perf_counter()
    summary = count_summary(user, today)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if elapsed_ms > settings.HOME_SUMMARY_CACHE_MS:
        cache.set(key, summary, settings.HOME_SUMMARY_CACHE_SECONDS)
    elif refresh:
        # Counting is quick again (fewer cases, a quieter server): the next visit counts live too.
        cache.delete(key)
    return summary, False


def summary_context(summary: dict, *, cached: bool) -> dict:
    """The template's variables for a summary (labels resolved now, in the request's language)."""
    rows = [{"kind": KINDS[code], "overdue": overdue, "week": week}
            for code, overdue, week in summary["reminders"] if code in KINDS]
    context = {
        "stage_counts": [(Stage(s).label, summary["stages"].get(s, 0)) for s in Stage.values],
        "reminder_rows": rows,
        "overdue": sum(r["overdue"] for r in rows),
        "due_week": sum(r["week"] for r in rows),
        "pending_filings": summary["pending_filings"],
    }
    if cached:
        context["counted_at"] = summary["counted_at"]
        context["refresh_minutes"] = max(1, settings.HOME_SUMMARY_CACHE_SECONDS // 60)
    return context
