"""Names (of a person, a roster member, an organisation, a talker) are shown in lists, PDFs and the
Excel 台账, where an invisible character does harm: a zero-width-only name shows as a blank row, a
bidi override (U+202E) reverses what follows it, a control character breaks a sheet or a log line.

`validate_name` refuses them. It is a validator of the model fields (so every service's
`full_clean()`, the Django admin and any import meet it) and of the form fields (so the page shows
the error before the service is asked).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc control (tab, CR, LF, NUL…), Cf format (zero-width space/joiners, bidi embeddings, overrides
# and isolates, BOM, soft hyphen…), Cs surrogates, Co private use, Cn unassigned, Zl/Zp line and
# paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters that render as nothing (Hangul fillers, the blank Braille pattern).
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def refused_characters(value: str) -> list[str]:
    """The characters of `value` a name may not contain, in order, each once."""
    found = []
    for ch in value:
        if (unicodedata.category(ch) in REFUSED_CATEGORIES or ch in INVISIBLE_LETTERS) and ch not in found:
            found.append(ch)
    return found


def validate_name(value) -> None:
    if not isinstance(value, str) or not value:
        return
    found = refused_characters(value)
    if found:
        raise ValidationError(
            _("This contains invisible or control characters (%(chars)s), such as zero-width or text-direction "
              "characters. Delete them and enter it again."),
            code="invisible_characters", params={"chars": ", ".join(f"U+{ord(ch):04X}" for ch in found)})
    if not value.strip():
        raise ValidationError(_("This contains no visible characters."), code="blank_name")
