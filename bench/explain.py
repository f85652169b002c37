"""Why is a page slow? Its slowest queries with their plans.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.explain --only list_top_q,reminders_top

Each page is requested once as its bench user with the queries captured; the slowest SELECTs are
explained: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
"""

import argparse

import django


def explain(cursor, vendor: str, sql: str) -> str:
    if vendor == "postgresql":
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())
    cursor.execute("EXPLAIN QUERY PLAN " + sql)
    return "\n".join(row[3] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--top", type=int, default=2)
    args = parser.parse_args()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import pages

    wanted = set(filter(None, args.only.split(",")))
    for page in pages():
        if wanted and page.key not in wanted:
            continue
        client = Client()
        if page.username:
            client.force_login(get_user_model().objects.get(username=page.username))
        client.get(page.path)
        with CaptureQueriesContext(connection) as ctx:
            client.get(page.path)
        selects = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        print(f"=== {page.key} ({page.path}): {len(ctx.captured_queries)} queries")
        with connection.cursor() as cursor:
            for q in sorted(selects, key=lambda q: -float(q["time"]))[:args.top]:
                print(f"--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:300]}")
                print(explain(cursor, connection.vendor, q["sql"]))


if __name__ == "__main__":
    main()
