"""The flow rows of the development report and the history entries each one counts (shared by the
per-request queries in selectors.py and the counters in counters.py)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

# The flow rows of the report, in the order of the process. (key, label)
EVENTS = (
    ("applied", _("Applications received")),
    ("activist", _("Became activists")),
    ("target", _("Became development targets")),
    ("probationary", _("Admitted as probationary members")),
    ("full", _("Became full members")),
    ("extended", _("Probation extended")),
    ("cancelled", _("Probationary membership cancelled")),
    ("returned", _("Returned for re-filing")),
    ("transfer_in", _("Transferred in")),
    ("transfer_out", _("Transferred out")),
)
EVENT_KEYS = tuple(k for k, _label in EVENTS)

HAN = "汉族"  # the structure tables count 汉族 and 少数民族 (everything else)

# History entries (StageChange.action, declared in process.transitions / process.enums) → flow row.
ACTION_EVENTS = {
    "activist_accepted": "activist",
    "target_accepted": "target",
    "admitted": "probationary",
    "converted": "full",
    "probation_extended": "extended",
    "probation_cancelled": "cancelled",
    "returned_letter": "returned",
    "returned_filing": "returned",
    "returned_activist": "returned",
}

# Time between key steps: (key, label, the later event, where the earlier date comes from).
INTERVALS = (
    ("applied_activist", _("Application received → activist"), "activist_accepted", "received"),
    ("activist_target", _("Activist → development target"), "target_accepted", "case__activist_since"),
    ("target_probationary", _("Development target → probationary member"), "admitted", "case__target_since"),
    ("probationary_full", _("Start of probation → full member"), "converted", "case__probation_start"),
)

AGE_BANDS = (
    ("le25", _("25 and under"), 0, 25),
    ("26to30", _("26 to 30"), 26, 30),
    ("31to35", _("31 to 35"), 31, 35),
    ("36to45", _("36 to 45"), 36, 45),
    ("46to55", _("46 to 55"), 46, 55),
    ("ge56", _("56 and over"), 56, 200),
)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age: int) -> str:
    return next(k for k, _label, low, high in AGE_BANDS if low <= age <= high) if age >= 0 else AGE_BANDS[0][0]
