"""The steps a row of 发展党员 may assert, each entered as the pages enter it: the records through the
pages' forms (partydev.webforms.entries), the requests and decisions through the services, in the
order the demo walks them (partydev.webforms.walk). A `Step` knows its column, what the case already
has for it (for a re-import) and how to enter it.

The committee's decisions (备案, 同意, 预审, 审批, 审批转正) follow docs/import.md: an importer holding
the committee role over the branch sends and decides as itself on the asserted date; a branch
administrator only sends, and the row's later steps wait for the committee."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _l

from partydev.cases.models import Case
from partydev.cases.services import contacts_set, target_confirm
from partydev.process.enums import (
    FilingKind,
    FilingStatus,
    LetterStatus,
    MeetingPurpose,
    OpinionKind,
    RecommendationMethod,
    ResolutionPurpose,
    ReviewConclusion,
)
from partydev.process.problems import Problem
from partydev.process.problems import warnings as warnings_of
from partydev.process.rules.probation import archive_required_items
from partydev.webforms import entries, walk

from .people_columns import label
from .sheets import RowProblem

IMPORTED = _l("Entered by Excel import; not recorded in the original.")
NOT_RECORDED = _l("not recorded (imported)")
# The 党委会's vote on an admission is not in the 台账: the approval is entered with the least vote that
# passes (docs/import.md), and the opinion says it came from an import.
COMMITTEE_VOTES = (1, 0, 0)


@dataclass
class Outcome:
    action: str  # create | update | unchanged
    case: Case | None = None
    warnings: list = field(default_factory=list)  # Problem
    changes: list = field(default_factory=list)  # (column label, before, after)
    pending: str = ""  # a request left for the committee


@dataclass(frozen=True)
class Step:
    """One step a row may assert: its column, whether the case has it already (its value, or None),
    what the row asks for (None: nothing) and how to enter it through the services."""

    key: str
    current: Callable  # (case) -> value | None
    enter: Callable  # (case, clean, ctx, outcome) -> None
    wanted: Callable = None  # (clean) -> value | None; default: the column's value
    adds: bool = False  # a list (、): a re-import may add items to what is recorded, never remove

    def want(self, clean):
        return self.wanted(clean) if self.wanted else clean.get(self.key)


def _text():
    return str(IMPORTED)


def _decide(case, kind, sent_on, on, ctx, outcome, **extra):
    """Send the request on `sent_on` and, when the importer is the committee too, accept it on `on`."""
    filing = walk.send(case, ctx.importer, kind, sent_on)
    outcome.warnings += warnings_of([Problem.from_json(p) for p in filing.warnings])
    # The importer's committee grants, read once per file (is_committee_admin_of for each branch);
    # filing_accept checks the grant again itself.
    if case.branch_id in ctx.committee_scope:
        walk.accept(case, kind, ctx.importer, on, _text(), filing=filing, **extra)
    else:
        outcome.pending = str(_l("The filing is sent to the Party committee and waits for its decision."))


def _decided(kind):
    def current(case):
        return (case.filings.filter(kind=kind, status=FilingStatus.ACCEPTED).order_by("-created_at", "-id")
                .values_list("effective_date", flat=True).first())
    return current


def _first(related, field_name, **filters):
    def current(case):
        return (getattr(case, related).filter(**filters).order_by(field_name)
                .values_list(field_name, flat=True).first())
    return current


def _names(related):
    def current(case):
        names = sorted(getattr(case, related).filter(ended_on__isnull=True).values_list("member__name", flat=True))
        return "、".join(names) or None
    return current


def _wanted_names(key):
    def wanted(clean):
        return "、".join(sorted(m.name for m in clean.get(f"{key}_members") or [])) or None
    return wanted


# --- 一, 二: talk, activist, contacts ----------------------------------------------------------------

def _talk(case, clean, ctx, outcome):
    entries.talk(case, ctx.importer, clean["talk"], other_talkers=str(NOT_RECORDED), place=str(NOT_RECORDED),
                 content=_text())


def _recommend(case, clean, ctx, outcome):
    entries.recommendation(case, ctx.importer, clean["recommended"], method=RecommendationMethod.MEMBERS,
                           note=_text())


def _activist_resolution(case, clean, ctx, outcome):
    entries.resolution(case, ctx.importer, clean["activist_resolution"], note=_text())


def _sent(kind):
    """The day the latest request of `kind` not returned was sent (pending or decided)."""
    def current(case):
        return (case.filings.filter(kind=kind, status__in=(FilingStatus.PENDING, FilingStatus.ACCEPTED))
                .order_by("-created_at", "-id").values_list("sent_on", flat=True).first())
    return current


def _send_activist(case, clean, ctx, outcome):
    filing = walk.send(case, ctx.importer, FilingKind.ACTIVIST, clean["activist_filed"])
    outcome.warnings += warnings_of([Problem.from_json(p) for p in filing.warnings])


def _activist(case):
    case.refresh_from_db()
    return case.activist_since


def _enter_activist(case, clean, ctx, outcome):
    """The committee's acceptance of the filing sent (by this row or before): as itself when the
    importer is the committee too, otherwise the filing waits."""
    if case.branch_id in ctx.committee_scope:
        walk.accept(case, FilingKind.ACTIVIST, ctx.importer, clean["activist_since"], _text())
    else:
        outcome.pending = str(_l("The filing is sent to the Party committee and waits for its decision."))


def _contacts(case, clean, ctx, outcome):
    contacts_set(case=case, members=clean["contacts_members"], assigned_on=clean["contacts_on"],
                 actor=ctx.importer)


def _contacts_value(case):
    rows = case.contact_assignments.filter(ended_on__isnull=True).values_list("member__name", "assigned_on")
    if not rows:
        return None
    return f"{'、'.join(sorted(n for n, _d in rows))}（{min(d for _n, d in rows)}）"


def _contacts_wanted(clean):
    names = _wanted_names("contacts")(clean)
    return f"{names}（{clean['contacts_on']}）" if names else None


# --- 二: thought reports and the cultivation opinions (lists in a cell) -----------------------------

OPINION_KINDS = (OpinionKind.EDUCATION, OpinionKind.BRANCH_INSPECTION)


def _listed(items) -> str | None:
    return "、".join(sorted(items)) or None


def _reports_value(case):
    return _listed(d.isoformat() for d in case.thoughtreports.values_list("written_on", flat=True))


def _reports_wanted(clean):
    return _listed(d.isoformat() for d in clean.get("report_dates") or [])


def _opinion_text(kind, on):
    return f"{OpinionKind(kind).label} {on.isoformat()}"


def _opinions_value(case):
    return _listed(_opinion_text(k, d) for k, d in case.opinions.filter(kind__in=OPINION_KINDS)
                   .values_list("kind", "given_on"))


def _opinions_wanted(clean):
    return _listed(_opinion_text(k, d) for k, d in clean.get("opinion_items") or [])


def _missing(recorded, wanted):
    left = Counter(recorded)
    for item in wanted:
        if left[item]:
            left[item] -= 1
        else:
            yield item


def _reports(case, clean, ctx, outcome):
    recorded = case.thoughtreports.values_list("written_on", flat=True)
    for on in _missing(recorded, sorted(clean["report_dates"])):
        entries.thought_report(case, ctx.importer, on, title=str(_l("Thought report")), content=_text())


def _opinions(case, clean, ctx, outcome):
    recorded = case.opinions.filter(kind__in=OPINION_KINDS).values_list("kind", "given_on")
    for kind, on in _missing(recorded, sorted(clean["opinion_items"], key=lambda i: i[1])):
        entries.opinion(case, ctx.importer, kind, on, author=str(NOT_RECORDED), content=_text())


# --- 三: the development target ------------------------------------------------------------------

def _target_meeting(case, clean, ctx, outcome):
    walk.target_basis(case, ctx.importer, clean["target_meeting"], group=str(NOT_RECORDED),
                      masses=str(NOT_RECORDED), content=_text(), note=_text())


def _target_agreed(case, clean, ctx, outcome):
    _decide(case, FilingKind.TARGET, clean["target_meeting"], clean["target_agreed"], ctx, outcome)


def _notice_value(case):
    notice = case.publicnotices.order_by("start_date").first()
    return f"{notice.start_date}—{notice.end_date}" if notice else None


def _notice_wanted(clean):
    return f"{clean['notice_start']}—{clean['notice_end']}" if clean.get("notice_start") else None


def _notice(case, clean, ctx, outcome):
    entries.notice(case, ctx.importer, clean["notice_start"], clean["notice_end"], place=str(NOT_RECORDED))


def _target_since(case):
    return Case.objects.filter(pk=case.pk).values_list("target_since", flat=True).first()


def _enter_target_since(case, clean, ctx, outcome):
    on, since = clean["target_since"], _target_since(case)
    if since is None:  # 2026: the branch lists the target after the notice
        target_confirm(case=case, actor=ctx.importer, on=on)
    elif since != on:  # 2014: the committee's acceptance made the target
        raise RowProblem([_l("Under the rules in force on %(date)s the Party committee's acceptance of the "
                             "filing makes the development target: “%(column)s” must be %(date)s.")
                          % {"date": since, "column": label("target_since")}], "target_since")


def _introducers(case, clean, ctx, outcome):
    walk.introducers(case, ctx.importer, clean["introducers_members"], clean["introducers_on"])


def _review(case, clean, ctx, outcome):
    entries.review(case, ctx.importer, clean["review"], conclusion=ReviewConclusion.QUALIFIED,
                   methods=str(NOT_RECORDED), summary=_text())


def _training_value(case):
    t = case.trainings.order_by("start_date").first()
    return f"{t.start_date}—{t.end_date}" if t else None


def _training_wanted(clean):
    return f"{clean['training_start']}—{clean['training_end']}" if clean.get("training_start") else None


def _training(case, clean, ctx, outcome):
    entries.training(case, ctx.importer, clean["training_start"], clean["training_end"] or clean["training_start"],
                     hours=clean["training_hours"], organiser=str(NOT_RECORDED))


# --- 四: admission -------------------------------------------------------------------------------

def _examination(case, clean, ctx, outcome):
    walk.examination(case, ctx.importer, clean["examination"], note=_text())


def _pre_review(case, clean, ctx, outcome):
    _decide(case, FilingKind.PRE_REVIEW, clean["examination"], clean["pre_review"], ctx, outcome)


def _volunteer(case, clean, ctx, outcome):
    # Serial numbers are unique: an unrecorded one gets the person's public id (never the blind index).
    serial = clean.get("volunteer_serial") or f"{NOT_RECORDED_SERIAL}-{case.public_id.hex[:12]}"
    entries.volunteer_form(case, ctx.importer, clean["volunteer"], serial)


NOT_RECORDED_SERIAL = "未记载"


def _admission_meeting(case, clean, ctx, outcome):
    walk.admission_meeting(case, ctx.importer, clean["admission_meeting"], resolution=_text(), absent_written=0)


def _committee_talk(case, clean, ctx, outcome):
    entries.committee_talk(case, ctx.importer, clean["committee_talk"], talker=str(NOT_RECORDED),
                           place=str(NOT_RECORDED), opinion=_text())


def _approval(case, clean, ctx, outcome):
    _decide(case, FilingKind.APPROVAL, clean["committee_talk"], clean["approval"], ctx, outcome,
            committee_votes=COMMITTEE_VOTES)


# --- 五: probation and conversion ----------------------------------------------------------------

def _placement(case, clean, ctx, outcome):
    entries.placement(case, ctx.importer, clean["placement"], clean["group_obj"])


def _oath(case, clean, ctx, outcome):
    entries.oath(case, ctx.importer, clean["oath"], place=str(NOT_RECORDED), organiser=str(NOT_RECORDED))


def _conversion_applied(case, clean, ctx, outcome):
    entries.conversion_application(case, ctx.importer, clean["conversion_applied"], content=_text())


def _conversion_meeting(case, clean, ctx, outcome):
    walk.conversion_meeting(case, ctx.importer, clean["conversion_meeting"], resolution=_text())


def _conversion_approval(case, clean, ctx, outcome):
    _decide(case, FilingKind.CONVERSION, clean["conversion_meeting"], clean["conversion_approval"], ctx, outcome)


def _archive(case, clean, ctx, outcome):
    on = clean["archived"]
    entries.archive(case, ctx.importer, on, archive_required_items(on), receiver=str(NOT_RECORDED))


STEPS = (
    Step("talk", _first("talks", "talk_date"), _talk),
    Step("recommended", _first("recommendations", "recommended_on"), _recommend),
    Step("activist_resolution", _first("branchresolutions", "meeting_date", purpose=ResolutionPurpose.ACTIVIST),
         _activist_resolution),
    Step("activist_filed", _sent(FilingKind.ACTIVIST), _send_activist),
    Step("activist_since", _activist, _enter_activist),
    Step("contacts", _contacts_value, _contacts, _contacts_wanted),
    Step("reports", _reports_value, _reports, _reports_wanted, adds=True),
    Step("opinions", _opinions_value, _opinions, _opinions_wanted, adds=True),
    Step("target_meeting", _first("branchresolutions", "meeting_date", purpose=ResolutionPurpose.TARGET),
         _target_meeting),
    Step("target_agreed", _decided(FilingKind.TARGET), _target_agreed),
    Step("notice_start", _notice_value, _notice, _notice_wanted),
    Step("target_since", _target_since, _enter_target_since),
    Step("introducers", _names("introducers"), _introducers, _wanted_names("introducers")),
    Step("review", _first("politicalreviews", "review_date"), _review),
    Step("training_start", _training_value, _training, _training_wanted),
    Step("examination", _first("branchresolutions", "meeting_date", purpose=ResolutionPurpose.ADMISSION),
         _examination),
    Step("pre_review", _decided(FilingKind.PRE_REVIEW), _pre_review),
    Step("volunteer", _first("volunteerforms", "filled_on"), _volunteer),
    Step("admission_meeting", _first("branchmeetings", "meeting_date", purpose=MeetingPurpose.ADMISSION, passed=True),
         _admission_meeting),
    Step("committee_talk", _first("committeetalks", "talk_date"), _committee_talk),
    Step("approval", _decided(FilingKind.APPROVAL), _approval),
    Step("placement", _first("placements", "placed_on"), _placement),
    Step("oath", _first("oaths", "oath_date"), _oath),
    Step("conversion_applied", _first("conversionapplications", "applied_on"), _conversion_applied),
    Step("conversion_meeting", _first("branchmeetings", "meeting_date", purpose=MeetingPurpose.CONVERSION,
                                      passed=True), _conversion_meeting),
    Step("conversion_approval", _decided(FilingKind.CONVERSION), _conversion_approval),
    Step("archived", _first("archives", "archived_on"), _archive),
)

# What a row can write besides the case: each object gets an ImportMark (deadlines are derived, and
# attachments there are none; a meeting's attendance goes with its meeting). A new Step that writes
# another model adds it here.
MARKED = ("cases.ApplicationLetter", "cases.Talk", "cases.Recommendation", "cases.BranchResolution",
          "cases.Filing", "cases.StageChange", "cases.ContactAssignment", "cases.ThoughtReport", "cases.Opinion", "cases.PublicNotice",
          "cases.Introducer", "cases.PoliticalReview", "cases.Training", "cases.VolunteerForm",
          "cases.BranchMeeting", "cases.CommitteeTalk", "cases.Placement", "cases.Oath",
          "cases.ConversionApplication", "cases.Archive")



def step_values(case) -> dict:
    """What the case has for each step column the 台账 lacks, as the sheet writes it (the people export
    fills its rows with these, so a person at any step reads back). A few queries per person."""
    first = {key: _first(*args, **kw)(case) for key, args, kw in (
        ("target_meeting", ("branchresolutions", "meeting_date"), {"purpose": ResolutionPurpose.TARGET}),
        ("review", ("politicalreviews", "review_date"), {}),
        ("examination", ("branchresolutions", "meeting_date"), {"purpose": ResolutionPurpose.ADMISSION}),
        ("volunteer", ("volunteerforms", "filled_on"), {}),
        ("committee_talk", ("committeetalks", "talk_date"), {}),
        ("placement", ("placements", "placed_on"), {}),
        ("conversion_applied", ("conversionapplications", "applied_on"), {}),
        ("conversion_meeting", ("branchmeetings", "meeting_date"),
         {"purpose": MeetingPurpose.CONVERSION, "passed": True}),
        ("archived", ("archives", "archived_on"), {}))}
    notice = case.publicnotices.order_by("start_date").first()
    training = case.trainings.order_by("start_date").first()
    volunteer = case.volunteerforms.order_by("filled_on").first()
    placement = case.placements.select_related("group").order_by("placed_on").first()
    introducers = case.introducers.filter(ended_on__isnull=True).select_related("member").order_by("member__name")
    letter = case.applicationletters.order_by("-created_at", "-id").first()
    contacts = list(case.contact_assignments.filter(ended_on__isnull=True).select_related("member__branch")
                    .order_by("member__name"))
    return first | {
        "letter_status": None if letter is None or letter.status == LetterStatus.APPROVED
        else str(LetterStatus(letter.status).label),
        "return_reason": letter.return_reason or None if letter and letter.status == LetterStatus.RETURNED else None,
        "received_letter": letter and letter.received_date,
        "recommended": _first("recommendations", "recommended_on")(case),
        "activist_resolution": _first("branchresolutions", "meeting_date",
                                      purpose=ResolutionPurpose.ACTIVIST)(case),
        "activist_filed": _sent(FilingKind.ACTIVIST)(case),
        "contacts_on": min((c.assigned_on for c in contacts), default=None),
        "contact_members": [c.member for c in contacts],
        "reports": _reports_value(case), "opinions": _opinions_value(case),
        "target_agreed": _decided(FilingKind.TARGET)(case),
        "notice_start": notice and notice.start_date, "notice_end": notice and notice.end_date,
        "introducers": "、".join(i.member.name for i in introducers) or None,
        "introducers_on": min((i.assigned_on for i in introducers), default=None),
        "training_start": training and training.start_date, "training_end": training and training.end_date,
        "training_hours": training and training.hours_text,
        "volunteer_serial": volunteer and volunteer.serial_number,
        "group": placement and placement.group.name,
    }
