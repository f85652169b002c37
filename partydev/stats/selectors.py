"""Statistics of the development work (细则 2026 §37 / 2014 §38) for one organisation and its subtree.

Every figure is counted from what the services recorded, never from a second copy of a rule:

- the stage changes are the history rows (`cases.StageChange.action`) that `case_transition` and the
  request services write, dated by their `effective_date` (the decision's date, not the typing date);
- "applications received" are the application letters approved or awaiting approval, dated by their
  `received_date` (what `CaseFacts.received_date` and step 1 of the timeline read);
- transfers are `cases.Transfer` rows, dated by `transferred_on`; a transfer counts as "in" for a
  scope when it comes from outside it, "out" when it leaves it (moves inside a committee are neither);
- a person belongs to the organisation of its current branch (`Case.org_path`); erased cases
  (entered by mistake) are left out everywhere, as in every list.

A number is the count of distinct people with such an event in the period (someone returned and
accepted again in the same year counts once). The flow, the cohort, the units and the stock are read
from the counters the services keep in their transaction (counters.py); the intervals and the
scope's and history helpers here are counted per request (docs/statistics.md: measurements).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.http import Http404

from partydev.cases.models import Case, StageChange
from partydev.cases.selectors.reminders import counts_per_kind
from partydev.orgs.models import Organisation, OrgKind
from partydev.orgs.selectors import ADMIN_ROLES, grants_of, path_filter, scope_paths
from partydev.process.enums import STAGE_ORDER, Stage

from .counters import COHORT, COHORT_RANK, INTERVAL
from .events import ACTION_EVENTS, EVENT_KEYS, EVENTS, INTERVALS
from .models import QUARTER_BASE, YEAR_PERIOD, DevelopmentPlan, StatsCount, StatsDue, StatsStock

__all__ = ["ACTION_EVENTS", "EVENTS", "EVENT_KEYS"]  # the report's vocabulary, read from here by the pages

# The funnel: the main steps, each compared with the one before it.
FUNNEL = ("applied", "activist", "target", "probationary", "full")

# The list page (URL name) of the people now in each stage, for the drill-down links.
STAGE_LISTS = {
    Stage.APPLICANT: "pc:applicant_list", Stage.ACTIVIST: "pc:activist_list", Stage.TARGET: "pc:target_list",
    Stage.PROBATIONARY: "pc:probationary_list", Stage.FULL: "pc:full_list",
}


MIN_YEAR = 2000


# --- scope -----------------------------------------------------------------------------------------

def report_orgs_visible_to(user):
    """Organisations whose report the user may open: its administered nodes and everything below
    them, except party groups (people sit at their branch). Applicants, auditors and security
    administrators have none."""
    paths = scope_paths(user, ADMIN_ROLES)
    return Organisation.objects.filter(path_filter(paths, "path")).exclude(kind=OrgKind.GROUP)


def report_org_for(user, pk=None) -> Organisation:
    """The organisation of the report: `pk` within the user's scope (else 404), or its first
    administered node."""
    orgs = report_orgs_visible_to(user)
    if pk in (None, ""):
        # The highest administered node, from the grants already loaded: ordering the whole scope
        # by depth read and sorted a province's 447,908 organisations (71 ms at T2).
        granted = [g.org for g in grants_of(user) if g.role in ADMIN_ROLES and g.org.kind != OrgKind.GROUP]
        org = min(granted, key=lambda o: (o.depth, o.path), default=None)
    else:
        try:
            org = orgs.filter(pk=int(pk)).first()
        except (TypeError, ValueError):
            org = None
    if org is None:
        raise Http404
    return org


def _scope(org: Organisation, field: str = "org_path") -> Q:
    """Rows of people under `org` (cases always sit at a branch's own path: equality for a branch)."""
    if org.kind == OrgKind.BRANCH:
        return Q(**{field: org.path})
    return Q(**{f"{field}__under": org.path})


def child_units(org: Organisation) -> list[Organisation]:
    """The subordinate units a report breaks down by (党总支 and 党支部 below a 党委, …); never party groups."""
    return list(children_of(org).exclude(kind=OrgKind.GROUP).order_by("path"))


def children_of(org: Organisation):
    return Organisation.objects.filter(path__under=org.path, depth=org.depth + 1)


def live_cases_under(org: Organisation):
    return Case.objects.filter(_scope(org), erased_at__isnull=True)


def history_in(org: Organisation, year: int):
    return StageChange.objects.filter(_scope(org, "case__org_path"), case__erased_at__isnull=True,
                                      action__in=ACTION_EVENTS, effective_date__year=year)


# --- flow ------------------------------------------------------------------------------------------

@dataclass
class Flow:
    year: int
    total: dict = field(default_factory=dict)  # event → people in the year
    by_month: dict = field(default_factory=dict)  # event → [12 counts]
    by_quarter: dict = field(default_factory=dict)  # event → [4 counts]


def flow_of(org: Organisation, year: int) -> Flow:
    """The year's flow of `org`, read from the counters (counters.py): people per event in the year,
    each quarter and each month (a person counted in two months is one person of the quarter)."""
    flow = Flow(year=year, total=dict.fromkeys(EVENT_KEYS, 0),
                by_month={k: [0] * 12 for k in EVENT_KEYS}, by_quarter={k: [0] * 4 for k in EVENT_KEYS})
    for event, period, n in StatsCount.objects.filter(org_path=org.path, year=year, event__in=EVENT_KEYS).values_list(
            "event", "period", "n"):
        if period == YEAR_PERIOD:
            flow.total[event] = n
        elif period > QUARTER_BASE:
            flow.by_quarter[event][period - QUARTER_BASE - 1] = n
        else:
            flow.by_month[event][period - 1] = n
    return flow


def funnel(flow: Flow) -> list[dict]:
    """The main steps of the year with each one's ratio to the step before it (a ratio of the year's
    flows, not of a cohort: see `cohort`)."""
    rows, previous = [], None
    for key in FUNNEL:
        n = flow.total[key]
        rows.append({"key": key, "label": dict(EVENTS)[key], "n": n,
                     "ratio": percent(n, previous) if previous is not None else None})
        previous = n
    return rows


def cohort(org: Organisation, year: int) -> dict:
    """Of the people whose application was received in `year` (and who are still under `org`): how
    many have reached each later stage by now (a cancelled probation counts as having been admitted).
    Read from the counters: people of the year's applications by the stage they are in now."""
    stages = {event[len(COHORT):]: n for event, n in StatsCount.objects.filter(
        org_path=org.path, year=year, period=YEAR_PERIOD, event__startswith=COHORT).values_list("event", "n")}
    total = sum(stages.values())
    reached = {}
    for i, stage in enumerate(STAGE_ORDER):
        n = sum(v for s, v in stages.items() if COHORT_RANK[s] >= i)
        reached[stage] = {"n": n, "percent": percent(n, total)}
    return {"total": total, "reached": reached}


def intervals(org: Organisation, year: int) -> list[dict]:
    """Median days between key steps, for the people who took the later step in `year`: read from the
    counters' histogram of days (one row per organisation, step and distinct number of days)."""
    days: dict[int, dict] = {i: {} for i in range(len(INTERVALS))}
    for event, n in StatsCount.objects.filter(org_path=org.path, year=year, period=YEAR_PERIOD,
                                              event__startswith=INTERVAL).values_list("event", "n"):
        index, value = event[len(INTERVAL):].split(":")
        if n:
            days[int(index)][int(value)] = n
    rows = []
    for i, (key, label, _action, _since) in enumerate(INTERVALS):
        found = sorted(days[i].items())
        people = sum(n for _d, n in found)
        rows.append({"key": key, "label": label, "people": people,
                     "median": _median(found, people) if people else None,
                     "min": found[0][0] if found else None, "max": found[-1][0] if found else None})
    return rows


def _median(histogram: list[tuple[int, int]], total: int):
    """The median of a sorted histogram [(value, count)] (the mean of the two middle values when
    `total` is even, as statistics.median)."""
    def nth(k):  # the k-th value, from 0
        seen = 0
        for value, n in histogram:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)
    if total % 2:
        return nth(total // 2)
    low, high = nth(total // 2 - 1), nth(total // 2)
    return (low + high) / 2 if (low + high) % 2 else (low + high) // 2


# --- by unit (drill-down) ----------------------------------------------------------------------------

# --- by unit (drill-down) ----------------------------------------------------------------------------

def by_unit(org: Organisation, year: int) -> list[dict]:
    """One row per subordinate unit: the main flows of the year, the people now in each stage, and
    the plan. Read from the units' own counters (a few queries, never one per unit)."""
    units = child_units(org)
    if not units:
        return []
    paths = [u.path for u in units]
    counts: dict[str, dict] = {p: dict.fromkeys(EVENT_KEYS, 0) for p in paths}
    for path, event, n in StatsCount.objects.filter(org_path__in=paths, year=year, period=YEAR_PERIOD,
                                                    event__in=EVENT_KEYS).values_list("org_path", "event", "n"):
        counts[path][event] = n
    stock = stock_by_org(paths)
    plans = dict(DevelopmentPlan.objects.filter(unit__in=units, year=year).values_list("unit_id", "quota"))
    rows = []
    for u in units:
        quota = plans.get(u.pk)
        actual = counts[u.path]["probationary"]
        rows.append({"org": u, "counts": counts[u.path], "stock": stock[u.path], "plan": quota,
                     "difference": actual - quota if quota is not None else None})
    return rows


def stock_by_org(paths: list[str]) -> dict[str, dict]:
    """path → stage → people now in it under that organisation (the stock counters)."""
    stock: dict[str, dict] = {p: dict.fromkeys(STAGE_ORDER, 0) for p in paths}
    for path, stage, n in (StatsStock.objects.filter(org_path__in=paths, stage__in=STAGE_ORDER)
                           .values_list("org_path", "stage").annotate(total=Sum("n")).order_by()):
        stock[path][stage] = n
    return stock


def stage_totals(paths: list[str]) -> dict[str, int]:
    """stage → people now in it under any of `paths` (a user's administered nodes; one nested in
    another counts once): the stock counters of the top nodes, every stage including cancelled."""
    return dict(StatsStock.objects.filter(org_path__in=_tops(paths)).values_list("stage").annotate(n=Sum("n"))
                .order_by())


def _tops(paths: list[str]) -> list[str]:
    """The paths not below another of them (a node nested in another administered one counts once)."""
    return sorted(p for p in set(paths) if not any(p != q and p.startswith(q) for q in paths))


def due_counts(paths: list[str], *, today: date) -> list[dict]:
    """Per reminder kind: deadlines overdue and due within 7 days under any of `paths` (a user's
    administered nodes), as `cases.selectors.reminders.reminder_counts` counts them from the Deadline
    table (same rows: the kinds with any deadline in the scope, in KINDS' order; a milestone is never
    overdue), read from the deadlines' counters (StatsDue, counters.py): one row per node, kind and
    due date, whatever the number of cases below."""
    week = today + timedelta(days=7)
    rows = (StatsDue.objects.filter(org_path__in=_tops(paths)).values("kind").order_by("kind")
            .annotate(total=Sum("n"), overdue=Sum("n", filter=Q(due_date__lt=today)),
                      week=Sum("n", filter=Q(due_date__gte=today, due_date__lte=week))))
    return counts_per_kind({r["kind"]: (r["overdue"], r["week"]) for r in rows if r["total"]})


def plan_of(org: Organisation, year: int) -> int | None:
    plan = DevelopmentPlan.objects.filter(unit=org, year=year).values_list("quota", flat=True).first()
    return plan


def percent(n: int, of: int | None) -> float | None:
    return round(100 * n / of, 1) if of else None


def years_offered(today: date) -> list[int]:
    """Next year (its plan: 细则 §37 asks for the year's report and next year's plan), this year and
    ten before."""
    return list(range(today.year + 1, MIN_YEAR - 1, -1))[:12]
