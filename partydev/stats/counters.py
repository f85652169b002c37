"""Counters of the development report, kept by the services in their own transaction.

The report's flow, funnel, cohort, days between steps, units, stock and structure (but the stages'
ages) are read from two tables of totals per organisation — `StatsCount` (people with an event in a
year, quarter or month; the cohort; a histogram of days between steps; the year's new members by
attribute) and `StatsStock` (people now in a stage, by gender, 汉族 / 少数民族 and education) —
instead of counting the subtree's history on every request (docs/statistics.md, "Counters"). The
stages' age bands change every day: `ages_rebuild` materialises them nightly (`StatsStageAge`).

How they stay right: what a person contributes is a pure function of a few facts about that person
(`_contributions`): its distinct (event, month) history entries and letters, its transfers, its
branch, stage and attributes. Those facts are stored as last counted (`StatsPersonEvent`,
`StatsPersonStock`). After every write to a person the services call `cases_refresh`, which reads
the person's facts again, compares them with the stored ones and adds the difference of the two
contributions to the totals — so a person counts once per event and period in each organisation
above its branch, a return or a rejected letter takes a count away again, and a transfer moves the
person's counts to the new branch's organisations. The services call it through
`cases.services.derived` (every write that refreshes the deadlines refreshes these), `case_erase`
(`case_forget`, before the person's rows are deleted), and the tree's move and merge (the people
under the moved organisation). `counters_rebuild` (management command `stats_rebuild`) recounts
everything from the history; the tests compare both with direct counts.

The deadlines are counted too (`StatsDue`: deadlines per organisation, kind and due date, for the
home page's reminder counts). A person's deadlines are derived rows, replaced on every write
(`cases.services.derived`), so the services add the difference of the old and the new rows
(`dues_delta`, `dues_add`); `case_forget` takes an erased person's away, and after a tree's move or
merge `paths_refresh` moves the deadlines of the people whose branch path changed from the old path's
organisations (the path their stock was last counted under) to the new path's.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.functions import Length

from partydev.cases.models import ApplicationLetter, Case, Deadline, StageChange, Transfer
from partydev.orgs.models import Organisation
from partydev.process.enums import STAGE_ORDER, LetterStatus, Stage

from .events import ACTION_EVENTS, AGE_BANDS, HAN, INTERVALS, age_band, age_on
from .models import (
    QUARTER_BASE,
    YEAR_PERIOD,
    StatsCount,
    StatsDue,
    StatsPersonEvent,
    StatsPersonStock,
    StatsStageAge,
    StatsStock,
)

TRANSFER = "transfer"
COHORT = "c:"  # StatsCount.event of the cohort: "c:<stage now>", by the year the application was received
# A cancelled probation counts as having been admitted (selectors.cohort).
COHORT_RANK = {s: i for i, s in enumerate(STAGE_ORDER)} | {Stage.CANCELLED: STAGE_ORDER.index(Stage.PROBATIONARY)}

INTERVAL = "i"  # StatsCount.event "i<n>:<days>": days between the steps of INTERVALS[n], the later in the year
NEW = "n:"  # StatsCount.event "n:<attribute>": the structure of the year's new (probationary) members
AGE = "a:"  # StatsPersonEvent.event "a:<band>": a new member's age band on the day of admission
INTERVAL_ACTIONS = {action: (i, since.removeprefix("case__")) for i, (_k, _l, action, since) in enumerate(INTERVALS)}
SINCE_FIELDS = sorted({since for _i, since in INTERVAL_ACTIONS.values()} - {"received"})
YOUNG_BANDS = {k for k, _label, _low, high in AGE_BANDS if high <= 35}

# (event, year, month, org_path, from_path)
Fact = tuple[str, int, int, str, str]
# (org_path, stage, gender, minority, education)
StockKey = tuple[str, str, str, bool, str]
# (org_path, kind, due_date): a Deadline row, or a StatsDue key
DueKey = tuple[str, str, date]
DUE_FIELDS = ("org_path", "kind", "due_date")


def ancestors(path: str) -> list[str]:
    """The organisation at `path` and every one above it."""
    step = Organisation.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def periods(month: int) -> tuple[int, int, int]:
    return month, QUARTER_BASE + (month - 1) // 3 + 1, YEAR_PERIOD


# --- what a person contributes -----------------------------------------------------------------------

def _contributions(facts: Iterable[Fact], stock: StockKey | None) -> tuple[set, set]:
    """(StatsCount keys (org_path, event, year, period), StatsStock keys) that count this person once."""
    counts = set()
    applied_years, admitted_years, ages = set(), set(), {}
    for event, year, month, org_path, from_path in facts:
        if event == TRANSFER:
            into, out_of = set(ancestors(org_path)), set(ancestors(from_path))
            nodes = [(p, "transfer_in") for p in into - out_of] + [(p, "transfer_out") for p in out_of - into]
        elif event.startswith(INTERVAL):
            # Days between two steps, the later one in `year`: a histogram per organisation and year.
            counts.update((p, event, year, YEAR_PERIOD) for p in ancestors(org_path))
            continue
        elif event.startswith(AGE):
            ages[year] = event[len(AGE):]
            continue
        else:
            nodes = [(p, event) for p in ancestors(org_path)]
            applied_years.update([year] if event == "applied" else [])
            admitted_years.update([year] if event == "probationary" else [])
        for path, name in nodes:
            for period in periods(month):
                counts.add((path, name, year, period))
    stocks = set()
    if stock is not None:
        path, stage, gender, minority, education = stock
        new_member = [f"{NEW}g:{gender}", f"{NEW}{'min' if minority else 'han'}", f"{NEW}e:{education}"]
        for p in ancestors(path):
            stocks.add((p, stage, gender, minority, education))
            # The cohort: the stage the people who applied in a year have reached (their branch now).
            counts.update((p, COHORT + stage, year, YEAR_PERIOD) for year in applied_years)
            # The structure of the year's new members (age on the day of admission).
            for year in admitted_years:
                band = [f"{NEW}a:{ages[year]}"] + ([f"{NEW}young"] if ages[year] in YOUNG_BANDS else []) \
                    if year in ages else []
                counts.update((p, key, year, YEAR_PERIOD) for key in [*new_member, *band])
    return counts, stocks


# --- the facts, from the history (live) or as last counted (stored) ----------------------------------------

def _live_facts(case_ids: list[int] | None) -> tuple[dict, dict]:
    """case id → set of facts, case id → stock key, read from what the services wrote (None: everyone)."""
    def only(qs, field="case_id"):
        return qs if case_ids is None else qs.filter(**{f"{field}__in": case_ids})

    facts: dict[int, set] = defaultdict(set)
    steps: dict[int, list] = defaultdict(list)  # the history entries that end an interval
    admitted: dict[tuple, tuple] = {}  # (case, year) → (latest day of admission, path)
    history = only(StageChange.objects.filter(action__in=ACTION_EVENTS, case__erased_at__isnull=True))
    for case_id, action, on, path in history.values_list("case_id", "action", "effective_date",
                                                        "case__org_path").iterator(chunk_size=5000):
        facts[case_id].add((ACTION_EVENTS[action], on.year, on.month, path, ""))
        if action in INTERVAL_ACTIONS:
            steps[case_id].append((action, on, path))
        if action == "admitted":
            admitted[(case_id, on.year)] = max(admitted.get((case_id, on.year), (on, path)), (on, path))
    received: dict[int, tuple] = {}  # the latest approved letter: (received_date, id)
    letters = only(ApplicationLetter.objects.filter(status__in=(LetterStatus.APPROVED, LetterStatus.SUBMITTED),
                                                    case__erased_at__isnull=True))
    for case_id, on, status, pk, path in letters.values_list("case_id", "received_date", "status", "pk",
                                                             "case__org_path").iterator(chunk_size=5000):
        facts[case_id].add(("applied", on.year, on.month, path, ""))
        if status == LetterStatus.APPROVED:
            received[case_id] = max(received.get(case_id, (on, pk)), (on, pk))
    transfers = only(Transfer.objects.filter(case__erased_at__isnull=True))
    for case_id, on, to_path, from_path in transfers.values_list("case_id", "transferred_on", "to_path",
                                                                 "from_path").iterator(chunk_size=5000):
        facts[case_id].add((TRANSFER, on.year, on.month, to_path, from_path))
    stock = {}
    cases = only(Case.objects.filter(erased_at__isnull=True), "pk")
    for case_id, path, stage, gender, ethnicity, education, *sinces in cases.values_list(
            "pk", "org_path", "stage", "gender", "ethnicity", "education", *SINCE_FIELDS).iterator(chunk_size=5000):
        stock[case_id] = (path, stage, gender, ethnicity != HAN, education)
        starts = dict(zip(SINCE_FIELDS, sinces, strict=True)) | {"received": received.get(case_id, (None,))[0]}
        for action, end, path in steps.get(case_id, ()):
            index, since = INTERVAL_ACTIONS[action]
            start = starts[since]
            if start is not None and end >= start:
                facts[case_id].add((f"{INTERVAL}{index}:{(end - start).days}", end.year, end.month, path, ""))
    _admission_ages(facts, admitted)
    return facts, stock


def _admission_ages(facts: dict, admitted: dict) -> None:
    """The age band of each new (probationary) member on its (latest) day of admission in each year,
    as a fact: the date of birth is stored encrypted and decrypted here once, when the person is
    counted, never by the report. `admitted`: (case, year) → (day, branch path)."""
    ids = sorted({case_id for case_id, _year in admitted})
    born = {}
    for start in range(0, len(ids), 2000):
        born.update(Case.objects.filter(pk__in=ids[start:start + 2000]).values_list("pk", "birth_date"))
    for (case_id, year), (on, path) in admitted.items():
        if born.get(case_id) is not None:
            facts[case_id].add((AGE + age_band(age_on(born[case_id], on)), year, on.month, path, ""))


def _stored_facts(case_ids: list[int]) -> tuple[dict, dict]:
    facts: dict[int, set] = defaultdict(set)
    for case_id, *fact in StatsPersonEvent.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "event", "year", "month", "org_path", "from_path"):
        facts[case_id].add(tuple(fact))
    stock = {case_id: tuple(key) for case_id, *key in StatsPersonStock.objects.filter(case_id__in=case_ids)
             .values_list("case_id", "org_path", "stage", "gender", "minority", "education")}
    return facts, stock


# --- keeping them ------------------------------------------------------------------------------------

def cases_refresh(case_ids: Iterable[int], *, paths_rewritten: bool = False) -> None:
    """Count these people again from what the services wrote (call it in the writer's transaction,
    after the write): only the difference reaches the totals. `paths_rewritten` (a tree's move or
    merge, `paths_refresh`): the people's deadlines were not replaced but their paths rewritten, so
    their deadline counts move too from the path last counted to the new one (any other write
    replaces the deadlines, and `_deadlines_replace` counts the difference itself)."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    counts, stocks = Counter(), Counter()
    moves: dict[int, str] | None = {} if paths_rewritten else None
    with transaction.atomic():
        for start in range(0, len(ids), 2000):
            _refresh_chunk(ids[start:start + 2000], counts, stocks, moves)
        _add(StatsCount, ("org_path", "event", "year", "period"), counts)
        _add(StatsStock, ("org_path", "stage", "gender", "minority", "education"), stocks)
        if moves:
            dues_add(_dues_moved(moves))


