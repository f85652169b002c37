"""Load test: gunicorn (2 workers) on 127.0.0.1 and wrk against each page, with the session cookie
of the page's user, logged in once through the real login form.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.load --duration 10 --out FILE.json

Every run is bounded: wrk runs `--duration` seconds per page in all, split over --rounds rounds
(timeout 30 s per request); gunicorn is stopped at the end; only loopback addresses are used.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers, as a context manager that always stops it."""

    def __init__(self, workers=2):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.cmd = [str(gunicorn), "config.wsgi:application", "-w", str(workers), "-b", f"{HOST}:{self.port}",
                    "--timeout", "120", "--log-level", "warning"]

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=os.environ.copy())  # noqa: S603  (our own argv)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/bench/ok/", timeout=2).read()  # noqa: S310  (http://127.0.0.1)
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # a loaded machine: slow first answer
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start within 60 s")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def login(base: str, username: str, password: str) -> str:
    """Log in through the login form (CSRF token included); returns the Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    page = opener.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base + "/accounts/login/", data=data,  # noqa: S310
                                     headers={"Referer": base + "/"})
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError as exc:  # the 302 after a successful login
        if exc.code != 302:
            raise
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login as {username} failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def check(base: str, path: str, cookie: str) -> None:
    """The page must answer 200 to this cookie (not a redirect to the login page)."""
    opener = urllib.request.build_opener(NoRedirect())
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
    try:
        status = opener.open(request, timeout=120).status
    except urllib.error.HTTPError as exc:
        status = exc.code
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")


def wrk(base: str, path: str, cookie: str, duration: int, connections: int) -> dict:
    cookie_header = ["-H", f"Cookie: {cookie}"] if cookie else []
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s",
           str(HERE / "wrk_report.lua"), *cookie_header, base + path]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True).stdout  # noqa: S603
    data = json.loads(out.split("WRK_JSON ", 1)[1].splitlines()[0])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["p95_ms"] = data["p95_us"] / 1000
    data["p50_ms"] = data["p50_us"] / 1000
    return data


def settle(base: str, limit: float = 180) -> None:
    """Wait until the workers are free again: wrk stops sending, but requests already queued (a page
    that takes seconds) keep both workers busy and would be billed to the next page."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(base + "/bench/ok/", timeout=60).read()  # noqa: S310  (loopback)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            continue
        if time.monotonic() - started < 0.5:
            return


def combine(runs: list[dict]) -> dict:
    """Rounds of one page: total requests over total time; latencies of the median round among
    those that completed any request."""
    duration = sum(r["duration_us"] for r in runs) / 1e6
    answered = sorted((r for r in runs if r["requests"] > 0), key=lambda r: r["p95_us"])
    middle = answered[len(answered) // 2] if answered else {"p50_ms": 0.0, "p95_ms": 0.0}
    return {"requests": sum(r["requests"] for r in runs), "seconds": duration,
            "rps": sum(r["requests"] for r in runs) / duration, "rounds": len(runs),
            "p50_ms": middle["p50_ms"], "p95_ms": middle["p95_ms"],
            "non200": sum(r["non200"] for r in runs), "socket_errors": sum(r["socket_errors"] for r in runs)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="--duration is split over this many rounds")
    parser.add_argument("--password", default="Bench@2026")
    parser.add_argument("--only", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    django.setup()
    from bench.pages import load_keys, pages

    every = pages()
    wanted = set(filter(None, args.only.split(","))) or set(load_keys(p.key for p in every))
    chosen = [p for p in every if p.key in wanted]
    cookies, runs = {}, {p.key: [] for p in chosen}
    with Server() as server:
        for page in chosen:
            if page.username not in cookies:
                cookies[page.username] = login(server.base, page.username, args.password) if page.username else ""
            check(server.base, page.path, cookies[page.username])
        # Rounds through all pages: load from elsewhere on the machine then hits every page alike.
        for _ in range(args.rounds):
            for page in chosen:
                runs[page.key].append(wrk(server.base, page.path, cookies[page.username],
                                          max(1, args.duration // args.rounds), args.connections))
                settle(server.base)
    results = {page.key: {"path": page.path, "user": page.username, "what": page.what,
                          **combine(runs[page.key])} for page in chosen}
    for key, r in results.items():
        print(f"{key:<24} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms"
              f"  non-200 {r['non200']}  socket errors {r['socket_errors']}", flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
