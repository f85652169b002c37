"""What a proposed fix would buy, measured before it is made: patch the scope filter in this process
only, then time the same pages with and without it, alternating. Nothing in the project is changed.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.whatif glob --n 15

Fixes:
  no_branch_select  the branch <select> of the list and reminders filters without its options.
  glob  partydev.orgs.selectors.path_filter matches `path GLOB 'p*'` on SQLite instead of Django's
        `LIKE 'p%'`: SQLite's LIKE is case-insensitive and never uses an index, GLOB does (the paths
        are [0-9A-Z] only, so nothing needs escaping).
"""

import django


def patch_glob():
    """Returns (apply, revert)."""
    from functools import reduce
    from operator import or_

    from django.db.models import CharField, Lookup, Q

    import partydev.orgs.selectors as selectors

    class Under(Lookup):
        lookup_name = "under"

        def as_sql(self, compiler, connection):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            _, rhs_params = self.process_rhs(compiler, connection)
            if connection.vendor == "sqlite":
                return f"{lhs} GLOB %s", [*lhs_params, f"{rhs_params[0]}*"]
            return f"{lhs} LIKE %s", [*lhs_params, f"{rhs_params[0]}%"]

    CharField.register_lookup(Under)

    def path_filter(paths, field="org_path"):
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{field}__under": p}) for p in paths))

    modules = [selectors] + [__import__(m, fromlist=["x"]) for m in (
        "partydev.cases.selectors", "partydev.cases.reminders", "partydev.audit.selectors",
        "partydev.registration.selectors", "bench.views")]
    original = selectors.path_filter

    def use(function):
        for module in modules:
            if hasattr(module, "path_filter"):
                module.path_filter = function

    return (lambda: use(path_filter)), (lambda: use(original))


def patch_no_branch_select():
    """The branch filter rendered without its <option>s (what an autocomplete field would send):
    the list and reminders forms get an empty queryset. Only for pages without ?branch=."""
    from partydev.orgs.models import Organisation

    modules = [__import__(m, fromlist=["x"]) for m in ("partydev.pc.views.applicants",
                                                        "partydev.pc.views.reminders")]
    original = modules[0].branches_visible_to

    def use(function):
        for module in modules:
            module.branches_visible_to = function

    return (lambda: use(lambda user: Organisation.objects.none())), (lambda: use(original))


FIXES = {"glob": patch_glob, "no_branch_select": patch_no_branch_select}


def main():
    import argparse
    import statistics

    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import pages
    from bench.server_timing import _get, percentile, timed

    parser = argparse.ArgumentParser()
    parser.add_argument("fix", choices=sorted(FIXES))
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    apply, revert = FIXES[args.fix]()
    wanted = set(filter(None, args.only.split(",")))
    chosen = [p for p in pages() if not wanted or p.key in wanted]
    clients = {}
    for page in chosen:
        if page.username not in clients:
            clients[page.username] = Client()
            if page.username:
                clients[page.username].force_login(get_user_model().objects.get(username=page.username))
        _get(clients[page.username], page.path)
    before = {p.key: [] for p in chosen}
    after = {p.key: [] for p in chosen}
    # Before and after alternate page by page and round by round, so background load hits both alike.
    for _ in range(args.rounds):
        for page in chosen:
            client, n = clients[page.username], max(1, args.n // args.rounds)
            revert()
            before[page.key] += timed(client, page.path, n)
            apply()
            after[page.key] += timed(client, page.path, n)
    revert()
    print(f"{'page':<24} {'before median/p95 ms':>22} {'after median/p95 ms':>22}")
    for page in chosen:
        b, a = before[page.key], after[page.key]
        print(f"{page.key:<24} {statistics.median(b):10.1f} {percentile(b, 95):10.1f}  "
              f"{statistics.median(a):10.1f} {percentile(a, 95):10.1f}", flush=True)


if __name__ == "__main__":
    django.setup()
    main()
