"""Numbers as people write them: 24 学时, 24.5 学时 — never "24.0"."""

from decimal import Decimal


def plain_number(value) -> str:
    """"24" for Decimal("24.0"), "24.5" for Decimal("24.5"), "100" for Decimal("100.0")."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
