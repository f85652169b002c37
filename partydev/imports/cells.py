"""Reading one cell of an uploaded sheet: text, dates (text in several formats, or Excel's own dates
and serial numbers), choices. Each reader returns the value or raises CellError with a message."""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year bug)
# 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 (with or without spaces), and 20240301.
_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")


class CellError(ValueError):
    pass


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A text cell; a number typed into a text column (a phone number, an ID read as a number) becomes
    its digits, never '1.38e10' or '13800000000.0'."""
    if blank(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError(_("a date was entered where text is expected"))
    return unicodedata.normalize("NFKC", str(value)).strip()


def free_text(value) -> str:
    """A sentence (a reason, a note): as written, only trimmed — NFKC would turn Chinese punctuation
    (，。：) into ASCII."""
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError(_("a date was entered where text is expected"))
    return "" if blank(value) else str(value).strip()


def date_value(value) -> datetime.date | None:
    if blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(_("not a date"))
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise CellError(_("not a date"))
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.fullmatch(raw) or _DATE_DIGITS.fullmatch(raw)
    if not match:
        raise CellError(_("not a date (write it as 2024-03-01, 2024/3/1 or 2024年3月1日)"))
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise CellError(_("%(value)s is not a real date") % {"value": raw}) from exc
