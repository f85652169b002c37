"""The sheet 发展党员, a row's steps checked (people.py reads the person and the branch first): the
dates in order with their defaults, the letter's state, the names of contacts and introducers, the
thought reports and opinions, the training hours and the Party group. Nothing here writes; the
services check the same rules again when the row is entered."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from partydev.process.enums import LetterStatus

from . import cells
from .people_columns import DATES, DERIVED, DETAIL_OF, NEEDS
from .people_columns import label as ctx_label
from .people_steps import OPINION_KINDS


def check_steps(clean, errors, ctx, branch):
    """Dates: none in the future; each step after the one it follows, which must be there; details
    only with their step. Then the names (contacts, introducers), the Party group and the hours."""
    # Defaults (docs/import.md): the committee's decision and the 支委会 on the target date; the
    # recommendation, the 支委会, the filing and the contacts on the activist date. An error on a date
    # the row does not give is the error of the column it came from.
    if clean.get("target_since"):
        clean["target_agreed"] = clean.get("target_agreed") or clean["target_since"]
        clean["target_meeting"] = clean.get("target_meeting") or clean["target_agreed"]
        clean["introducers_on"] = clean.get("introducers_on") or clean["target_since"]
    source = {}
    for key, fallback in (("activist_filed", "activist_since"), ("activist_resolution", "activist_filed"),
                          ("recommended", "activist_resolution"), ("contacts_on", "activist_since")):
        if clean.get(key) is None and clean.get(fallback) is not None and (key != "contacts_on"
                                                                           or clean.get("contacts")):
            clean[key] = clean[fallback]
            source[key] = source.get(fallback, fallback)
    failed = {k for k, _m in errors}
    found = []

    def error(key, message):
        key = source.get(key, key)
        if (key, message) not in found:
            found.append((key, message))

    for key in DATES:
        day = clean.get(key)
        if day is not None and day > ctx.today and key not in DERIVED:  # a probation may end later
            error(key, _("cannot be later than today"))
    for key, needs in NEEDS.items():
        day, before = clean.get(key), clean.get(needs)
        if day is None:
            continue
        if before is None:
            if needs not in failed:
                error(key, _("needs “%(other)s” first") % {"other": ctx_label(needs)})
        elif day < before and source.get(key, key) != source.get(needs, needs):
            error(key, _("is earlier than “%(other)s” (%(date)s)")
                  % {"other": ctx_label(source.get(needs, needs)), "date": before.isoformat()})
    errors.extend(found)
    clean["defaulted"] = set(source)
    _check_letter(clean, errors)
    for key, step in DETAIL_OF.items():
        if clean.get(key) and not clean.get(step) and step not in failed and key not in NEEDS:
            errors.append((key, _("needs “%(other)s” first") % {"other": ctx_label(step)}))
    if clean.get("contacts_on") and not clean.get("contacts") and "contacts_on" not in source:
        errors.append(("contacts_on", _("needs “%(other)s” first") % {"other": ctx_label("contacts")}))
    if clean.get("notice_start") and not clean.get("notice_end"):
        errors.append(("notice_end", _("needs “%(other)s” first") % {"other": ctx_label("notice_start")}))
    for key in ("contacts", "introducers"):
        clean[f"{key}_members"] = _members(clean, key, errors, ctx, branch)
    clean["report_dates"] = _report_dates(clean, errors, ctx)
    clean["opinion_items"] = _opinion_items(clean, errors, ctx)
    clean["training_hours"] = _hours(clean, errors)
    clean["group_obj"] = _group(clean, errors, ctx, branch)


LETTER_STATES = {str(LetterStatus.SUBMITTED.label): LetterStatus.SUBMITTED,
                 str(LetterStatus.RETURNED.label): LetterStatus.RETURNED}


def _check_letter(clean, errors):
    """申请书状态: empty (approved), 待审批 or 已退回 (with the reason); a letter not approved has no
    later step."""
    raw = clean.get("letter_status")
    states = LETTER_STATES | {str(LetterStatus.APPROVED.label): LetterStatus.APPROVED}
    if raw and raw not in states:
        errors.append(("letter_status", _("“%(value)s” is not one of the list's values") % {"value": raw}))
    status = clean["letter"] = states.get(raw, LetterStatus.APPROVED)
    if status == LetterStatus.RETURNED and not clean.get("return_reason"):
        errors.append(("return_reason", _("needed when the letter was returned")))
    elif status != LetterStatus.RETURNED and clean.get("return_reason") and raw:
        errors.append(("return_reason", _("only when the letter was returned")))
    if status != LetterStatus.APPROVED:
        given = [k for k in DATES if k not in ("received", "birth_date") and clean.get(k)]
        for key in given[:1]:
            errors.append((key, _("the application letter is not approved (“%(column)s”): no later step")
                           % {"column": ctx_label("letter_status")}))


def _members(clean, key, errors, ctx, branch):
    """Names on the branch's roster, separated by 、 (the services check they are full members); a
    contact of another branch is written with its branch, 第一党支部/王建国 (the services check it is
    under the same Party committee)."""
    names = [n.strip() for n in (clean.get(key) or "").replace("，", "、").replace(",", "、").split("、")
             if n.strip()]
    if not names or branch is None or not clean.get(DETAIL_OF[key]):
        return []
    found, unknown = [], []
    for name in names:
        where, _sep, who = name.replace("／", "/").rpartition("/")
        other = ctx.by_label.get(where.strip()) if where and key == "contacts" else branch
        if where and key == "contacts" and other is None:
            errors.append((key, _("“%(name)s” is not a branch of the organisation tree (names that occur twice "
                                  "need the path, such as 示范党委/第一党支部)") % {"name": where.strip()}))
            continue
        member = ctx.roster(other).get(who.strip()) if other is not None else None
        if member is None:
            unknown.append(name)
        else:
            found.append(member)
    if unknown:
        errors.append((key, _("not on the branch's roster: %(names)s") % {"names": "、".join(unknown)}))
    return found


def _items(raw) -> list[str]:
    return [i.strip() for i in re.split(r"[、，,;；\n]", raw or "") if i.strip()]


def _in_cultivation(key, day, clean, errors, ctx) -> bool:
    """A report's or an opinion's date: not later than today, not before the activist date."""
    if day > ctx.today:
        errors.append((key, _("%(date)s: cannot be later than today") % {"date": day.isoformat()}))
    elif day < clean["activist_since"]:
        errors.append((key, _("%(date)s: is earlier than “%(other)s” (%(before)s)")
                       % {"date": day.isoformat(), "other": ctx_label("activist_since"),
                          "before": clean["activist_since"].isoformat()}))
    else:
        return True
    return False


def _report_dates(clean, errors, ctx) -> list:
    """思想汇报: dates separated by 、, during the cultivation (from the activist date)."""
    items = _items(clean.get("reports"))
    if not items:
        return []
    if not clean.get("activist_since"):
        errors.append(("reports", _("needs “%(other)s” first") % {"other": ctx_label("activist_since")}))
        return []
    dates = []
    for item in items:
        try:
            day = cells.date_value(item)
        except cells.CellError as exc:
            errors.append(("reports", f"“{item}”：{exc}"))
            continue
        if _in_cultivation("reports", day, clean, errors, ctx):
            dates.append(day)
    return dates


def _opinion_items(clean, errors, ctx) -> list:
    """培养考察意见: “教育培养意见 2026-03-01” items separated by 、 -> [(kind, date)]."""
    items = _items(clean.get("opinions"))
    if not items:
        return []
    if not clean.get("activist_since"):
        errors.append(("opinions", _("needs “%(other)s” first") % {"other": ctx_label("activist_since")}))
        return []
    kinds = {str(k.label): k for k in OPINION_KINDS}
    found = []
    for item in items:
        label, _sep, when = item.rpartition(" ")
        kind = kinds.get(label.strip())
        if kind is None:
            errors.append(("opinions", _("“%(item)s”: write 教育培养意见 or 支部考察意见, a space and the date")
                           % {"item": item}))
            continue
        try:
            day = cells.date_value(when)
        except cells.CellError as exc:
            errors.append(("opinions", f"“{item}”：{exc}"))
            continue
        if _in_cultivation("opinions", day, clean, errors, ctx):
            found.append((kind, day))
    return found


def _hours(clean, errors):
    raw = clean.get("training_hours")
    if not clean.get("training_start"):
        return None
    if not raw:
        errors.append(("training_hours", _("needed with the training")))
        return None
    try:
        hours = Decimal(str(raw).strip())
    except InvalidOperation:
        errors.append(("training_hours", _("enter a number of class hours")))
        return None
    return hours


def _group(clean, errors, ctx, branch):
    if not clean.get("placement") or branch is None:
        return None
    groups = ctx.groups_of(branch)
    name = clean.get("group")
    if name:
        if name not in groups:
            errors.append(("group", _("“%(name)s” is not a Party group of the branch") % {"name": name}))
        return groups.get(name)
    if len(groups) == 1:
        return next(iter(groups.values()))
    errors.append(("group", _("the branch has several Party groups: write which one") if groups else
                   _("the branch has no Party group")))
    return None
