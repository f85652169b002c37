"""The person-page sections of steps 7–25 and the labels of the requests the branch sends (the
person page's 下一步 in next_step.py and the request pages use them)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from partydev.cases.permissions import can_edit_stage_records
from partydev.process.enums import (
    ARCHIVE_ITEMS,
    FilingKind,
    FilingStatus,
    OpinionKind,
    ResolutionPurpose,
    Stage,
)
from partydev.process.rules.members import introducer_problems
from partydev.process.rules.target import target_needs_notice

from .views.records import RECORD_KINDS


def request_label(kind, facts=None, today=None):
    """The button and page title of each request; the target request reads by rule version."""
    if kind == FilingKind.TARGET:
        if target_needs_notice(facts, today):
            return _("Report to the higher Party committee for agreement")
        return _("Report to the higher Party committee for filing")
    return {
        FilingKind.PRE_REVIEW: _("Report to the higher Party committee for pre-review"),
        FilingKind.APPROVAL: _("Report to the higher Party committee for approval"),
        FilingKind.CONVERSION: _("Report the conversion to the higher Party committee for approval"),
    }[kind]


# --- the person page: sections of steps 7–25 ---------------------------------------------------------

@dataclass
class Section:
    slug: str
    title: str
    add_label: str
    rows: list  # (record, date, summary)
    can_edit: bool


def _archive_items(archive):
    labels = dict(ARCHIVE_ITEMS)
    return "、".join(str(labels.get(item, item)) for item in archive.items)


# slug → (the records in facts, the record's date, a one-line summary)
SECTION_ROWS = {
    "target-resolutions": (lambda f: [r for r in f.all_resolutions if r.purpose == ResolutionPurpose.TARGET],
                           lambda r: r.meeting_date, lambda r: f"{r.get_result_display()} {r.note}"),
    "notices": (lambda f: f.notices, lambda n: n.start_date,
                lambda n: f"{n.start_date:%Y-%m-%d} — {n.end_date:%Y-%m-%d} · {n.place} · {n.get_result_display()}"),
    "reviews": (lambda f: f.reviews, lambda r: r.review_date, lambda r: f"{r.get_conclusion_display()} · {r.methods}"),
    "trainings": (lambda f: f.trainings, lambda t: t.end_date,
                  lambda t: _("%(start)s — %(end)s, %(days)s days, %(hours)s class hours, %(mode)s") % {
                      "start": f"{t.start_date:%Y-%m-%d}", "end": f"{t.end_date:%Y-%m-%d}", "days": t.days,
                      "hours": t.hours_text, "mode": t.get_mode_display()}),
    "admission-resolutions": (lambda f: [r for r in f.all_resolutions if r.purpose == ResolutionPurpose.ADMISSION],
                              lambda r: r.meeting_date, lambda r: f"{r.get_result_display()} {r.note}"),
    "volunteer-forms": (lambda f: f.volunteer_forms, lambda v: v.filled_on, lambda v: v.serial_number),
    "committee-talks": (lambda f: f.committee_talks, lambda t: t.talk_date, lambda t: f"{t.talker} · {t.place}"),
    "placements": (lambda f: f.placements, lambda p: p.placed_on, lambda p: p.group.name),
    "oaths": (lambda f: f.oaths, lambda o: o.oath_date, lambda o: f"{o.place} · {o.organiser}"),
    "opinion-probation_inspection": (lambda f: f.opinions_of(OpinionKind.PROBATION_INSPECTION),
                                     lambda o: o.given_on, lambda o: f"{o.author} · {o.content[:40]}"),
    "conversion-applications": (lambda f: f.conversion_applications, lambda a: a.applied_on,
                                lambda a: a.content[:40]),
    "archives": (lambda f: f.archives, lambda a: a.archived_on, lambda a: f"{a.receiver} · {_archive_items(a)}"),
}

STAGE_SECTIONS = {
    Stage.TARGET: ("reviews", "trainings", "admission-resolutions", "volunteer-forms", "committee-talks"),
    Stage.PROBATIONARY: ("placements", "oaths", "opinion-probation_inspection", "conversion-applications"),
    Stage.FULL: ("archives",),
}
# The stages whose records a person at `stage` has (a cancelled probationary member keeps theirs).
REACHED = {
    Stage.TARGET: (Stage.TARGET,),
    Stage.PROBATIONARY: (Stage.TARGET, Stage.PROBATIONARY),
    Stage.CANCELLED: (Stage.TARGET, Stage.PROBATIONARY),
    Stage.FULL: (Stage.TARGET, Stage.PROBATIONARY, Stage.FULL),
}


def _section(slug, facts, user):
    kind = RECORD_KINDS[slug]
    records, day, summary = SECTION_ROWS[slug]
    rows = [(r, day(r), summary(r)) for r in records(facts)]
    return Section(slug, kind.title, kind.add_label, rows, can_edit_stage_records(user, facts.case, kind.stage))


def files_by_record(attachments) -> dict:
    """The case's attachments (read once for the page) by (content type, record)."""
    by_key = {}
    for att in attachments:
        by_key.setdefault((att.content_type_id, att.object_id), []).append(att)
    return by_key


def attach_files(records, files: dict):
    """Set `record.files` on each record from files_by_record (content types: Django's cache)."""
    types = ContentType.objects.get_for_models(*{type(r) for r in records}) if records else {}
    for record in records:
        record.files = files.get((types[type(record)].pk, record.pk), [])


def _attach_files(sections, files):
    attach_files([r for s in sections for r, _day, _text in s.rows], files)


def membership_context(user, case, facts, today, files):
    """The sections of a development target, probationary, full or cancelled member's page; `files`:
    files_by_record of the case's attachments."""
    sections = {stage: [_section(slug, facts, user) for slug in STAGE_SECTIONS[stage]]
                for stage in REACHED.get(case.stage, ())}
    _attach_files([s for group in sections.values() for s in group], files)
    introducers = [i.member for i in facts.active_introducers]
    return {
        "target_sections": sections.get(Stage.TARGET, []),
        "probation_sections": sections.get(Stage.PROBATIONARY, []),
        "full_sections": sections.get(Stage.FULL, []),
        "introducer_problems": introducer_problems(introducers, today)
        if introducers and case.stage == Stage.TARGET else [],
        "can_edit_introducers": can_edit_stage_records(user, case, Stage.TARGET),
        "pending": [f for f in facts.filings if f.status == FilingStatus.PENDING],
        "decisions": [f for f in facts.filings if f.kind != FilingKind.ACTIVIST],
    }


def target_context(user, case, facts, today, files):
    """确定发展对象 on an activist's page: the 支委会决议, the request, and (2026) 公示 and confirmation."""
    needs_notice = target_needs_notice(facts, today)
    agreement = facts.decided(FilingKind.TARGET)
    pending = facts.pending(FilingKind.TARGET)
    resolutions = _section("target-resolutions", facts, user)
    notices = _section("notices", facts, user) if needs_notice and agreement else None
    _attach_files([s for s in (resolutions, notices) if s], files)
    latest = facts.latest_filing(FilingKind.TARGET)
    return {
        "needs_notice": needs_notice,
        "agreement": agreement,
        "pending": pending,
        "returned": latest if latest and latest.status == FilingStatus.RETURNED else None,
        "resolutions": resolutions,
        "notices": notices,
    }
