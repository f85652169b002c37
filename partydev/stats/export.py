"""One table of the development report as an Excel workbook. Numbers stay numbers; every text cell
goes through `common.spreadsheet.as_text` (an organisation named "=…" stays text, as in the 台账)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from partydev.common.spreadsheet import as_text


def table_xlsx(*, title: str, subtitle: str, header: list[str], rows: list[list], note: str = "") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))
    ws.column_dimensions["A"].width = 34
    ws.append([_cell(ws, title, font=Font(bold=True, size=13))])
    ws.append([_cell(ws, subtitle)])
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="C00000")
    ws.append([_cell(ws, h, font=bold, fill=fill) for h in header])
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
    if note:
        ws.append([])
        ws.append([_cell(ws, note)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(ws, value, *, font=None, fill=None):
    cell = WriteOnlyCell(ws, value=value if isinstance(value, int | float) or value is None else str(value))
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return as_text(cell)


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
