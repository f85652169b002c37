"""全程纪实 of one person as data: the 25 steps grouped by stage, each with its state, the rule
version that judged it, who entered or decided it, and its records with their key fields and files.

The timeline page and the printable dossier both render a Dossier, so they always show the same
thing. Everything is loaded in a fixed number of queries, however many records the person has.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partydev.cases.selectors.facts import load_facts
from partydev.common.numbers import plain_number
from partydev.process.enums import (
    ACTIVIST_OPINIONS,
    ARCHIVE_ITEMS,
    Attendance,
    FilingKind,
    MeetingPurpose,
    OpinionKind,
    ResolutionPurpose,
)
from partydev.process.facts import CaseFacts
from partydev.process.rules.datelogic import DateConflict, date_conflicts
from partydev.process.steps import STAGE_NAMES
from partydev.process.timeline import TimelineRow, build_timeline
from partydev.process.versions import RuleVersion, version_on

from ..models import (
    ApplicationLetter,
    Archive,
    Attachment,
    BranchMeeting,
    BranchResolution,
    Case,
    CommitteeTalk,
    ContactAssignment,
    ConversionApplication,
    Filing,
    Introducer,
    MeetingAttendance,
    Oath,
    Opinion,
    Placement,
    PoliticalReview,
    PublicNotice,
    Recommendation,
    Talk,
    ThoughtReport,
    Training,
    VolunteerForm,
)

# The date that places a record on the timeline.
DATE_FIELD = {
    ApplicationLetter: "received_date", Talk: "talk_date", Recommendation: "recommended_on",
    BranchResolution: "meeting_date", Filing: "effective_date", ContactAssignment: "assigned_on",
    ThoughtReport: "written_on", Opinion: "given_on", PublicNotice: "start_date", Introducer: "assigned_on",
    PoliticalReview: "review_date", Training: "start_date", VolunteerForm: "filled_on",
    BranchMeeting: "meeting_date", CommitteeTalk: "talk_date", Placement: "placed_on", Oath: "oath_date",
    ConversionApplication: "applied_on", Archive: "archived_on",
}

# The fields a printed dossier shows for each kind of record (its date is shown with its title). Long free texts the paper file holds
# in full (the letter itself, thought reports, the conversion application) are left out.
KEY_FIELDS = {
    ApplicationLetter: ("title", "written_date", "received_date", "status", "return_reason"),
    Talk: ("talk_date", "other_talkers", "place", "content"),
    Recommendation: ("recommended_on", "method", "note"),
    BranchResolution: ("meeting_date", "result", "note"),
    Filing: ("status", "effective_date", "opinion", "return_reason"),
    ContactAssignment: ("member", "assigned_on", "ended_on"),
    ThoughtReport: ("title", "written_on", "read_at", "comment"),
    Opinion: ("given_on", "author", "contact", "content"),
    PublicNotice: ("start_date", "end_date", "place", "result", "feedback"),
    Introducer: ("member", "assigned_on", "ended_on"),
    PoliticalReview: ("review_date", "methods", "conclusion", "summary"),
    Training: ("start_date", "end_date", "hours", "mode", "organiser", "certificate"),
    VolunteerForm: ("serial_number", "filled_on"),
    BranchMeeting: ("meeting_date", "passed", "outcome", "extension_months", "resolution"),
    CommitteeTalk: ("talk_date", "talker", "place", "opinion"),
    Placement: ("group", "placed_on"),
    Oath: ("oath_date", "place", "organiser"),
    ConversionApplication: ("applied_on",),
    Archive: ("archived_on", "receiver", "items"),
}

# A meeting's `passed` column has no label of its own.
COUNT_LABELS = {"passed": _("Passed")}

# Steps the committee decides: the actor is who decided, not who sent the request.
DECISION_STEPS = {
    "activist_filing": FilingKind.ACTIVIST, "target_filing": FilingKind.TARGET,
    "pre_review": FilingKind.PRE_REVIEW, "approval": FilingKind.APPROVAL,
    "approval_filing": FilingKind.APPROVAL, "conversion_approval": FilingKind.CONVERSION,
}
# Steps that run over time: no single record completes them, so no single actor is named.
ONGOING_STEPS = {"cultivation", "continued_inspection"}

# Opinions asked every half year belong to cultivation (step 6); the party group's is asked when
# the target is determined (step 7, §13).
CULTIVATION_OPINIONS = tuple(k for k in ACTIVIST_OPINIONS if k != OpinionKind.PARTY_GROUP)


@dataclass
class RecordEntry:
    record: models.Model
    title: str
    on: date | None
    actor: str = ""
    fields: list[tuple[str, object]] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    url: str = ""  # set by the interface that renders it


@dataclass
class StepEntry:
    row: TimelineRow
    version: RuleVersion | None
    actor: str
    records: list[RecordEntry]

    @property
    def step(self):
        return self.row.step


@dataclass
class StageGroup:
    stage: str
    name: str
    steps: list[StepEntry]


@dataclass
class Dossier:
    case: Case
    facts: CaseFacts
    stages: list[StageGroup]
    conflicts: list[DateConflict]
    history: list
    transfers: list

    @property
    def steps(self) -> list[StepEntry]:
        return [s for g in self.stages for s in g.steps]


def build_dossier(case: Case, today: date) -> Dossier:
    facts = load_facts(case)
    rows = build_timeline(facts, today)
    records = _records_by_step(facts)
    users = _users(records)
    _attach_files(case, records)
    _attach_people(case, facts)
    steps = []
    for row in rows:
        entries = [_entry(r, users) for r in records.get(row.step.code, [])]
        version = version_on(row.done_on) if row.done_on else None
        steps.append(StepEntry(row=row, version=version, actor=_step_actor(row, facts, entries, users),
                               records=entries))
    stages = [StageGroup(stage=stage, name=str(name), steps=[s for s in steps if s.step.stage == stage])
              for stage, name in STAGE_NAMES.items()]
    return Dossier(
        case=case, facts=facts, stages=stages, conflicts=date_conflicts(rows),
        history=list(case.history.select_related("actor").order_by("at", "id")),
        transfers=list(case.transfers.select_related("from_branch", "to_branch").order_by("transferred_on", "id")),
    )


def _records_by_step(facts: CaseFacts) -> dict[str, list]:
    def resolutions(purpose):
        return [r for r in facts.all_resolutions if r.purpose == purpose]

    def filings(kind):
        return sorted((f for f in facts.filings if f.kind == kind), key=lambda f: (f.created_at, f.pk))

    def meetings(purpose):
        return [m for m in facts.meetings if m.purpose == purpose]

    def opinions(*kinds):
        return [o for o in facts.opinions if o.kind in kinds]

    found = {
        "application": facts.letters,
        "talk": facts.talks,
        "activist_determination": [*facts.recommendations, *facts.resolutions],
        "activist_filing": filings(FilingKind.ACTIVIST),
        "contacts": facts.contacts,
        "cultivation": [*facts.reports, *opinions(*CULTIVATION_OPINIONS)],
        "target_determination": [*resolutions(ResolutionPurpose.TARGET), *opinions(OpinionKind.PARTY_GROUP)],
        "target_filing": [*filings(FilingKind.TARGET), *facts.notices],
        "introducers": facts.introducers,
        "political_review": facts.reviews,
        "training": facts.trainings,
        "committee_examination": resolutions(ResolutionPurpose.ADMISSION),
        "pre_review": filings(FilingKind.PRE_REVIEW),
        "volunteer_form": facts.volunteer_forms,
        "admission_meeting": meetings(MeetingPurpose.ADMISSION),
        "committee_talk": facts.committee_talks,
        "approval": filings(FilingKind.APPROVAL),
        "placement": facts.placements,
        "oath": facts.oaths,
        "continued_inspection": opinions(OpinionKind.PROBATION_INSPECTION),
        "conversion_application": facts.conversion_applications,
        "conversion_meeting": meetings(MeetingPurpose.CONVERSION),
        "conversion_approval": filings(FilingKind.CONVERSION),
        "archive": facts.archives,
    }
    return {code: sorted(items, key=_sort_key) for code, items in found.items()}


def _sort_key(record):
    on = getattr(record, DATE_FIELD[type(record)]) or date.max  # a pending filing has no date yet
    return (on, record.pk)


def _users(records) -> dict:
    """Everyone who entered or decided a record, in one query (also when there is nobody, so the
    page's query count does not depend on the records)."""
    ids = set()
    for items in records.values():
        for r in items:
            ids.update(filter(None, (getattr(r, "created_by_id", None), getattr(r, "decided_by_id", None),
                                     getattr(r, "reviewed_by_id", None))))
    return get_user_model().objects.in_bulk(ids or [0])


def user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _attach_files(case, records):
    """Each record's attachments, from one query over the person's files."""
    by_key = {}
    for att in case.attachments.all():
        by_key.setdefault((att.content_type_id, att.object_id), []).append(att)
    # All record models at once, so the content-type lookup is the same for every person.
    types = ContentType.objects.get_for_models(*DATE_FIELD)
    for items in records.values():
        for r in items:
            r.files = by_key.get((types[type(r)].pk, r.pk), [])


def _attach_people(case, facts):
    """Talkers of each talk and the attendance of each meeting, one query each."""
    talkers = {}
    for row in Talk.talkers.through.objects.filter(talk__case=case).select_related("member").order_by("id"):
        talkers.setdefault(row.talk_id, []).append(row.member.name)
    for talk in facts.talks:
        talk.talker_names = talkers.get(talk.pk, [])
    attendance = {}
    for row in MeetingAttendance.objects.filter(meeting__case=case).select_related("member").order_by("id"):
        attendance.setdefault(row.meeting_id, []).append(row)
    for meeting in facts.meetings:
        meeting.attendance_rows = attendance.get(meeting.pk, [])
        meeting.not_present = [a for a in meeting.attendance_rows if a.status != Attendance.PRESENT]


def _entry(record, users) -> RecordEntry:
    model = type(record)
    creator = users.get(getattr(record, "created_by_id", None))
    if model is Filing and record.decided_by_id:
        creator = users.get(record.decided_by_id)
    elif model is ApplicationLetter and record.reviewed_by_id:
        creator = users.get(record.reviewed_by_id)
    return RecordEntry(record=record, title=record_title(record), on=getattr(record, DATE_FIELD[model]),
                       actor=user_name(creator), fields=key_fields(record), files=getattr(record, "files", []))


def record_title(record) -> str:
    if isinstance(record, Opinion):
        return record.get_kind_display()
    if isinstance(record, BranchResolution):
        return f"{capfirst(record._meta.verbose_name)} · {record.get_purpose_display()}"
    if isinstance(record, Filing):
        return record.get_kind_display()
    if isinstance(record, Introducer | ContactAssignment):
        return f"{capfirst(record._meta.verbose_name)} · {record.member.name}"
    if isinstance(record, BranchMeeting):
        return f"{capfirst(record._meta.verbose_name)} · {record.get_purpose_display()}"
    return capfirst(record._meta.verbose_name)


def key_fields(record) -> list[tuple[str, object]]:
    rows = []
    for name in KEY_FIELDS[type(record)]:
        if name == DATE_FIELD[type(record)]:
            continue  # shown beside the record's title
        f = record._meta.get_field(name)
        value = getattr(record, name)
        if value in (None, "", []):
            continue
        if f.choices:
            value = getattr(record, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, Decimal):
            value = plain_number(value)  # 24学时, not 24.0
        elif name == "items":
            value = _archive_items(value)
        rows.append((str(COUNT_LABELS.get(name, f.verbose_name)), value))
    if isinstance(record, BranchMeeting):
        rows.insert(0, (str(_("Attendance and votes")), _(
            "%(entitled)s entitled to vote, %(present)s present, %(written)s written opinions; for %(for)s, "
            "against %(against)s, abstain %(abstain)s") % {
            "entitled": record.entitled, "present": record.present, "written": record.written,
            "for": record.votes_for, "against": record.votes_against, "abstain": record.votes_abstain}))
    if isinstance(record, Talk) and getattr(record, "talker_names", None):
        rows.insert(0, (str(Talk._meta.get_field("talkers").verbose_name), "、".join(record.talker_names)))
    return rows


def _archive_items(codes) -> str:
    # The list of materials is declared with the archive form; its labels are reused here.
    labels = dict(ARCHIVE_ITEMS)
    return "；".join(str(labels.get(c, c)) for c in codes)


def _step_actor(row, facts, entries, users) -> str:
    code = row.step.code
    if code in ONGOING_STEPS:
        return ""
    if code in DECISION_STEPS:
        decided = facts.decided(DECISION_STEPS[code]) or facts.pending(DECISION_STEPS[code])
        if decided is None:
            return ""
        return user_name(users.get(decided.decided_by_id or decided.created_by_id))
    if not entries:
        return ""
    done = [e for e in entries if row.done_on and e.on == row.done_on]
    return (done or entries)[0].actor
