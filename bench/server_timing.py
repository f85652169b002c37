"""In-process server time of each page: Django's test Client, a real user (the bench accounts of
generate_data, logged in with force_login: a real session row), N requests after a warm-up.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.server_timing --n 30 --out FILE.json

The n requests of a page are spread over --rounds rounds through all pages. Reports median and p95
in ms, the query count of one request (CaptureQueriesContext) and its three slowest queries, so a
miss can be explained.
"""

import argparse
import json
import math
import statistics
import time

import django

MAX_SECONDS_PER_PAGE = 90  # a slow page stops early; n says how many requests were made


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timed(client, path, n) -> list[float]:
    times, started = [], time.monotonic()
    for _ in range(n):
        t = time.perf_counter()
        _get(client, path)
        times.append((time.perf_counter() - t) * 1000)
        if time.monotonic() - started > MAX_SECONDS_PER_PAGE:
            break
    return times


def queries(client, path) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        size = _get(client, path)
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
    return {"queries": len(ctx.captured_queries), "bytes": size,
            "slowest": [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:600]} for q in slow]}


def _get(client, path) -> int:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(response.content)


def _client_key(page):
    return (page.username, page.path.startswith("/api/"))


def _client(Client, User, page):
    """A test Client logged in as the page's user: a session for the site, a token (as any API client
    gets from /api/v1/auth/token/) for the JSON API, which takes no session."""
    if not page.username:
        return Client()
    user = User.objects.get(username=page.username)
    if page.path.startswith("/api/"):
        from knox.models import AuthToken

        _instance, token = AuthToken.objects.create(user)
        return Client(headers={"Authorization": f"Token {token}"})
    client = Client()
    client.force_login(user)
    return client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated page keys")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import pages

    wanted = set(filter(None, args.only.split(",")))
    chosen = [p for p in pages() if not wanted or p.key in wanted]
    clients = {}
    for page in chosen:  # log in once per user (a session, or a token for the API), warm each page up twice
        if _client_key(page) not in clients:
            clients[_client_key(page)] = _client(Client, get_user_model(), page)
        _get(clients[_client_key(page)], page.path)
        _get(clients[_client_key(page)], page.path)
    # Rounds over all pages, so a burst of load from elsewhere on the machine spreads over them all.
    times = {p.key: [] for p in chosen}
    for _ in range(args.rounds):
        for page in chosen:
            times[page.key] += timed(clients[_client_key(page)], page.path, max(1, args.n // args.rounds))
    results = {}
    for page in chosen:
        t = times[page.key]
        results[page.key] = {"path": page.path, "user": page.username, "what": page.what, "n": len(t),
                             "median_ms": statistics.median(t), "p95_ms": percentile(t, 95),
                             **queries(clients[_client_key(page)], page.path)}
        r = results[page.key]
        print(f"{page.key:<24} median {r['median_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  "
              f"{r['queries']:3d} queries  n={r['n']}", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
