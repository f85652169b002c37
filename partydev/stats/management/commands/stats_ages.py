"""manage.py stats_ages: the age bands of the people in each stage, per organisation, as of today.

Run it nightly (cron, one node): the report of a scope above stats.structure.AGE_LIMIT people shows
these, with their date, instead of decrypting every date of birth per request (docs/statistics.md)."""

import time

from django.core.management.base import BaseCommand

from partydev.common import clock
from partydev.stats.counters import ages_rebuild


class Command(BaseCommand):
    help = "Count the age bands of the people in each stage per organisation (统计分析; run nightly)."

    def handle(self, *args, **opts):
        started = time.perf_counter()
        rows = ages_rebuild(clock.today())
        self.stdout.write(f"Age bands counted in {time.perf_counter() - started:.1f} s: {rows:,} rows.")
