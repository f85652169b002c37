"""A file that cannot be imported is refused as a whole, with one clear message; nothing is written."""

import re
import zipfile
from io import BytesIO

from openpyxl import Workbook, load_workbook

from partydev.cases.models import Case
from partydev.imports.models import BatchStatus
from partydev.imports.people import PEOPLE

from .conftest import person, run_check, workbook


def _refused(iw, data, expected):
    batch = run_check(iw.users["branch1"], data)
    assert batch.status == BatchStatus.REJECTED
    assert expected in batch.message
    assert batch.payload == ""  # the file is not kept
    assert Case.objects.count() == 0
    return batch


def _edit(data, change):
    wb = load_workbook(BytesIO(data))
    change(wb[str(PEOPLE.title)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_not_an_xlsx(iw):
    _refused(iw, "name,id\n张三,1\n".encode(), "不是 .xlsx 工作簿")
    _refused(iw, b"%PDF-1.7 not a workbook", "不是 .xlsx 工作簿")


def test_a_zip_that_is_no_workbook(iw):
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    _refused(iw, out.getvalue(), "不是 .xlsx 工作簿")


def test_macros_refused(iw):
    data = workbook(iw.users["branch1"], [person(1)])
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    _refused(iw, out.getvalue(), "宏")


def test_formula_refused(iw):
    data = _edit(workbook(iw.users["branch1"], [person(1), person(2)]),
                 lambda ws: ws.cell(3, 1, '=HYPERLINK("http://e.vil","x")'))
    _refused(iw, data, "第3行")


def test_merged_cells_refused(iw):
    data = _edit(workbook(iw.users["branch1"], [person(1)]), lambda ws: ws.merge_cells("H2:I2"))
    _refused(iw, data, "合并单元格")


def test_missing_and_unknown_headers_refused(iw):
    def change(ws):
        ws.cell(1, 2, "证件号")  # not the template's 身份证号
    batch = _refused(iw, _edit(workbook(iw.users["branch1"], [person(1)]), change), "身份证号")
    assert "证件号" in batch.message


def test_missing_sheet_refused(iw):
    wb = Workbook()
    wb.active.append(["姓名"])
    out = BytesIO()
    wb.save(out)
    _refused(iw, out.getvalue(), "发展党员")


def test_more_than_100000_rows_refused(iw):
    """The sheet's declared size (its <dimension>) is read before any row: a file of 100,001 people is
    refused at once. (Rows past the limit are also counted while reading, for files without it.)"""
    data = workbook(iw.users["branch1"], [person(1)])
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:M100002"', content)
            dst.writestr(item, content)
    _refused(iw, out.getvalue(), "100,000")


def test_rows_with_blank_first_cells_are_numbered_as_excel_does(iw):
    from partydev.imports.services import rows_of

    data = _edit(workbook(iw.users["branch1"], [person(1), person(2)]), lambda ws: setattr(ws.cell(3, 1), "value", None))
    batch = run_check(iw.users["branch1"], data)
    assert batch.status == BatchStatus.PREVIEWED
    assert [r["row"] for r in rows_of(batch)] == [2, 3]
    assert rows_of(batch)[1]["errors"][0][0] == "姓名"