def _refresh_chunk(ids: list[int], counts: Counter, stocks: Counter, moves: dict | None = None) -> None:
    new_facts, new_stock = _live_facts(ids)
    old_facts, old_stock = _stored_facts(ids)
    for case_id in ids:
        old_f, new_f = old_facts.get(case_id, set()), new_facts.get(case_id, set())
        old_s, new_s = old_stock.get(case_id), new_stock.get(case_id)
        if old_f == new_f and old_s == new_s:
            continue
        if moves is not None and old_s is not None and new_s is not None and old_s[0] != new_s[0]:
            moves[case_id] = old_s[0]  # the branch path the person's deadlines were counted under
        old_c, old_st = _contributions(old_f, old_s)
        new_c, new_st = _contributions(new_f, new_s)
        counts.update(dict.fromkeys(new_c - old_c, 1))
        counts.subtract(dict.fromkeys(old_c - new_c, 1))
        stocks.update(dict.fromkeys(new_st - old_st, 1))
        stocks.subtract(dict.fromkeys(old_st - new_st, 1))
        _store(case_id, old_f, new_f, old_s, new_s)


def paths_refresh(paths: Iterable[str]) -> int:
    """Count again everyone whose branch or transfers lie under these organisations, now or as last
    counted: after an organisation moved (its old and new path) or a branch merged into another (both
    paths). People counted again."""
    ids: set[int] = set()
    for path in paths:
        ids.update(Case.objects.filter(org_path__under=path).values_list("pk", flat=True))
        ids.update(Transfer.objects.filter(Q(to_path__under=path) | Q(from_path__under=path))
                   .values_list("case_id", flat=True))
        ids.update(StatsPersonEvent.objects.filter(Q(org_path__startswith=path) | Q(from_path__startswith=path))
                   .values_list("case_id", flat=True))
        ids.update(StatsPersonStock.objects.filter(org_path__startswith=path).values_list("case_id", flat=True))
    cases_refresh(ids, paths_rewritten=True)
    return len(ids)


