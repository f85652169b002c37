"""Direct counts for the statistics tests: every person's rows walked in Python, one at a time,
instead of the report's GROUP BY queries (partydev/stats/selectors.py)."""

from collections import defaultdict

from partydev.cases.models import Case
from partydev.process.enums import LetterStatus
from partydev.stats import selectors as stats


def under(case, org) -> bool:
    return case.org_path.startswith(org.path)


def direct_flow(org, year):
    """event → {month → set of people}; the year's set under key 0."""
    found = defaultdict(lambda: defaultdict(set))

    def add(event, on, case):
        if on.year == year:
            found[event][on.month].add(case.pk)
            found[event][0].add(case.pk)

    people = Case.objects.filter(erased_at__isnull=True).prefetch_related("history", "applicationletters",
                                                                          "transfers")
    for case in people:
        if under(case, org):
            for h in case.history.all():
                if h.action in stats.ACTION_EVENTS:
                    add(stats.ACTION_EVENTS[h.action], h.effective_date, case)
            for letter in case.applicationletters.all():
                if letter.status in (LetterStatus.APPROVED, LetterStatus.SUBMITTED):
                    add("applied", letter.received_date, case)
        for t in case.transfers.all():
            into, out_of = t.to_path.startswith(org.path), t.from_path.startswith(org.path)
            if into and not out_of:
                add("transfer_in", t.transferred_on, case)
            if out_of and not into:
                add("transfer_out", t.transferred_on, case)
    return found


def direct_stock(org):
    """stage → people now in it under `org`."""
    found = defaultdict(int)
    for case in Case.objects.filter(erased_at__isnull=True):
        if under(case, org):
            found[case.stage] += 1
    return found
