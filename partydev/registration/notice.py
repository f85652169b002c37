"""入党申请人集中注册通知: the default text and how its placeholders are filled in.

The branch edits the text; {time} is the slot when the QR code will be sent ("9月15日20点整"),
{minutes} how long the code is valid, {until} when it expires (known once the code is created;
before that, the slot plus the minutes) and {branch} the branch's name."""

import re
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import DEFAULT_VALID_MINUTES

PLACEHOLDERS = ("{time}", "{minutes}", "{until}", "{branch}")
_TOKEN = re.compile(r"\{[^{}\s]*\}")


def default_text() -> str:
    return _(
        "[Centralised registration of applicants for Party membership]\n"
        "Hello everyone. As required, {branch} is organising the registration of applicants. At {time} "
        "the branch's QR code will be sent to the group; please open your phone on time and scan it to "
        "register. The code is valid for only {minutes} minutes (until {until}), so please do not miss it!\n"
        "Please do not forward the code to anyone who is not an applicant in this group. "
        "Thank you for your cooperation."
    )


def unknown_placeholders(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t not in PLACEHOLDERS]


def time_slot(moment) -> str:
    """"9月15日20点整" for a whole hour."""
    local = timezone.localtime(moment)
    return _("%(month)s/%(day)s at %(hour)s:00") % {"month": local.month, "day": local.day, "hour": local.hour}


def moment_text(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(month)s/%(day)s %(time)s") % {"month": local.month, "day": local.day,
                                              "time": local.strftime("%H:%M")}


def render(*, text: str | None, branch, send_at=None, valid_minutes: int = DEFAULT_VALID_MINUTES,
           expires_at=None) -> str:
    text = text or default_text()
    if expires_at is None and send_at is not None:
        expires_at = send_at + timedelta(minutes=valid_minutes)
    values = {
        "{time}": (time_slot(send_at) if send_at
                   else moment_text(expires_at - timedelta(minutes=valid_minutes)) if expires_at
                   else _("[time not set]")),
        "{minutes}": str(valid_minutes),
        "{until}": moment_text(expires_at) if expires_at else _("[filled in when the code is created]"),
        "{branch}": branch.name,
    }
    for token, value in values.items():
        text = text.replace(token, value)
    return text
