"""Resident identity card numbers (公民身份号码, GB 11643-1999).

An 18-character number is laid out as::

    RRRRRR YYYYMMDD SSG C
    region birth    seq check

* positions 1–6: administrative region code;
* positions 7–14: date of birth (YYYYMMDD);
* positions 15–16: sequence number, position 17: sequence digit that also encodes gender
  (odd = male, even = female);
* position 18: ISO 7064 MOD 11-2 check character, ``0``–``9`` or ``X`` (for 10).

Only the 18-character form is accepted: the 15-digit legacy numbers (issued before 1999) are refused
because they carry no check digit and a two-digit year.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 11643 weights for positions 1–17, and the check character for (weighted sum mod 11).
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"

ID_LENGTH = 18
LEGACY_LENGTH = 15
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# ASCII only: str.isdigit() would also accept full-width and other Unicode digits.
_ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")


def normalize_id_number(value: str) -> str:
    """Return ``value`` stripped and with a lowercase ``x`` check character made uppercase.

    NFKC normalisation is applied first so that full-width input from Chinese input methods
    (``１１０…Ｘ``) becomes the ASCII form.
    """
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().upper()


def check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def _parse_birth_date(number: str) -> datetime.date | None:
    """The date of birth at positions 7–14, or None if it is not a real calendar date."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Return the normalised 18-character 身份证号, or raise ValidationError.

    Checks, in this order (each with its ``code``): ``length`` (18 characters; a 15-digit legacy
    number gets its own message), ``format`` (17 digits then a digit or X), ``birth_date`` (a real
    date, not before 1900 and not after ``today``, which defaults to the local date), ``checksum``.
    """
    number = normalize_id_number(value)
    if len(number) == LEGACY_LENGTH and number.isascii() and number.isdigit():
        raise ValidationError(
            _("15-digit ID numbers are no longer accepted: an 18-digit ID number is required."),
            code="length",
        )
    if len(number) != ID_LENGTH:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(length)d."),
            code="length",
            params={"length": len(number)},
        )
    if not _ID_PATTERN.fullmatch(number):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or the letter X."),
            code="format",
        )
    birth = _parse_birth_date(number)
    if birth is None:
        raise ValidationError(_("The date of birth in the ID number is not a real date."), code="birth_date")
    if today is None:
        today = timezone.localdate()
    if birth < EARLIEST_BIRTH_DATE or birth > today:
        raise ValidationError(
            _("The date of birth in the ID number must be between 1900-01-01 and today."),
            code="birth_date",
        )
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check the number for typing errors."),
            code="checksum",
        )
    return number


def birth_date_from_id(id_number: str) -> datetime.date:
    """The date of birth encoded in a valid 18-character ID number (positions 7–14)."""
    birth = _parse_birth_date(normalize_id_number(id_number))
    if birth is None:
        raise ValueError("The ID number does not contain a valid date of birth.")
    return birth


def gender_from_id(id_number: str) -> str:
    """``"M"`` if the 17th digit is odd, ``"F"`` if it is even."""
    digit = normalize_id_number(id_number)[16]
    if not ("0" <= digit <= "9"):
        raise ValueError("The 17th character of an ID number must be a digit.")
    return "M" if int(digit) % 2 == 1 else "F"


# The sequence digit (position 17) used by make_id_number: the smallest odd / even digit.
_GENDER_DIGIT = {"M": "1", "F": "2"}


def make_id_number(region: str, birth: datetime.date, sequence: int, gender: str) -> str:
    """Build a valid 18-character ID number (for demo data, tests and the data generator).

    ``region`` is a 6-digit region code, ``sequence`` 0–99 becomes positions 15–16, ``gender``
    (``"M"``/``"F"``) sets position 17 to 1 or 2, and the check character is computed.
    """
    if not (len(region) == 6 and region.isascii() and region.isdigit()):
        raise ValueError("region must be 6 digits")
    if not 0 <= sequence <= 99:
        raise ValueError("sequence must be between 0 and 99")
    if gender not in _GENDER_DIGIT:
        raise ValueError('gender must be "M" or "F"')
    first17 = f"{region}{birth:%Y%m%d}{sequence:02d}{_GENDER_DIGIT[gender]}"
    if len(first17) != 17:  # a year before 1000 or after 9999 cannot be encoded
        raise ValueError("birth year must have four digits")
    return first17 + check_character(first17)
