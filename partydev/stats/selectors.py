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
accepted again in the same year counts once). All counts are GROUP BY queries on the database; nothing
is cached (docs/statistics.md: measurements, and the design for province scale).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from partydev.cases.models import ApplicationLetter, Case, StageChange, Transfer
from partydev.orgs.models import Organisation, OrgKind
from partydev.orgs.selectors import ADMIN_ROLES, path_filter, scope_paths
from partydev.process.enums import STAGE_ORDER, LetterStatus, Stage

from .models import DevelopmentPlan

# The flow rows of the report, in the order of the process. (key, label)
EVENTS = (
    ("applied", _("Applications received")),
    ("activist", _("Became activists")),
    ("target", _("Became development targets")),
    ("probationary", _("Admitted as probationary members")),
    ("full", _("Became full members")),
    ("extended", _("Probation extended")),
    ("cancelled", _("Probationary membership cancelled")),
    ("returned", _("Returned for re-filing")),
    ("transfer_in", _("Transferred in")),
    ("transfer_out", _("Transferred out")),
)
EVENT_KEYS = tuple(k for k, _label in EVENTS)

# History entries (StageChange.action, declared in process.transitions / process.enums) → flow row.
ACTION_EVENTS = {
    "activist_accepted": "activist",
    "target_accepted": "target",
    "admitted": "probationary",
    "converted": "full",
    "probation_extended": "extended",
    "probation_cancelled": "cancelled",
    "returned_letter": "returned",
    "returned_filing": "returned",
    "returned_activist": "returned",
}

# The funnel: the main steps, each compared with the one before it.
FUNNEL = ("applied", "activist", "target", "probationary", "full")

# The list page (URL name) of the people now in each stage, for the drill-down links.
STAGE_LISTS = {
    Stage.APPLICANT: "pc:applicant_list", Stage.ACTIVIST: "pc:activist_list", Stage.TARGET: "pc:target_list",
    Stage.PROBATIONARY: "pc:probationary_list", Stage.FULL: "pc:full_list",
}


# Time between key steps: (key, label, the later event, where the earlier date comes from).
INTERVALS = (
    ("applied_activist", _("Application received → activist"), "activist_accepted", "received"),
    ("activist_target", _("Activist → development target"), "target_accepted", "case__activist_since"),
    ("target_probationary", _("Development target → probationary member"), "admitted", "case__target_since"),
    ("probationary_full", _("Start of probation → full member"), "converted", "case__probation_start"),
)

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
        org = orgs.order_by("depth", "path").first()
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


def _letters(org: Organisation, year: int):
    return ApplicationLetter.objects.filter(_scope(org, "case__org_path"), case__erased_at__isnull=True,
                                            status__in=(LetterStatus.APPROVED, LetterStatus.SUBMITTED),
                                            received_date__year=year)


def _transfers(org: Organisation, year: int, direction: str):
    inside_to, inside_from = _scope(org, "to_path"), _scope(org, "from_path")
    qs = Transfer.objects.filter(case__erased_at__isnull=True, transferred_on__year=year)
    if direction == "in":
        return qs.filter(inside_to).exclude(inside_from)
    return qs.filter(inside_from).exclude(inside_to)


# --- flow ------------------------------------------------------------------------------------------

@dataclass
class Flow:
    year: int
    total: dict = field(default_factory=dict)  # event → people in the year
    by_month: dict = field(default_factory=dict)  # event → [12 counts]
    by_quarter: dict = field(default_factory=dict)  # event → [4 counts]


def _add_counts(flow: Flow, event: str, year_n: int, months: dict, quarters: dict):
    flow.total[event] = flow.total.get(event, 0) + year_n
    m = flow.by_month.setdefault(event, [0] * 12)
    for month, n in months.items():
        m[month - 1] += n
    q = flow.by_quarter.setdefault(event, [0] * 4)
    for quarter, n in quarters.items():
        q[quarter - 1] += n


def _month(date_field: str):
    """The month of a date as text ("01".."12"), computed by the database itself: `ExtractMonth` calls
    a Python function per row on SQLite (0.23 s for the 16,000 rows of the T1 top scope)."""
    return Substr(Cast(date_field, output_field=CharField()), 6, 2)


def _summarise(months: dict) -> list:
    """{month: set of people} → [people in the year, {month: n}, {quarter: n}]: a person counted in two
    months of a quarter is one person of the quarter and of the year."""
    year = set().union(*months.values())
    quarters = {q: len(set().union(*(months.get(m, set()) for m in range(3 * q - 2, 3 * q + 1))))
                for q in range(1, 5)}
    return [len(year), {m: len(p) for m, p in months.items()}, quarters]


def _grouped(qs, date_field: str):
    """[year count, {month: n}, {quarter: n}] of distinct people, from one query that reads the
    distinct (month, person) pairs of the year."""
    months: dict = defaultdict(set)
    pairs = qs.annotate(m=_month(date_field)).values_list("m", "case").distinct().order_by()
    for month, person in pairs.iterator(chunk_size=5000):
        months[int(month)].add(person)
    return _summarise(months)


def event_people(org: Organisation, year: int) -> dict:
    """event → unit path → month → set of people, for the history entries and the applications of the
    year under `org`: two queries of distinct (event, unit, month, person) rows, from which both the
    organisation's own flow and its units' rows are counted. The unit is the path of the child of
    `org` the person's branch lies under (for a branch: its own path)."""
    unit = Substr("case__org_path", 1, len(org.path) + org.steplen)
    history = history_in(org, year).annotate(event=_event_case(), unit=unit, m=_month("effective_date"))
    letters = _letters(org, year).annotate(event=Value("applied", output_field=CharField()), unit=unit,
                                           m=_month("received_date"))
    out: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for qs in (history, letters):
        for event, unit_path, month, person in (qs.values_list("event", "unit", "m", "case").distinct()
                                                .order_by().iterator(chunk_size=5000)):
            out[event][unit_path][int(month)].add(person)
    return out


