"""How long recovering a 身份证号 takes from a copy of the database plus BLIND_INDEX_KEY alone (without
FIELD_ENCRYPTION_KEYS): issue 10 finding 3, the numbers in docs/security.md.

    DJANGO_ENV=development .venv/bin/python bench/id_recovery.py [--case PK] [--region 110108]
        [--sample 200] [--years 1960-2008] [--cost production|fast]

Of a person such an attacker sees `id_hash`, the gender (plain text) and the dates of the records, not
the number, the phone or the date of birth (encrypted since migration cases/0010). He enumerates the
candidates: region code × date of birth × sequence number (100 × the 5 digits of the gender), the
check character computed, one blind index each, until one equals `id_hash`. The script hashes
`--sample` candidates at the cost (default: the configured BLIND_INDEX_COST) and multiplies:

* birth date unknown, the region known (the attacker's best case: one district), every day of
  `--years`, and of a 5-year window (an attacker who guesses the age well);
* the same with the region unknown (2,844 county-level codes: a lower bound);
* birth date known (how it was before cases/0010: the 1.3 s attack): 500 candidates, searched for real
  (the script reads the true date with the encryption keys only to show the search works).

Expected time = half the worst case. Single core, as the attack parallelises perfectly: divide by cores.
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

COUNTY_CODES = 2844  # county-level divisions of the PRC (2023); retired codes would add more
SEQUENCES = 100 * 5  # positions 15–16, and position 17 of the known gender


@dataclass
class Report:
    per_hash: float  # seconds
    per_legacy_hash: float  # the bare HMAC-SHA256 index before cases/0010
    candidates_known_region: int
    candidates_narrow: int
    candidates_known_birth_date: int
    known_birth_date_seconds: float
    found: str | None

    def lines(self, years) -> list[str]:
        def cost(n):
            seconds = n * self.per_hash
            if seconds < 3600:
                return f"{n:>14,} candidates  {seconds:>12,.1f} CPU-seconds worst case"
            return f"{n:>14,} candidates  {seconds / 3600:>12,.1f} CPU-hours worst case ({seconds / 7200:,.1f} expected)"

        return [
            f"one blind index: {self.per_hash * 1000:.1f} ms",
            f"birth date unknown ({years[0]}–{years[1]}), region known: {cost(self.candidates_known_region)}",
            f"birth date unknown (a 5-year window), region known: {cost(self.candidates_narrow)}",
            f"birth date unknown ({years[0]}–{years[1]}), region unknown: "
            f"{cost(self.candidates_known_region * COUNTY_CODES)}",
            f"birth date known (before cases/0010), region known: {cost(self.candidates_known_birth_date)}; "
            f"searched for real in {self.known_birth_date_seconds:.1f} s: "
            f"{'found' if self.found else 'NOT found'}",
            f"before cases/0010 (a bare HMAC, {self.per_legacy_hash * 1e6:.1f} µs; the birth date in clear), "
            f"region known: {self.candidates_known_birth_date:,} candidates, "
            f"{self.candidates_known_birth_date * self.per_legacy_hash * 1000:.2f} ms worst case",
        ]


def _days(first: date, last: date) -> int:
    return (last - first).days + 1


def _candidates(region: str, birth: date, gender: str):
    from partydev.common.idcard import check_character

    for seq in range(100):
        for g in "13579" if gender == "M" else "02468":
            first17 = f"{region}{birth:%Y%m%d}{seq:02d}{g}"
            yield first17 + check_character(first17)


def measure(*, case, region: str, sample: int, cost, years: tuple[int, int]) -> Report:
    from partydev.common.crypto import blind_index, legacy_blind_index

    start = date(years[0], 1, 1)
    sample_numbers = [n for i, n in zip(range(sample), _candidates(region, start, case.gender), strict=False)]
    started = time.perf_counter()
    for number in sample_numbers:
        blind_index(number, cost=cost)
    per_hash = (time.perf_counter() - started) / len(sample_numbers)
    started = time.perf_counter()
    for number in sample_numbers * 50:
        legacy_blind_index(number)
    per_legacy_hash = (time.perf_counter() - started) / (len(sample_numbers) * 50)

    found, started = None, time.perf_counter()
    for number in _candidates(region, case.birth_date, case.gender):  # the date read with the keys
        if blind_index(number, cost=cost) == case.id_hash:
            found = number
            break
    searched = time.perf_counter() - started
    return Report(
        per_hash=per_hash, per_legacy_hash=per_legacy_hash,
        candidates_known_region=_days(start, date(years[1], 12, 31)) * SEQUENCES,
        candidates_narrow=_days(start, start + timedelta(days=5 * 365)) * SEQUENCES,
        candidates_known_birth_date=SEQUENCES, known_birth_date_seconds=searched, found=found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", type=int, help="primary key of the case (default: the first)")
    parser.add_argument("--region", default=None, help="region code assumed known (default: the case's own)")
    parser.add_argument("--sample", type=int, default=200, help="hashes timed (default 200)")
    parser.add_argument("--years", default="1960-2008", help="birth years enumerated (default 1960-2008)")
    parser.add_argument("--cost", default=None, help="production or fast (default: BLIND_INDEX_COST)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from partydev.cases.models import Case
    from partydev.common.crypto import BLIND_INDEX_COSTS

    cases = Case.objects.order_by("pk")
    case = cases.get(pk=args.case) if args.case else cases.first()
    if case is None:
        parser.error("no case in the database (make run loads the demo)")
    first, last = (int(y) for y in args.years.split("-"))
    cost_name = args.cost or settings.BLIND_INDEX_COST
    report = measure(case=case, region=args.region or case.id_number[:6], sample=args.sample,
                     cost=BLIND_INDEX_COSTS[cost_name], years=(first, last))
    print(f"cost {cost_name}: {BLIND_INDEX_COSTS[cost_name]}, case {case.pk}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    for line in report.lines((first, last)):
        print(line)
    return 0 if report.found else 1


if __name__ == "__main__":
    sys.exit(main())
