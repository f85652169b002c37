"""The whole run: options, the empty-database check, one transaction, and the order in which the
tree, the people and the cases draw from the one random generator."""

import bisect
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from partydev.cases.models import Case
from partydev.orgs.models import Role
from partydev.stats.counters import ages_rebuild, counters_rebuild

from .case import CaseBuilder
from .people import REGIONS_T1, REGIONS_T2, People
from .roster import Accounts, Place, write_rosters
from .tiers import BROKEN_SHARE, TIERS, TRANSFER_SHARE
from .tree import Node, build_tree, unit_of, write_orgs
from .weights import cumulative
from .writers import Writer, make_sink

BENCH_USERS = ("bench_branch", "bench_committee", "bench_top")
# Created only where the tree has a second middle level (T2: the 市县党委 above bench_committee's 基层党委).
BENCH_MIDDLE_USER = "bench_city"


@dataclass
class Options:
    tier: str = "T1"
    seed: int = 1
    scale: float = 1.0
    today: date | None = None
    password: str = "Bench@2026"
    audit: bool = True
    keep_plan: bool = False  # tests: return every case's point and whether it breaks a rule


@dataclass
class Summary:
    counts: dict
    seconds: dict
    bench_users: dict
    cases: list = field(default_factory=list)


class EmptyDatabaseRequired(Exception):
    pass


def generate(options: Options, out=print) -> Summary:
    if Case.objects.exists():
        raise EmptyDatabaseRequired("The cases table is not empty: generate_data only fills an empty database.")
    with transaction.atomic():
        summary = Run(options, out).run()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:  # VACUUM needs autocommit
        # Fresh statistics, as autovacuum would gather a little later: plans are then those of a
        # settled production database, not of tables the planner believes empty.
        started = time.monotonic()
        with connection.cursor() as cursor:
            # VACUUM cannot run inside a transaction (as in the tests); ANALYZE alone can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        summary.seconds["vacuum_analyze"] = time.monotonic() - started
    return summary