def flow_of(org: Organisation, year: int, people: dict | None = None) -> Flow:
    """The year's flow of `org` (`people`: `event_people(org, year)` when the caller has it already)."""
    flow = Flow(year=year)
    for key in EVENT_KEYS:
        _add_counts(flow, key, 0, {}, {})
    people = event_people(org, year) if people is None else people
    for event, units in people.items():
        months: dict = defaultdict(set)
        for by_month in units.values():
            for month, persons in by_month.items():
                months[month] |= persons
        _add_counts(flow, event, *_summarise(months))
    for direction in ("in", "out"):
        _add_counts(flow, f"transfer_{direction}", *_grouped(_transfers(org, year, direction), "transferred_on"))
    return flow


def _event_case():
    """StageChange.action → flow row, in SQL (several history actions are one row: the returns)."""
    return CaseWhen(*[When(action=a, then=Value(e)) for a, e in ACTION_EVENTS.items()], output_field=CharField())


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
    many have reached each later stage by now (a cancelled probation counts as having been admitted)."""
    people = _letters(org, year).values("case")
    stages = dict(Case.objects.filter(pk__in=people).values_list("stage").annotate(n=Count("id")).order_by())
    total = sum(stages.values())
    reached = {}
    rank = {s: i for i, s in enumerate(STAGE_ORDER)} | {Stage.CANCELLED: STAGE_ORDER.index(Stage.PROBATIONARY)}
    for i, stage in enumerate(STAGE_ORDER):
        n = sum(v for s, v in stages.items() if rank[s] >= i)
        reached[stage] = {"n": n, "percent": percent(n, total)}
    return {"total": total, "reached": reached}


def intervals(org: Organisation, year: int) -> list[dict]:
    """Median days between key steps, for the people who took the later step in `year` (one query)."""
    received = Subquery(ApplicationLetter.objects.filter(case=OuterRef("case"), status=LetterStatus.APPROVED)
                        .order_by("-received_date", "-id").values("received_date")[:1])
    sinces = {action: since for _k, _l, action, since in INTERVALS}
    qs = history_in(org, year).filter(action__in=sinces).annotate(received=received)
    days: dict[str, list] = {action: [] for action in sinces}
    fields = sorted(set(sinces.values()))
    for action, end, *starts in qs.values_list("action", "effective_date", *fields).iterator(chunk_size=5000):
        start = dict(zip(fields, starts, strict=True))[sinces[action]]
        if start is not None and end >= start:
            days[action].append((end - start).days)
    rows = []
    for key, label, action, _since in INTERVALS:
        found = sorted(days[action])
        rows.append({"key": key, "label": label, "people": len(found),
                     "median": median(found) if found else None,
                     "min": found[0] if found else None, "max": found[-1] if found else None})
    return rows


# --- by unit (drill-down) ----------------------------------------------------------------------------

def by_unit(org: Organisation, year: int, people: dict | None = None) -> list[dict]:
    """One row per subordinate unit: the main flows of the year, the people now in each stage, and
    the plan. A few queries over the whole subtree (`people`: `event_people(org, year)`), never one
    per unit."""
    units = child_units(org)
    if not units:
        return []
    length = len(org.path) + org.steplen
    people = event_people(org, year) if people is None else people
    counts: dict[str, dict] = {u.path: dict.fromkeys(EVENT_KEYS, 0) for u in units}
    for event, by_unit_path in people.items():
        for unit_path, months in by_unit_path.items():
            if unit_path in counts:
                counts[unit_path][event] = len(set().union(*months.values()))
    moves = Transfer.objects.filter(case__erased_at__isnull=True, transferred_on__year=year).annotate(
        to_unit=Substr("to_path", 1, length), from_unit=Substr("from_path", 1, length)).exclude(
        to_unit=F("from_unit"))
    for direction, own in (("in", "to"), ("out", "from")):
        for row in (moves.filter(_scope(org, f"{own}_path")).values(f"{own}_unit")
                    .annotate(n=Count("case", distinct=True)).order_by()):
            if row[f"{own}_unit"] in counts:
                counts[row[f"{own}_unit"]][f"transfer_{direction}"] = row["n"]
    stock: dict[str, dict] = {u.path: dict.fromkeys(STAGE_ORDER, 0) for u in units}
    for row in (live_cases_under(org).annotate(unit=Substr("org_path", 1, length)).values("unit", "stage")
                .annotate(n=Count("id")).order_by()):
        if row["unit"] in stock and row["stage"] in stock[row["unit"]]:
            stock[row["unit"]][row["stage"]] = row["n"]
    plans = dict(DevelopmentPlan.objects.filter(unit__in=units, year=year).values_list("unit_id", "quota"))
    rows = []
    for u in units:
        quota = plans.get(u.pk)
        actual = counts[u.path]["probationary"]
        rows.append({"org": u, "counts": counts[u.path], "stock": stock[u.path], "plan": quota,
                     "difference": actual - quota if quota is not None else None})
    return rows


def plan_of(org: Organisation, year: int) -> int | None:
    plan = DevelopmentPlan.objects.filter(unit=org, year=year).values_list("quota", flat=True).first()
    return plan


def percent(n: int, of: int | None) -> float | None:
    return round(100 * n / of, 1) if of else None


def years_offered(today: date) -> list[int]:
    """Next year (its plan: 细则 §37 asks for the year's report and next year's plan), this year and
    ten before."""
    return list(range(today.year + 1, MIN_YEAR - 1, -1))[:12]
