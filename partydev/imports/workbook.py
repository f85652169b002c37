"""The template (write) and the uploaded file (read) of a declared sheet (sheets.SheetSpec).

Reading refuses the whole file, with one clear message and nothing written, when it is not an .xlsx
workbook, carries macros (vbaProject.bin), has formulas or merged cells, is larger than MAX_ROWS rows,
or lacks the sheet or its headers. openpyxl's read-only mode streams the rows, so a large file is
never held as a whole in memory."""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partydev.common.spreadsheet import as_text

from .sheets import SheetSpec

MAX_ROWS = 100_000
MAX_BYTES = 50 * 1024 * 1024
EXAMPLE = "示例"  # the template's example rows carry it in their name: "张三（示例）"
LISTS_SHEET = "lists"  # hidden sheet holding the drop-down lists (a list may be longer than 255 chars)


class FileRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class RawRow:
    number: int  # the row number Excel shows
    values: dict  # column key -> cell value as openpyxl read it


# --- the template ----------------------------------------------------------------------------------

def build_template(spec: SheetSpec, ctx, *more) -> bytes:
    """The template: the instruction sheet 说明, then each sheet (`spec` with `ctx`, then every
    (spec, ctx) of `more`) with its headers, formats, drop-down lists (in the hidden sheet `lists`,
    each sheet's lists in its own columns) and examples."""
    wb = Workbook()
    guide = wb.active
    guide.title = _("Instructions")
    guide.column_dimensions["A"].width = 110
    lists = None
    offset = 0
    for number, (one, one_ctx) in enumerate(((spec, ctx), *more)):
        if number:
            guide.append([])
        _guide(guide, one)
        if lists is None:
            ws = wb.create_sheet(str(one.title))
            lists = wb.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
        else:
            ws = wb.create_sheet(str(one.title), index=len(wb.sheetnames) - 1)
        _data_sheet(ws, lists, one, one_ctx, offset)
        offset += len(one.columns)
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            as_text(cell)
    wb.active = 1
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _guide(guide, spec):
    guide.append([_("How to fill in the sheet “%(sheet)s”") % {"sheet": spec.title}])
    guide.cell(guide.max_row, 1).font = Font(bold=True, size=14)
    for line in spec.instructions:
        guide.append([str(line)])
    guide.append([])
    guide.append([_("Columns")])
    guide.cell(guide.max_row, 1).font = Font(bold=True)
    for col in spec.columns:
        mark = _("(required)") if col.required else ""
        guide.append([f"{col.label}{mark}：{col.note}" if col.note else f"{col.label}{mark}"])


def _data_sheet(ws, lists, spec, ctx, offset):
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="C00000")
    for i, col in enumerate(spec.columns, start=1):
        cell = ws.cell(1, i, str(col.label))
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[get_column_letter(i)].width = col.width
        letter = get_column_letter(i)
        if col.kind == "date":
            for r in range(2, 1002):
                ws.cell(r, i).number_format = "yyyy-mm-dd"
        elif col.kind == "text":
            for r in range(2, 1002):
                ws.cell(r, i).number_format = "@"  # 身份证号 and phones stay text, not 1.1E+17
        if col.choices:
            values = [str(v) for v in col.choices(ctx)]
            list_letter = get_column_letter(offset + i)
            for r, value in enumerate(values, start=1):
                as_text(lists.cell(r, offset + i, value))
            if values:
                dv = DataValidation(type="list",
                                    formula1=f"{LISTS_SHEET}!${list_letter}$1:${list_letter}${len(values)}",
                                    allow_blank=not col.required, showErrorMessage=True)
                dv.error = _("Choose a value from the list.")
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    ws.freeze_panes = "C2"
    examples = spec.examples(ctx)
    for r, values in enumerate(examples, start=2):
        for i, col in enumerate(spec.columns, start=1):
            ws.cell(r, i, values.get(col.key))
    for row in ws.iter_rows(min_row=2, max_row=1 + len(examples)):
        for cell in row:
            if isinstance(cell.value, str):
                as_text(cell)
            elif cell.value is not None and spec.columns[cell.column - 1].kind == "date":
                cell.number_format = "yyyy-mm-dd"


# --- reading an upload -----------------------------------------------------------------------------

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell[\s/>]")


