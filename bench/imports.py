"""Import benchmark (issue 12): a T1-sized file of people in the development process (20,000 people
over 600 branches with 12,000 members on their rosters) checked and confirmed on a fresh SQLite
database, timed step by step.

    python bench/imports.py                      # T1: 20,000 people, 600 branches, 20 members each
    python bench/imports.py --people 1000        # a smaller file (the time per row is the same)

The rows are 40 % applicants, 30 % with the talk, 30 % activists with two contacts: each goes
through the same services a person entered by hand does (docs/import.md). `--late 0.1` makes a
tenth of them full members with all 25 steps dated instead. The blind index uses the
bench cost (`fast`, as bench/run.py); the production cost per 身份证号 is measured apart and
added to the estimate. Results: stdout and var/bench/results/import-*.md."""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--branches", type=int, default=600)
    parser.add_argument("--members", type=int, default=20, help="roster size of each branch")
    parser.add_argument("--late", type=float, default=0.0,
                        help="share of the rows (0–1) that are full members with every step 1–25 dated "
                             "(2014 rules, as tests/imports/test_late_steps.py): the costliest rows")
    parser.add_argument("--production-cost", action="store_true",
                        help="hash the 身份证号 at the production blind-index cost (scrypt, as a real site) "
                             "instead of estimating it")
    args = parser.parse_args()
    db = ROOT / "var" / "bench" / "import.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ.update({"SQLITE_PATH": str(db), "DJANGO_ENV": "development",
                       "BLIND_INDEX_COST": "production" if args.production_cost else "fast",
                       "DJANGO_DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings"})
    os.environ.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)  # noqa: S603
    import django

    django.setup()
    result = run(args)
    out = ROOT / "var" / "bench" / "results" / f"import-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(result)
    print(result)


def build(args):
    from django.contrib.auth import get_user_model

    from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant

    top = Organisation.add_root(name="示范大学党委", kind=OrgKind.COMMITTEE)
    branches = []
    for i in range(args.branches):
        top = Organisation.objects.get(pk=top.pk)
        branches.append(top.add_child(name=f"第{i + 1}党支部", kind=OrgKind.BRANCH))
        if args.late:  # a full member was placed in a 党小组 (step 21)
            branches[-1].add_child(name="第一党小组", kind=OrgKind.GROUP)
    Member.objects.bulk_create([
        Member(branch=b, name=f"党员{i + 1}-{j + 1}", member_type=MemberType.FULL if j else MemberType.PROBATIONARY)
        for i, b in enumerate(branches) for j in range(args.members)], batch_size=2000)
    user = get_user_model().objects.create_user(username="migrator", password="Bench@2026x")
    RoleGrant.objects.create(user=user, role=Role.BRANCH_ADMIN, org=top)
    RoleGrant.objects.create(user=user, role=Role.COMMITTEE_ADMIN, org=top)
    return user, branches


def sheet(args, branches) -> bytes:
    from openpyxl import Workbook

    from partydev.common.idcard import check_character
    from partydev.imports.people import PEOPLE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(PEOPLE.title))
    keys = [c.key for c in PEOPLE.columns]
    ws.append([str(c.label) for c in PEOPLE.columns])
    start = date(1995, 1, 1)
    for n in range(args.people):
        born = start + timedelta(days=n % 3000)
        body = f"110101{born:%Y%m%d}{n % 1000:03d}"
        branch = branches[n % len(branches)]
        received = date(2025, 1, 2) + timedelta(days=n % 60)
        row = {"name": f"导入{n}", "id_number": body + check_character(body), "ethnicity": "汉族",
               "phone": f"139{n:08d}", "education": "大学本科", "work_unit": "示范大学",
               "branch": branch.name, "received": received}
        if n % 1000 < args.late * 1000:
            ws.append([(row | _full_member(n, branches)).get(k) for k in keys])
            continue
        if n % 10 >= 4:
            row["talk"] = received + timedelta(days=10)
        if n % 10 >= 7:
            row["activist_since"] = received + timedelta(days=60)
            row["contacts"] = f"党员{n % len(branches) + 1}-2、党员{n % len(branches) + 1}-3"
        ws.append([row.get(k) for k in keys])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _full_member(n, branches) -> dict:
    """A full member converted under the 2014 rules (郑浩's dates in partydev/demo/members.py), with
    two full members of the branch as contacts and introducers."""
    roster = f"党员{n % len(branches) + 1}-2、党员{n % len(branches) + 1}-3"
    return dict(
        received=date(2023, 9, 12), talk=date(2023, 9, 24), activist_since=date(2024, 3, 1), contacts=roster,
        target_meeting=date(2025, 3, 10), target_since=date(2025, 3, 20), introducers=roster,
        introducers_on=date(2025, 4, 1), review=date(2025, 4, 15), training_start=date(2025, 4, 20),
        training_end=date(2025, 4, 23), training_hours=30, examination=date(2025, 5, 5),
        pre_review=date(2025, 5, 15), volunteer=date(2025, 5, 18), volunteer_serial=f"DR-2025-{n:05d}",
        admission_meeting=date(2025, 6, 1), committee_talk=date(2025, 6, 10), approval=date(2025, 6, 20),
        probation_start=date(2025, 6, 1), probation_end=date(2026, 6, 1), placement=date(2025, 6, 25),
        group="", oath=date(2025, 7, 1), conversion_applied=date(2026, 5, 8),
        conversion_meeting=date(2026, 6, 5), conversion_approval=date(2026, 6, 20), archived=date(2026, 7, 1))