def case_forget(case_id: int) -> None:
    """Take a person out of every count (case_erase, before the person's rows are deleted)."""
    with transaction.atomic():
        old_facts, old_stock = _stored_facts([case_id])
        counts, stocks = _contributions(old_facts.get(case_id, set()), old_stock.get(case_id))
        _store(case_id, old_facts.get(case_id, set()), set(), old_stock.get(case_id), None)
        _add(StatsCount, ("org_path", "event", "year", "period"), Counter(dict.fromkeys(counts, -1)))
        _add(StatsStock, ("org_path", "stage", "gender", "minority", "education"), Counter(dict.fromkeys(stocks, -1)))
        # The person's deadlines are deleted with its other rows.
        dues_add(dues_delta(due_rows(case_id), ()))


def _store(case_id, old_f: set, new_f: set, old_s, new_s) -> None:
    gone = old_f - new_f
    if gone:
        fields = ("event", "year", "month", "org_path", "from_path")
        for fact in gone:
            StatsPersonEvent.objects.filter(case_id=case_id, **dict(zip(fields, fact, strict=True))).delete()
    StatsPersonEvent.objects.bulk_create([_fact_row(case_id, f) for f in new_f - old_f])
    if old_s != new_s:
        StatsPersonStock.objects.filter(case_id=case_id).delete()
        if new_s is not None:
            StatsPersonStock.objects.create(case_id=case_id, **_stock_fields(new_s))