class Run:
    def __init__(self, options: Options, out):
        self.o, self.out = options, out
        self.tier = TIERS[options.tier]
        self.today = options.today or timezone.localdate()
        self.rng = random.Random(options.seed)
        self.sink = make_sink()
        self.w = Writer(self.sink)
        self.seconds: dict[str, float] = {}

    def run(self) -> Summary:
        t0 = time.monotonic()
        self.sink.before(list(self.w.tables.values()))
        root, branches = self._orgs()
        places = self._people(root, branches)
        plan = self._cases(branches, places)
        self.w.flush()
        self.seconds["generate_and_load"] = time.monotonic() - t0
        self.seconds["of_which_db_writes"] = self.sink.seconds
        t1 = time.monotonic()
        self.sink.after(list(self.w.tables.values()), self.out)
        self.seconds["indexes"] = time.monotonic() - t1
        # The history above was written directly, not by the services that keep the statistics'
        # counters: count them from it, as `manage.py stats_rebuild` does.
        t2 = time.monotonic()
        counters_rebuild()
        ages_rebuild(self.today)  # and the stages' ages, as the nightly `manage.py stats_ages`
        self.seconds["stats_counters"] = time.monotonic() - t2
        self.seconds["total"] = time.monotonic() - t0
        return Summary(self.w.counts() | {"org": self.w["org"].count + 1}, self.seconds, self.bench,
                       plan if self.o.keep_plan else [])

    def _orgs(self):
        root, branches = build_tree(self.rng, self.tier.name, self.o.scale, self.w["org"])
        n = write_orgs(root, self.w["org"])
        self.out(f"organisations: {n + 1:,} ({len(branches):,} branches)")
        return root, branches

    def _people(self, root: Node, branches: list[Node]) -> dict[int, Place]:
        rng = self.rng
        self.people = People(rng, REGIONS_T2 if self.tier.name == "T2" else REGIONS_T1)
        self.accounts = Accounts(rng, self.w, datetime.combine(self.today - timedelta(days=5 * 365),
                                                               datetime.min.time(), tzinfo=UTC))
        self.accounts.admins(root)
        rosters = write_rosters(rng, branches, self.tier, self.people, self.w["member"])
        admin = self.accounts.admin_of
        places = {}
        for b in branches:
            committee = b.committee
            places[b.id] = Place(b, admin[b.id], committee, admin[committee.id], rosters[b.id], unit_of(b))
        self.out(f"accounts, grants and rosters: {self.w['user'].count + len(self.w['user'].rows):,} users, "
                 f"{sum(len(r) for r in rosters.values()):,} members")
        return places

    def _cases(self, branches: list[Node], places: dict[int, Place]) -> list:
        per_branch = self._allocate(branches)
        builder = CaseBuilder(self.rng, self.w, self.people, self.today, self.tier, self.o.audit)
        builder.accounts = self.accounts
        total, done, plan, t0 = sum(per_branch), 0, [], time.monotonic()
        step = max(1, total // 20)
        for branch, n in zip(branches, per_branch, strict=True):
            for _ in range(n):
                c = self._one_case(builder, places, branch, branches)
                if self.o.keep_plan:
                    plan.append(SimpleNamespace(id=c.id, public_id=c.public_id, point=c.point, broken=c.broken,
                                                stage=c.stage, id_number=c.id_number))
                done += 1
                if done % step == 0:
                    rate = done / (time.monotonic() - t0)
                    self.out(f"  cases {done:,}/{total:,} ({100 * done // total}%), {rate:,.0f} cases/s")
        self._bench_users(branches, places, per_branch)
        return plan

    def _one_case(self, builder: CaseBuilder, places, branch: Node, branches: list[Node]):
        rng = self.rng
        activist = rng.random() < self.tier.activist_share
        broken = rng.random() < BROKEN_SHARE
        old = None
        if activist and rng.random() < TRANSFER_SHARE and len(branches) > 1:
            old = places[rng.choice(branches).id]
            old = None if old.branch.id == branch.id else old
        return builder.build(places[branch.id], old, activist, broken)

    def _allocate(self, branches: list[Node]) -> list[int]:
        """Skewed sizes: a lognormal weight per branch, larger for student branches; the total
        number of cases is then drawn branch by branch."""
        rng = self.rng
        boost = {"本科生": 2.0, "研究生": 1.2, "教工": 0.3, "university": 6.0, "urban": 1.2, "enterprise": 1.0,
                 "rural": 0.5}
        weights = [rng.lognormvariate(0, 1.0) * boost.get(b.flavor, 1.0) for b in branches]
        cum = cumulative(weights)
        counts = [0] * len(branches)
        for _ in range(max(1, round(self.tier.cases * self.o.scale))):
            counts[bisect.bisect(cum, rng.random() * cum[-1])] += 1
        return counts

    def _bench_users(self, branches, places, per_branch) -> None:
        """Accounts with a known password: the admin of the biggest branch, of the biggest 党委 below
        the root, and of the root (university or province); where that 党委's parent is not the root
        (T2), also the admin of that parent (bench_city), so every middle level is measured."""
        password = make_password(self.o.password)
        biggest = max(zip(per_branch, range(len(branches)), strict=True))[1]
        branch = branches[biggest]
        sizes: dict[int, int] = {}
        for b, n in zip(branches, per_branch, strict=True):
            if b.committee.parent is not None:
                sizes[b.committee.id] = sizes.get(b.committee.id, 0) + n
        committee_id = max(sizes, key=sizes.get) if sizes else branch.committee.id
        committee = next(b.committee for b in branches if b.committee.id == committee_id)
        root = committee
        while root.parent is not None:
            root = root.parent
        self.bench = {}
        accounts = [("bench_branch", Role.BRANCH_ADMIN, branch), ("bench_committee", Role.COMMITTEE_ADMIN, committee),
                    ("bench_top", Role.COMMITTEE_ADMIN, root)]
        if committee.parent is not None and committee.parent.parent is not None:
            accounts.append((BENCH_MIDDLE_USER, Role.COMMITTEE_ADMIN, committee.parent))
        for username, role, org in accounts:
            account = self.accounts.user(username, f"{org.name}（基准测试）", password=password)
            self.accounts.grant(account, role, org)
            self.bench[username] = {"org": org.name, "path": org.path, "role": role}
