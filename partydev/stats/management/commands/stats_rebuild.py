"""manage.py stats_rebuild [--check]: count the statistics' counters again from the history.

The services keep the counters in their own transaction (partydev/stats/counters.py); this recounts
them from the history entries, letters, transfers and cases (the deadlines' counters, StatsDue, from
the Deadline table) — after data was written by something
other than the services (the benchmark generator, a restore) or to verify them (--check: report
the differences, change nothing, exit 1 if any)."""

import time

from django.core.management.base import BaseCommand, CommandError

from partydev.stats.counters import counters_differences, counters_rebuild


class Command(BaseCommand):
    help = "Count the statistics' counters (统计分析) again from the history; --check only compares."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a recount, change nothing")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        if opts["check"]:
            found = counters_differences()
            for table, rows in found.items():
                for key, (kept, counted) in sorted(rows.items(), key=str)[:20]:
                    self.stdout.write(f"{table} {key}: kept {kept}, counted {counted}")
            if found:
                raise CommandError(f"{sum(len(r) for r in found.values())} counters differ from a recount")
            self.stdout.write(f"Counters equal a recount ({time.perf_counter() - started:.1f} s).")
            return
        written = counters_rebuild()
        self.stdout.write("Counters rebuilt in %.1f s: %s" % (time.perf_counter() - started,  # noqa: UP031
                                                            ", ".join(f"{k} {v:,}" for k, v in written.items())))
