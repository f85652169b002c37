"""The import tests' world: the demo's tree, rosters and accounts (partydev.demo.world), plus an
account that administers 第一党支部 and its 党委 both (the migrator docs/import.md describes)."""

from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from partydev.common.idcard import check_character
from partydev.demo.world import build_accounts, build_rosters, build_tree
from partydev.imports.people import PEOPLE, context_for
from partydev.imports.workbook import build_template
from partydev.orgs.models import Role, RoleGrant
from partydev.process.enums import Education


@pytest.fixture
def iw(db):
    orgs = build_tree()
    build_rosters(orgs)
    users = build_accounts(orgs)
    migrator = get_user_model().objects.create_user(username="migrator", password="x")
    RoleGrant.objects.create(user=migrator, role=Role.BRANCH_ADMIN, org=orgs["第一党支部"])
    RoleGrant.objects.create(user=migrator, role=Role.COMMITTEE_ADMIN, org=orgs["示范党委"])
    users["migrator"] = migrator
    return SimpleNamespace(orgs=orgs, users=users)


def id_number(birth: str, seq: int, male: bool = True) -> str:
    """A valid 18-character number born on `birth` (YYYYMMDD)."""
    body = f"110101{birth}{seq % 100:02d}{(1 if male else 2) + 2 * (seq % 4)}"
    return body + check_character(body)


HEADERS = ["name", "id_number", "gender", "ethnicity", "birth_date", "phone", "education", "work_unit", "branch",
           "received", "talk", "activist_since", "contacts"]


def person(n: int, **values) -> dict:
    row = {"name": f"导入人{'一二三四五六七八九十'[n % 10]}", "id_number": id_number("19980101", n),
           "ethnicity": "汉族", "phone": f"1380000{n:04d}", "education": str(Education.BACHELOR.label), "work_unit": "示范大学",
           "branch": "第一党支部", "received": date(2026, 1, 5)}
    row.update(values)
    return row


def workbook(user, rows: list[dict]) -> bytes:
    """The downloaded template with its example rows replaced by `rows`."""
    data = build_template(PEOPLE, context_for(user, today=date(2026, 12, 7)))
    wb = load_workbook(BytesIO(data))
    ws = wb[str(PEOPLE.title)]
    ws.delete_rows(2, ws.max_row)
    keys = [c.key for c in PEOPLE.columns]
    for r in rows:
        ws.append([r.get(k) for k in keys])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def run_check(user, data: bytes, name="people.xlsx"):
    """Upload and check (inline in the tests: IMPORT_IN_BACKGROUND is False)."""
    from partydev.imports.services import batch_upload, check_batch

    return check_batch(batch_upload(importer=user, file_name=name, data=data))


def run_import(user, data: bytes, name="people.xlsx"):
    from partydev.imports.services import confirm_batch, confirm_start

    batch = run_check(user, data, name)
    return confirm_batch(confirm_start(batch=batch, actor=user))


def errors_of(batch) -> dict:
    """{row number: ["列名：message", …]} of the rows with cell errors or rule problems."""
    from partydev.imports.services import rows_of

    return {r["row"]: [f"{c}：{m}" for c, m in r["errors"]] + [p["message"] for p in r["problems"]]
            for r in rows_of(batch) if r["errors"] or r["problems"]}
