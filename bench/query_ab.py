"""The queries issue 15 changed, old plan against new, interleaved in one process on SQLite (T1).

    SQLITE_PATH=var/bench/t1.sqlite3 DJANGO_SETTINGS_MODULE=bench.settings python -m bench.query_ab

On a machine shared with other work a whole page's time moves with the load; this times only the
database's part, the old and the new plan one after the other, n rounds, so both see the same load.
The old plan is forced with SQLite's INDEXED BY: the index main's planner chose before the change
(case_stage_name for a 院系's capped count, deadline_scope_due + a sort for the university's
reminders); the new plan is the SQL the selectors run now. Median and p95 in ms per query.
"""

import argparse
import math
import statistics
import time

import django


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    django.setup()
    from django.db import connection

    from bench.pages import bench_org

    committee, top = bench_org("bench_committee").path, bench_org("bench_top").path
    count = ("SELECT COUNT(*) FROM (SELECT id FROM cases_case {idx} WHERE erased_at IS NULL AND {scope} "
             "AND stage = 'applicant' LIMIT 1001)")
    page = ("SELECT d.id, c.name, o.name FROM cases_deadline d {idx} JOIN cases_case c ON c.id = d.case_id "
            "JOIN orgs_organisation o ON o.id = c.branch_id WHERE {scope} AND d.due_date <= date('now', '+30 days') "
            "ORDER BY d.due_date, d.id LIMIT 50")
    pairs = {
        "院系 applicants: capped count": (
            count.format(idx="INDEXED BY case_stage_name", scope=f"org_path GLOB '{committee}*'"),
            count.format(idx="", scope=f"org_path GLOB '{committee}*'")),
        "university reminders: first page": (
            page.format(idx="INDEXED BY deadline_scope_due", scope=f"d.org_path GLOB '{top}*'"),
            page.format(idx="", scope=f"likely(d.org_path GLOB '{top}*')")),
    }
    times = {k: ([], []) for k in pairs}
    with connection.cursor() as cursor:
        for _ in range(args.n):
            for key, (old, new) in pairs.items():
                for i, sql in enumerate((old, new)):
                    started = time.perf_counter()
                    cursor.execute(sql)
                    cursor.fetchall()
                    times[key][i].append((time.perf_counter() - started) * 1000)
        print("| query | old plan | old median / p95 ms | new plan | new median / p95 ms |")
        print("|---|---|---:|---|---:|")
        for key, (old, new) in pairs.items():
            plans = []
            for sql in (old, new):
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plans.append("; ".join(row[3] for row in cursor.fetchall() if "cases_" in row[3] or " d " in row[3]
                                       or "B-TREE" in row[3]))
            o, n = times[key]
            print(f"| {key} | {plans[0]} | {statistics.median(o):.2f} / {percentile(o, 95):.2f} | {plans[1]} | "
                  f"{statistics.median(n):.2f} / {percentile(n, 95):.2f} |")


if __name__ == "__main__":
    main()