def _refuse_container(data: bytes) -> zipfile.ZipFile:
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileRefused(_("This is not an Excel workbook (.xlsx). Save the file as “Excel workbook (*.xlsx)” "
                            "and upload it again.")) from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRefused(_("The workbook contains macros (.xlsm). Save it as a plain Excel workbook (*.xlsx) "
                            "without macros and upload it again."))
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRefused(_("This is not an Excel workbook (.xlsx). Save the file as “Excel workbook (*.xlsx)” "
                            "and upload it again."))
    if b"macroEnabled" in archive.read("[Content_Types].xml"):
        raise FileRefused(_("The workbook contains macros (.xlsm). Save it as a plain Excel workbook (*.xlsx) "
                            "without macros and upload it again."))
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            with archive.open(name) as f:
                tail = b""
                while chunk := f.read(1 << 20):
                    if _MERGE.search(tail + chunk):
                        raise FileRefused(_("The workbook has merged cells. Unmerge them (one value per cell) "
                                            "and upload it again."))
                    tail = chunk[-32:]
    return archive


def read_rows(data: bytes, spec: SheetSpec) -> list[RawRow]:
    """The non-empty rows of the spec's sheet, or FileRefused."""
    _refuse_container(data)
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(_("The workbook cannot be read: it is damaged or not an .xlsx file.")) from exc
    try:
        titles = {str(spec.title)} | {t for t in _titles(spec)}
        sheet = next((wb[name] for name in wb.sheetnames if name in titles), None)
        if sheet is None:
            raise FileRefused(_("The workbook has no sheet named “%(sheet)s”. Download the template and fill in "
                                "that sheet.") % {"sheet": spec.title})
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            raise FileRefused(_too_many())
        rows = sheet.iter_rows()
        header = next(rows, None)
        keys = _header_keys(header or (), spec)
        out = []
        # Read-only rows hold EmptyCell objects (no .row) for blank cells: number the rows here.
        for number, row in enumerate(rows, start=2):
            values = {}
            for cell, key in zip(row, keys, strict=False):
                value = getattr(cell, "value", None)
                if key is None or value is None:
                    continue
                if getattr(cell, "data_type", None) == "f":
                    raise FileRefused(_("Row %(row)s, column “%(col)s” holds a formula. Formulas are not imported: "
                                        "copy the column and paste it as values, then upload again.")
                                      % {"row": number, "col": spec.column(key).label})
                values[key] = value
            if any(not (v is None or (isinstance(v, str) and not v.strip())) for v in values.values()):
                if len(out) >= MAX_ROWS:
                    raise FileRefused(_too_many())
                out.append(RawRow(number, values))
        return out
    finally:
        wb.close()


def _too_many():
    return _("The sheet has more than %(max)s rows. Split it into several files.") % {"max": f"{MAX_ROWS:,}"}


def _titles(spec):
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            yield str(spec.title)


def _header_keys(header, spec) -> list:
    by_header = {}
    for col in spec.columns:
        for name in col.headers():
            by_header[name] = col.key
    keys, unknown = [], []
    for cell in header:
        name = str(cell.value).strip() if cell.value is not None else ""
        if not name:
            keys.append(None)
            continue
        key = by_header.get(name)
        if key is None:
            unknown.append(name)
        keys.append(key)
    missing = [str(c.label) for c in spec.columns if c.required and c.key not in keys]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(_("missing columns: %(names)s") % {"names": "、".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(names)s") % {"names": "、".join(unknown)})
        raise FileRefused(_("The first row of the sheet must be the template's headers (%(problems)s). Download "
                            "the template and copy the data into it.") % {"problems": "; ".join(parts)})
    return keys


def sheets_with_rows(data: bytes, specs) -> list:
    """The specs whose sheet the workbook holds with at least one row below the headers that is not one
    of the template's examples (the upload recognises the sheet from it); [] when the file cannot be
    read (the check then refuses it)."""
    try:
        _refuse_container(data)
        wb = load_workbook(BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001  (the check gives the file's message)
        return []
    try:
        found = []
        for spec in specs:
            titles = set(_titles(spec))
            sheet = next((wb[name] for name in wb.sheetnames if name in titles), None)
            if sheet is None:
                continue
            for row in sheet.iter_rows(min_row=2):
                values = [getattr(c, "value", None) for c in row]
                # The template's example rows (marked 示例) left in the other sheets do not count.
                if any(v not in (None, "") for v in values) and not any(EXAMPLE in str(v) for v in values if v):
                    found.append(spec)
                    break
        return found
    finally:
        wb.close()
