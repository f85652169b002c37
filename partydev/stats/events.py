"""The flow rows of the development report and the history entries each one counts (shared by the
per-request queries in selectors.py and the counters in counters.py)."""

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
