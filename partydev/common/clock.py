"""Today's date, in one place: the services' "not later than today" checks read it, and tests of
scenarios dated after the real today move it (the clock is the one boundary tests may replace)."""

from django.utils import timezone


def today():
    return timezone.localdate()
