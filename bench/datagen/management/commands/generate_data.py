"""manage.py generate_data --tier T1|T2 --seed N [--scale F]: benchmark data (see bench/datagen/)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.datagen.generation import EmptyDatabaseRequired, Options, generate
from bench.datagen.tiers import TIERS


class Command(BaseCommand):
    help = ("Fill an empty database with deterministic benchmark data: T1 = a university (~600 branches, "
            "20,000 cases), T2 = a province (~180,000 branches, 1,000,000 cases); T0 is a tiny tree for tests.")

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--scale", type=float, default=1.0,
                            help="multiply the number of cases and of branches per parent (default 1)")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="the date the data is generated for (default: today); part of the seed")
        parser.add_argument("--password", default="Bench@2026",
                            help="password of the bench_branch, bench_committee and bench_top accounts")
        parser.add_argument("--no-audit", action="store_true", help="skip the audit events")

    def handle(self, *args, **opts):
        if opts["scale"] <= 0:
            raise CommandError("--scale must be positive")
        if opts["tier"] != "T0" and settings.BLIND_INDEX_COST != "fast":
            # One scrypt per case at the production cost (docs/security.md, finding 3): hours for T1/T2.
            raise CommandError("Benchmark data needs BLIND_INDEX_COST=fast (in the environment of this command "
                               "and of the server that reads the data): the production cost of the 身份证号 index "
                               "would take hours. bench/run.py sets it.")
        options = Options(tier=opts["tier"], seed=opts["seed"], scale=opts["scale"], today=opts["today"],
                          password=opts["password"], audit=not opts["no_audit"])
        try:
            summary = generate(options, out=self.stdout.write)
        except EmptyDatabaseRequired as exc:
            raise CommandError(str(exc)) from exc
        for key, n in sorted(summary.counts.items()):
            self.stdout.write(f"  {key:<15} {n:>12,}")
        self.stdout.write(", ".join(f"{k} {v:.1f} s" for k, v in summary.seconds.items()))
        for username, info in summary.bench_users.items():
            self.stdout.write(f"  {username}: {info['role']} of {info['org']} ({info['path']})")
