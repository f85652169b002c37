"""Masked display of personal data (GB/T 35273 §7.2 展示限制).

Masking is done on the server, so lists and pages never receive the full value.
"""

PHONE_LENGTH = 11


def _mask(value: str, keep_start: int, keep_end: int, stars: int | None = None) -> str:
    """Keep ``keep_start`` leading and ``keep_end`` trailing characters, star the rest.

    If the value is too short to leave at least one hidden character, it is starred entirely so
    that a short value is never shown in full.
    """
    hidden = len(value) - keep_start - keep_end
    if hidden < 1:
        return "*" * len(value)
    return value[:keep_start] + "*" * (hidden if stars is None else stars) + value[len(value) - keep_end :]


# How many leading characters of a 身份证号 are shown: the province and city (positions 1–3). Nothing
# of the date of birth, the sequence number or the check character is shown, because the pages show
# the year and month of birth and the gender beside it: even to someone who knows the whole region
# code, a masked number then leaves (days of the month) × 100 × 5 ≥ 14,000 candidates, where the
# former ``110***********1423`` beside the full date of birth left about 3 (issue 10 finding 3,
# docs/security.md; tests/security/test_id_candidates.py counts them for the demo's people).
ID_SHOWN_CHARACTERS = 3


def mask_id_number(value: str | None) -> str:
    """The first 3 characters, then one ``*`` per other character: ``110***************``;
    ``""`` for empty input. Shown with the year and month of birth at most, never the full date."""
    value = (value or "").strip()
    if not value:
        return ""
    return _mask(value, ID_SHOWN_CHARACTERS, 0)


def mask_phone(value: str | None) -> str:
    """``138****5678`` for an 11-digit mobile number; otherwise keep the first 2 and last 2.

    Returns ``""`` for empty input.
    """
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == PHONE_LENGTH:
        return _mask(value, 3, 4, stars=4)
    return _mask(value, 2, 2)


def mask_login_name(value: str | None) -> str:
    """What the logs keep of a login name typed at a failed login: people type their phone number,
    their 身份证号 or even their password there. ``138****0000`` for 11 digits, the ID-number mask
    for 15–18 characters of digits (and X), otherwise the first character and ``***`` (the length is
    hidden too). ``""`` for empty input."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.isdigit() and len(value) == PHONE_LENGTH:
        return mask_phone(value)
    if 15 <= len(value) <= 18 and value[:-1].isdigit():
        return mask_id_number(value)
    return value[0] + "***" if len(value) > 1 else "***"