def run(args) -> str:
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def counting():
        count = [0]

        def wrapper(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            yield count

    import hashlib

    from partydev.common.crypto import blind_index, blind_index_cost

    # Count the scrypt calls (the blind index) of the check and the confirmation: the production
    # estimate below adds their production cost.
    scrypt_calls = [0]
    real_scrypt = hashlib.scrypt

    def counted_scrypt(*a, **kw):
        scrypt_calls[0] += 1
        return real_scrypt(*a, **kw)

    hashlib.scrypt = counted_scrypt
    from partydev.imports.models import ImportBatch
    from partydev.imports.people import PEOPLE
    from partydev.imports.services import batch_upload, check_batch, confirm_batch, confirm_start
    from partydev.imports.workbook import read_rows

    times = {}
    t = time.perf_counter()
    user, branches = build(args)
    times["tree and rosters"] = time.perf_counter() - t
    t = time.perf_counter()
    data = sheet(args, branches)
    times["write the file"] = time.perf_counter() - t
    t = time.perf_counter()
    rows = read_rows(data, PEOPLE)
    times["read the file (openpyxl read-only)"] = time.perf_counter() - t
    assert len(rows) == args.people
    batch = batch_upload(importer=user, file_name="t1.xlsx", data=data)
    t = time.perf_counter()
    with counting() as check_q:
        batch = check_batch(batch)
    times["check (preview, every row through the services, rolled back)"] = time.perf_counter() - t
    assert batch.error_rows == 0, ImportBatch.objects.get(pk=batch.pk).payload[:2000]
    t = time.perf_counter()
    with counting() as confirm_q:
        batch = confirm_batch(confirm_start(batch=batch, actor=user))
    times["confirm (every row through the services)"] = time.perf_counter() - t
    assert batch.created_count == args.people, (batch.created_count, batch.failed_count)
    hashes = scrypt_calls[0]
    hashlib.scrypt = real_scrypt
    # The production cost of the blind index, for as many hashes as the check and the confirmation made
    # (one each per number: partydev.common.crypto.blind_index_memo).
    from django.conf import settings

    cost_name = settings.BLIND_INDEX_COST
    settings.BLIND_INDEX_COST = "production"
    t = time.perf_counter()
    for i in range(10):
        blind_index(f"11010119900101{i:03d}X")
    per_hash = (time.perf_counter() - t) / 10
    settings.BLIND_INDEX_COST = cost_name
    total = times["check (preview, every row through the services, rolled back)"] + \
        times["confirm (every row through the services)"]
    # The file's hashes run on IMPORT_HASH_THREADS threads before the rows are checked.
    production = total + hashes * per_hash / settings.IMPORT_HASH_THREADS
    lines = [
        f"# Import benchmark — {args.people:,} people, {args.branches} branches, "
        f"{args.branches * args.members:,} members ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)", "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, SQLite {connection.Database.sqlite_version}; "
        f"load average {os.getloadavg()[0]:.1f} at the end.",
        f"Command: `python bench/imports.py --people {args.people} --branches {args.branches} "
        f"--members {args.members}" + (f" --late {args.late}" if args.late else "")
        + (" --production-cost`" if args.production_cost else "`"), "",
        "| step | seconds | per row (ms) |", "|---|---:|---:|"]
    for step, seconds in times.items():
        lines.append(f"| {step} | {seconds:.1f} | {1000 * seconds / args.people:.1f} |")
    lines.append(f"| **check + confirm** (blind-index cost `{cost_name}`, {blind_index_cost()}, "
                 f"{hashes / args.people:.1f} hashes per row on {settings.IMPORT_HASH_THREADS} threads) | "
                 f"**{total:.1f}** | {1000 * total / args.people:.1f} |")
    if cost_name != "production":
        lines.append(f"| estimate with the production blind-index cost ({per_hash * 1000:.0f} ms per hash) | "
                     f"{production:.1f} | {1000 * production / args.people:.1f} |")
    lines += ["",
        f"Queries: check {check_q[0] / args.people:.0f} per row, confirm {confirm_q[0] / args.people:.0f} per row.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
