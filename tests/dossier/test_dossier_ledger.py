"""pc:ledger_xlsx — the Excel 台账 of the cases in the user's scope."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case
from partydev.cases.selectors.ledger import build_ledger, columns
from partydev.common.masking import mask_id_number

URL = reverse("pc:ledger_xlsx")


def download(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def sheet(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content)).active


def rows_by_name(ws):
    header = [c.value for c in ws[1]]
    return {row[1]: dict(zip(header, row, strict=True))
            for row in ws.iter_rows(min_row=2, values_only=True) if row and row[1]}


def test_committee_admin_gets_one_row_per_case_in_its_subtree(world, client):
    ws = sheet(download(client, world.committee_admin))
    assert set(rows_by_name(ws)) == {world.full.name, world.few.name, world.sibling_case.name}


def test_branch_admin_gets_only_its_branch(world, client):
    ws = sheet(download(client, world.branch_admin))
    assert set(rows_by_name(ws)) == {world.full.name, world.few.name}


def test_branch_and_stage_filters(world, client):
    by_branch = rows_by_name(sheet(download(client, world.committee_admin, branch=world.sibling.pk)))
    assert set(by_branch) == {world.sibling_case.name}
    by_stage = rows_by_name(sheet(download(client, world.committee_admin, stage="full")))
    assert set(by_stage) == {world.full.name}


def test_a_branch_outside_the_scope_is_404(world, client):
    assert download(client, world.branch_admin, branch=world.sibling.pk).status_code == 404
    assert download(client, world.committee_admin, branch=world.other_branch.pk).status_code == 404
    assert download(client, world.committee_admin, stage="nonsense").status_code == 404


@pytest.mark.usefixtures("english")
def test_key_dates_are_columns(world, client):
    row = rows_by_name(sheet(download(client, world.branch_admin)))[world.full.name]
    expected = {
        "Application received": date(2022, 3, 1), "Talk": date(2022, 3, 10), "Activist since": date(2022, 4, 1),
        "Development target since": date(2023, 5, 10), "Pre-review passed": date(2023, 7, 10),
        "Admission meeting": date(2023, 7, 20), "Admission approved": date(2023, 8, 10),
        "Probation starts": date(2023, 7, 20), "Probation ends": date(2024, 7, 20), "Admission oath": date(2023, 8, 20),
        "Conversion approved": date(2024, 8, 5), "Full member since": date(2024, 7, 20),
    }
    got = {k: (row[k].date() if row[k] else None) for k in expected}
    assert got == expected
    assert row["Branch"] == world.branch.name and row["Stage"] == "Full member"
    assert row["ID card number"] == mask_id_number(world.full.id_number)
    few = rows_by_name(sheet(download(client, world.branch_admin)))[world.few.name]
    assert few["Activist since"] is None and few["Talk"] is not None


def test_no_full_id_number_anywhere(world, client):
    ws = sheet(download(client, world.committee_admin))
    cells = {str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    for case in Case.objects.filter(pk__in=[world.full.pk, world.few.pk, world.sibling_case.pk]):
        assert case.id_number not in cells
        assert not any(case.id_number in c for c in cells)


def test_header_frozen_and_widths_set(world, client):
    ws = sheet(download(client, world.branch_admin))
    assert ws.freeze_panes == "C2"
    assert [c.value for c in ws[1]] == [str(c.label) for c in columns()]
    assert ws.column_dimensions["B"].width == 12 and ws.column_dimensions["F"].width == 13


def test_download_is_audited(world, client):
    download(client, world.committee_admin, stage="full")
    event = AuditEvent.objects.filter(action="ledger.download").latest("id")
    assert event.actor == world.committee_admin
    assert event.org_path == world.committee.path
    assert event.after == {"branch": None, "stage": "full", "filters": [], "rows": 1, "total": 1}


def test_past_the_limit_the_sheet_says_so(world):
    cases = Case.objects.filter(pk__in=[world.full.pk, world.few.pk])
    data, written, total = build_ledger(cases, title="t", limit=1)
    assert (written, total) == (1, 2)
    ws = load_workbook(BytesIO(data)).active
    values = [row[0] for row in ws.iter_rows(values_only=True) if row and row[0] is not None]
    assert len([v for v in values if isinstance(v, int)]) == 1
    assert "1" in str(values[-1]) and "2" in str(values[-1])  # "Only the first 1 of 2 people are listed…"


def test_query_count_does_not_grow_with_the_rows(world, client):
    client.force_login(world.committee_admin)
    client.get(URL, {"branch": world.sibling.pk})
    counts = []
    for params in ({"branch": world.sibling.pk}, {"branch": world.branch.pk}):  # 1 row, then 2
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, params).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("who", ["auditor"])
def test_wrong_role_is_404(world, client, who):
    assert download(client, getattr(world, who)).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(URL).status_code == 302


def test_post_is_405(world, client):
    client.force_login(world.branch_admin)
    assert client.post(URL).status_code == 405


# --- 导出台账 from a list page: exactly the people the list shows --------------------------------------

def _listed(client, list_name, **params):
    response = client.get(reverse(list_name), params)
    return {c.name for c in response.context["page"]}, response


@pytest.mark.parametrize("list_name, stage, params", [
    ("pc:applicant_list", "applicant", {}),
    ("pc:applicant_list", "applicant", {"q": "李"}),
    ("pc:applicant_list", "applicant", {"status": "no_letter"}),
    ("pc:full_list", "full", {}),
    ("pc:full_list", "full", {"q": "没有这个人"}),
])
def test_the_lists_export_is_what_the_list_shows(world, client, list_name, stage, params):
    client.force_login(world.committee_admin)
    shown, response = _listed(client, list_name, **params)
    html = response.content.decode()
    link = f'{URL}?stage={stage}'
    assert link in html  # 导出台账 beside the list, carrying its filters
    for key, value in params.items():
        assert f"{key}=" in html.split(link, 1)[1].split('"', 1)[0]
        assert value  # (the parametrized values are non-empty)
    exported = set(rows_by_name(sheet(client.get(URL, {"stage": stage, **params}))))
    assert exported == shown


def test_a_list_export_is_audited_with_its_filters(world, client):
    client.force_login(world.committee_admin)
    client.get(URL, {"stage": "applicant", "q": "李"})
    event = AuditEvent.objects.filter(action="ledger.download").latest("id")
    assert event.after["stage"] == "applicant" and event.after["filters"] == ["q"]


def test_a_list_export_with_a_branch_outside_the_scope_is_404(world, client):
    assert download(client, world.branch_admin, stage="applicant", branch=world.sibling.pk).status_code == 404
    assert download(client, world.committee_admin, stage="full",
                    branch=world.other_branch.pk).status_code == 404