def _fact_row(case_id: int, fact: Fact) -> StatsPersonEvent:
    event, year, month, org_path, from_path = fact
    return StatsPersonEvent(case_id=case_id, event=event, year=year, month=month, org_path=org_path,
                            from_path=from_path)


def _stock_fields(key: StockKey) -> dict:
    return dict(zip(("org_path", "stage", "gender", "minority", "education"), key, strict=True))


def _add(model, fields: tuple[str, ...], deltas: Counter) -> None:
    """n += delta for each key, in one statement (INSERT … ON CONFLICT DO UPDATE, on SQLite and
    PostgreSQL alike: race-free, and the keys in sorted order so two writers lock rows in one order)."""
    rows = sorted((key, d) for key, d in deltas.items() if d)
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    one = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        sql = (f"INSERT INTO {table} ({columns}, n) VALUES {', '.join([one] * len(chunk))} "  # noqa: S608
               f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n")
        params = [v for key, d in chunk for v in (*key, d)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


# --- the deadlines due, per organisation (StatsDue) ----------------------------------------------------

def due_rows(case_id: int) -> list[DueKey]:
    """The person's stored deadlines as (org_path, kind, due_date), each at the path it was stored with."""
    return list(Deadline.objects.filter(case_id=case_id).values_list(*DUE_FIELDS))


def dues_delta(old: Iterable[DueKey], new: Iterable[DueKey], into: Counter | None = None) -> Counter:
    """−1 per old deadline and +1 per new one on every organisation above its path (added to `into`):
    a deadline that did not change cancels out."""
    into = Counter() if into is None else into
    for sign, rows in ((-1, old), (1, new)):
        for path, kind, due in rows:
            for p in ancestors(path):
                into[(p, kind, due)] += sign
    return into


def dues_add(deltas: Counter) -> None:
    """Add these differences to StatsDue in one statement (in the writer's transaction)."""
    _add(StatsDue, DUE_FIELDS, deltas)


def _dues_moved(moves: dict[int, str]) -> Counter:
    """case id → the path its deadlines were counted under: their counts move from that path's
    organisations to those of the path the deadlines carry now (rewritten by the move or merge)."""
    deltas: Counter = Counter()
    ids = sorted(moves)
    for start in range(0, len(ids), 2000):
        for case_id, path, kind, due in Deadline.objects.filter(case_id__in=ids[start:start + 2000]).values_list(
                "case_id", *DUE_FIELDS):
            dues_delta([(moves[case_id], kind, due)], [(path, kind, due)], deltas)
    return deltas


def _dues_by_level() -> list[str]:
    """StatsDue as it should be, as one grouping statement per level of the tree: the Deadline rows
    counted by (the path's first `level` steps, kind, date). The database groups 2.7 million deadlines
    of a province in seconds, where grouping them in Python held tens of millions of keys."""
    step = Organisation.steplen
    deadline = Deadline._meta.db_table
    longest = Deadline.objects.aggregate(n=Max(Length("org_path")))["n"] or 0
    return [f"SELECT SUBSTR(org_path, 1, {n}), kind, due_date, COUNT(*) FROM {deadline} "  # noqa: S608
            f"WHERE LENGTH(org_path) >= {n} GROUP BY 1, 2, 3" for n in range(step, longest + 1, step)]


def _dues_recount() -> Counter:
    """StatsDue as it should be (for the check), from the same statements as the rebuild."""
    dues: Counter = Counter()
    with connection.cursor() as cursor:
        for sql in _dues_by_level():
            cursor.execute(sql)
            for path, kind, due, n in cursor.fetchall():
                dues[(path, kind, due if isinstance(due, date) else date.fromisoformat(due))] = n
    return dues


def dues_rebuild() -> int:
    """Count StatsDue again from the Deadline table (replacing it), in the database. Rows written."""
    table = StatsDue._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        StatsDue.objects.all().delete()
        for sql in _dues_by_level():
            cursor.execute(f"INSERT INTO {table} (org_path, kind, due_date, n) {sql}")  # noqa: S608
    return StatsDue.objects.count()


# --- rebuilding them ---------------------------------------------------------------------------------

def _recount():
    """Everyone's facts and stock read again from the history, and the counters they add up to."""
    facts, stock = _live_facts(None)
    counts, stocks = Counter(), Counter()
    for case_id in set(facts) | set(stock):
        c, s = _contributions(facts.get(case_id, ()), stock.get(case_id))
        counts.update(c)
        stocks.update(s)
    return facts, stock, counts, stocks


def counters_rebuild(*, dues: bool = True) -> dict[str, int]:
    """Count everything again from the history, letters, transfers and cases (what the per-request
    queries of selectors.py count), replacing the four tables, and the deadlines' (StatsDue) from the
    Deadline table unless `dues` is false (migration 0003, before StatsDue existed). Rows written per
    table."""
    with transaction.atomic():
        facts, stock, counts, stocks = _recount()
        for model in (StatsPersonEvent, StatsPersonStock, StatsCount, StatsStock):
            model.objects.all().delete()
        StatsPersonEvent.objects.bulk_create((_fact_row(case_id, f) for case_id, fs in facts.items() for f in fs),
                                             batch_size=5000)
        StatsPersonStock.objects.bulk_create((StatsPersonStock(case_id=case_id, **_stock_fields(key))
                                              for case_id, key in stock.items()), batch_size=5000)
        StatsCount.objects.bulk_create((StatsCount(org_path=p, event=e, year=y, period=per, n=n)
                                        for (p, e, y, per), n in counts.items()), batch_size=5000)
        StatsStock.objects.bulk_create((StatsStock(n=n, **_stock_fields(key)) for key, n in stocks.items()),
                                       batch_size=5000)
        written = {"person_events": sum(len(f) for f in facts.values()), "person_stock": len(stock),
                   "counts": len(counts), "stock": len(stocks)}
        if dues:
            written["dues"] = dues_rebuild()
    return written


def counters_differences() -> dict:
    """What a rebuild would change (empty when the kept counters are right): for the tests and the
    command's --check."""
    _facts, _stock, counts, stocks = _recount()
    kept_counts = Counter({(p, e, y, per): n for p, e, y, per, n in StatsCount.objects.values_list(
        "org_path", "event", "year", "period", "n") if n})
    kept_stocks = Counter({key[:-1]: key[-1] for key in StatsStock.objects.values_list(
        "org_path", "stage", "gender", "minority", "education", "n") if key[-1]})
    dues = _dues_recount()
    kept_dues = Counter({key[:-1]: key[-1] for key in StatsDue.objects.values_list(*DUE_FIELDS, "n") if key[-1]})
    out = {}
    for name, want, kept in (("counts", counts, kept_counts), ("stock", stocks, kept_stocks),
                             ("dues", dues, kept_dues)):
        diff = {k: (kept.get(k, 0), want.get(k, 0)) for k in set(want) | set(kept) if kept.get(k, 0) != want.get(k, 0)}
        if diff:
            out[name] = diff
    return out


# --- the stages' ages, nightly -------------------------------------------------------------------------

def ages_rebuild(today) -> int:
    """Materialise the age bands on `today` of the people in each stage, per organisation
    (StatsStageAge; `manage.py stats_ages`, nightly): every date of birth decrypted once (~80 µs a
    person). Rows written."""
    bands: Counter = Counter()
    people = Case.objects.filter(erased_at__isnull=True, stage__in=STAGE_ORDER)
    for path, stage, born in people.values_list("org_path", "stage", "birth_date").iterator(chunk_size=5000):
        if born is None:
            continue
        age = age_on(born, today)
        for p in ancestors(path):
            bands[(p, stage, age_band(age))] += 1
            if age <= 35:
                bands[(p, stage, "young")] += 1
    with transaction.atomic():
        StatsStageAge.objects.all().delete()
        StatsStageAge.objects.bulk_create((StatsStageAge(org_path=p, stage=s, band=b, n=n, counted_on=today)
                                           for (p, s, b), n in bands.items()), batch_size=5000)
    return len(bands)
