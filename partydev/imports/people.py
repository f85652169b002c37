"""The sheet 发展党员: one row per person in the development process, with the dates of the steps
already taken (the 台账's columns). A row is entered exactly as a branch would enter it by hand: the
person and the paper application (`case_create_paper`), the letter approved, then each step's record
through its page's form and `record_save`, each request and decision through the request services —
so every gate and rule applies to an imported person as to any other.

Steps supported so far: 收到入党申请书, 谈话, 确定为入党积极分子 (推荐, 支委会, 备案), 培养联系人.
docs/import.md lists the next ones and how to add them (a `Step` in STEPS and its columns)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partydev.cases.models import BranchResolution, Case
from partydev.cases.permissions import is_committee_admin_of
from partydev.cases.selectors.facts import load_facts
from partydev.cases.services import (
    BlockedByProblems,
    Refused,
    StaleState,
    case_create_paper,
    contacts_set,
    filing_accept,
    kind_of,
    letter_approve,
    record_save,
    request_send,
)
from partydev.common.crypto import blind_index
from partydev.common.ethnicities import ETHNICITIES
from partydev.common.idcard import birth_date_from_id, gender_from_id, validate_id_number
from partydev.orgs.models import MemberType, Organisation, OrgKind, Role
from partydev.orgs.selectors import branches_managed_by, path_within, scope_paths
from partydev.process.enums import (
    Education,
    FilingKind,
    FilingStatus,
    Gender,
    LetterStatus,
    RecommendationMethod,
    ResolutionPurpose,
    ResolutionResult,
)
from partydev.process.gates import FILE_ACTIVIST, problems
from partydev.process.problems import warnings as warnings_of
from partydev.webforms import records as case_forms
from partydev.webforms.records import PersonForm

from . import cells
from .sheets import Column, RowProblem, SheetSpec, register

IMPORTED = _l("Entered by Excel import; not recorded in the original.")


def _genders(ctx):
    return [str(label) for _v, label in Gender.choices]


def _educations(ctx):
    return [str(label) for _v, label in Education.choices]


def _ethnicities(ctx):
    return list(ETHNICITIES)


def _branches(ctx):
    return [ctx.branch_label(b) for b in ctx.branches_in_scope]


COLUMNS = (
    Column("name", _l("Name"), required=True, width=10),
    Column("id_number", _l("ID card number"), required=True, width=21,
           note=_l("18 characters; the check character is verified; the person is matched by it on re-import.")),
    Column("gender", _l("Gender"), kind="choice", choices=_genders, width=7,
           note=_l("Optional: read from the ID number; when given it must agree with it.")),
    Column("ethnicity", _l("Ethnicity"), kind="choice", required=True, choices=_ethnicities, width=10),
    Column("birth_date", _l("Date of birth"), kind="date", width=12,
           note=_l("Optional: read from the ID number; when given it must agree with it.")),
    Column("phone", _l("Mobile phone"), required=True, width=14),
    Column("education", _l("Education"), kind="choice", required=True, choices=_educations, width=12),
    Column("work_unit", _l("Work or study unit"), required=True, width=20),
    Column("branch", _l("Branch"), kind="choice", required=True, choices=_branches, width=26,
           note=_l("The branch's name, or its path from the committee (示范党委/第一党支部) when names repeat; "
                   "only branches you administer.")),
    Column("received", _l("Application received"), kind="date", required=True, width=13,
           note=_l("Dates: 2024-03-01, 2024/3/1, 2024年3月1日 or an Excel date.")),
    Column("talk", _l("Talk"), kind="date", width=13),
    Column("activist_since", _l("Activist since"), kind="date", width=13,
           note=_l("The day the Party committee accepted the filing; the recommendation and the branch "
                   "committee resolution are entered on this day too.")),
    Column("contacts", _l("Cultivation contacts"), width=16,
           note=_l("One or two full members of the branch's roster, separated by 、")),
)
DATE_ORDER = ("received", "talk", "activist_since")


@dataclass
class Context:
    """What checking a row needs, loaded once per file."""

    importer: object
    today: date
    branches_in_scope: list
    by_label: dict  # "示范党委/第一党支部" and unique "第一党支部" -> branch (every branch, any scope)
    ambiguous: set
    in_scope: set  # pks
    labels: dict  # pk -> path label
    committee_scope: set = field(default_factory=set)  # pks of branches under the importer's committee grants
    seen: dict = field(default_factory=dict)  # id_hash -> first row number
    rosters: dict = field(default_factory=dict)  # branch pk -> {name: member}

    def branch_label(self, branch) -> str:
        return self.labels[branch.pk]

    def roster(self, branch) -> dict:
        if branch.pk not in self.rosters:
            self.rosters[branch.pk] = {m.name: m for m in branch.members.filter(active=True)}
        return self.rosters[branch.pk]


def context_for(importer, *, today) -> Context:
    names = dict(Organisation.objects.values_list("path", "name"))
    step = Organisation.steplen
    labels, by_label, counts = {}, {}, {}
    branches = list(Organisation.objects.filter(kind=OrgKind.BRANCH).order_by("path"))
    for b in branches:
        label = "/".join(names[b.path[:i]] for i in range(step, len(b.path) + 1, step) if b.path[:i] in names)
        labels[b.pk] = label
        by_label[label] = b
        counts[b.name] = counts.get(b.name, 0) + 1
    ambiguous = {name for name, n in counts.items() if n > 1}
    for b in branches:
        if b.name not in ambiguous:
            by_label.setdefault(b.name, b)
    managed = list(branches_managed_by(importer))
    committee_paths = scope_paths(importer, (Role.COMMITTEE_ADMIN,))
    return Context(importer=importer, today=today, branches_in_scope=managed, by_label=by_label,
                   ambiguous=ambiguous, in_scope={b.pk for b in managed}, labels=labels,
                   committee_scope={b.pk for b in branches if path_within(b.path, committee_paths)})


def _choice(label_to_value: dict, raw, what):
    if raw in label_to_value:
        return label_to_value[raw]
    raise cells.CellError(_("“%(value)s” is not one of the list's values") % {"value": raw})


def check_row(values: dict, ctx: Context, row_number: int):
    """The row's values read and checked cell by cell: (clean values, [(column key, message)])."""
    errors, clean = [], {}

    def read(key, reader):
        try:
            clean[key] = reader(values.get(key))
        except cells.CellError as exc:
            errors.append((key, str(exc)))
            clean[key] = None

    for key in ("name", "id_number", "gender", "ethnicity", "phone", "education", "work_unit", "branch",
                "contacts"):
        read(key, cells.text)
    for key in ("birth_date", *DATE_ORDER):
        read(key, cells.date_value)
    # The person, through the form the applicant page uses.
    education = {str(label): v for v, label in Education.choices} | {v: v for v in Education.values}
    edu = clean.get("education")
    if edu and edu not in education:
        errors.append(("education", _("“%(value)s” is not one of the list's values") % {"value": edu}))
    form = PersonForm(data={"name": clean["name"], "ethnicity": clean["ethnicity"], "id_number": clean["id_number"],
                            "phone": clean["phone"], "education": education.get(edu, edu),
                            "work_unit": clean["work_unit"]})
    if form.is_valid():
        clean["person"] = form.cleaned_data
    else:
        for key, messages in form.errors.items():
            if not any(k == key for k, _m in errors):
                errors.extend((key, str(m)) for m in messages)
    number = form.cleaned_data.get("id_number") if hasattr(form, "cleaned_data") else None
    if number:
        clean["id_hash"] = id_hash = blind_index(number)
        if id_hash in ctx.seen:
            errors.append(("id_number", _("the same person as row %(row)s") % {"row": ctx.seen[id_hash]}))
        else:
            ctx.seen[id_hash] = row_number
        genders = {str(label): v for v, label in Gender.choices}
        if clean["gender"] and genders.get(clean["gender"]) != gender_from_id(number):
            errors.append(("gender", _("does not agree with the ID card number")))
        if clean["birth_date"] and clean["birth_date"] != birth_date_from_id(number):
            errors.append(("birth_date", _("does not agree with the ID card number")))
    elif clean["id_number"] and clean["id_number"] and not any(k == "id_number" for k, _m in errors):
        try:
            validate_id_number(clean["id_number"])
        except ValidationError as exc:
            errors.append(("id_number", exc.messages[0]))
    # The branch: known, and one the importer administers.
    label = (clean.get("branch") or "").replace("／", "/").strip()
    branch = ctx.by_label.get(label)
    if label and branch is None:
        errors.append(("branch", _("“%(name)s” is not a branch of the organisation tree (names that occur twice "
                                   "need the path, such as 示范党委/第一党支部)") % {"name": label}
                       if label not in ctx.ambiguous else
                       _("more than one branch is called “%(name)s”: write its path, such as 示范党委/%(name)s")
                       % {"name": label}))
    elif branch is not None and branch.pk not in ctx.in_scope:
        errors.append(("branch", _("a person is entered by the branch's administrator: you administer the "
                                   "Party committee above “%(name)s”, not the branch")
                       % {"name": label} if branch.pk in ctx.committee_scope else
                       _("“%(name)s” is outside the branches you administer") % {"name": label}))
        branch = None
    clean["branch_obj"] = branch
    # Dates: steps in order, none skipped, none in the future.
    previous = None
    for key in DATE_ORDER:
        day = clean.get(key)
        if day is None:
            continue
        if day > ctx.today:
            errors.append((key, _("cannot be later than today")))
        if previous is not None and day < clean[previous]:
            errors.append((key, _("is earlier than “%(other)s” (%(date)s)")
                           % {"other": ctx_label(previous), "date": clean[previous].isoformat()}))
        previous = key
    for key, needs in (("talk", "received"), ("activist_since", "talk")):
        if clean.get(key) and not clean.get(needs) and not any(k == needs for k, _m in errors):
            errors.append((key, _("needs “%(other)s” first") % {"other": ctx_label(needs)}))
    # Contacts: names on the branch's roster, full members; only once the person is an activist.
    names = [n.strip() for n in (clean.get("contacts") or "").replace("，", "、").replace(",", "、").split("、")
             if n.strip()]
    clean["contact_members"] = []
    if names:
        if not clean.get("activist_since"):
            errors.append(("contacts", _("needs “%(other)s” first") % {"other": ctx_label("activist_since")}))
        elif branch is not None:
            roster = ctx.roster(branch)
            unknown = [n for n in names if n not in roster]
            if unknown:
                errors.append(("contacts", _("not on the branch's roster: %(names)s") % {"names": "、".join(unknown)}))
            clean["contact_members"] = [roster[n] for n in names if n in roster]
    return clean, errors


def ctx_label(key) -> str:
    return str(next(c.label for c in COLUMNS if c.key == key))


# --- writing a row through the services ------------------------------------------------------------

@dataclass
class Outcome:
    action: str  # create | update | unchanged
    case: Case | None = None
    warnings: list = field(default_factory=list)  # Problem
    changes: list = field(default_factory=list)  # (column label, before, after)
    pending: str = ""  # a request left for the committee


def _save(form_class, case, actor, data, *, instance=None, **form_kwargs):
    if instance is not None:
        form_kwargs["instance"] = instance
    form = form_class(data=data, **form_kwargs)
    if not form.is_valid():
        raise ValidationError([f"{form.fields[k].label}: {m}" if k in form.fields else m
                               for k, ms in form.errors.items() for m in ms])
    fields = {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
    return record_save(kind=kind_of(form.instance), case=case, actor=actor, data=fields)


@dataclass(frozen=True)
class Step:
    """One step a row may assert: its column, whether the case has it already (its date, or None), and
    how to enter it through the services."""

    key: str
    current: Callable  # (case) -> date | None
    enter: Callable  # (case, clean, ctx, outcome) -> None


def _received(case):
    return (case.applicationletters.filter(status=LetterStatus.APPROVED).order_by("-received_date")
            .values_list("received_date", flat=True).first())


def _talk(case):
    return case.talks.order_by("talk_date").values_list("talk_date", flat=True).first()


def _enter_talk(case, clean, ctx, outcome):
    _save(case_forms.TalkForm, case, ctx.importer, {
        "talk_date": clean["talk"], "talkers": [], "other_talkers": str(_l("not recorded (imported)")),
        "place": str(_l("not recorded (imported)")), "content": str(IMPORTED)}, roster=case.branch.members.all())


def _activist(case):
    case.refresh_from_db()
    return case.activist_since


def _enter_activist(case, clean, ctx, outcome):
    on = clean["activist_since"]
    _save(case_forms.RecommendationForm, case, ctx.importer,
          {"recommended_on": on, "method": RecommendationMethod.MEMBERS, "note": str(IMPORTED)})
    _save(case_forms.ResolutionForm, case, ctx.importer, {"meeting_date": on, "result": ResolutionResult.PASSED, "note": str(IMPORTED)},
          instance=BranchResolution(case=case, purpose=ResolutionPurpose.ACTIVIST))
    outcome.warnings += warnings_of(problems(load_facts(Case.objects.get(pk=case.pk)), FILE_ACTIVIST, on))
    filing = request_send(case=case, actor=ctx.importer, kind=FilingKind.ACTIVIST, sent_on=on)
    if is_committee_admin_of(ctx.importer, case):
        filing_accept(filing=filing, actor=ctx.importer, effective_date=on, opinion=str(IMPORTED))
    else:
        outcome.pending = str(_l("The filing is sent to the Party committee and waits for its decision."))


def _contacts(case):
    names = sorted(case.contact_assignments.filter(ended_on__isnull=True).values_list("member__name", flat=True))
    return "、".join(names) or None


def _enter_contacts(case, clean, ctx, outcome):
    members = clean["contact_members"]
    if any(m.member_type != MemberType.FULL for m in members):
        pass  # the service's rule refuses it with its own message and article
    contacts_set(case=case, members=members, assigned_on=clean["activist_since"], actor=ctx.importer)


# What a row can write besides the case: each object gets an ImportMark (deadlines are derived, and
# attachments there are none). A new Step that writes another model adds it here.
MARKED = ("cases.ApplicationLetter", "cases.Talk", "cases.Recommendation", "cases.BranchResolution",
          "cases.Filing", "cases.StageChange", "cases.ContactAssignment")

STEPS = (
    Step("talk", _talk, _enter_talk),
    Step("activist_since", _activist, _enter_activist),
    Step("contacts", _contacts, _enter_contacts),
)


def _wanted(clean, key):
    if key == "contacts":
        return "、".join(sorted(m.name for m in clean["contact_members"])) or None
    return clean.get(key)


def apply_row(clean: dict, ctx: Context) -> Outcome:
    """Enter the row through the services. Raises RowProblem with the rules' blocking problems; the
    caller's transaction decides whether anything stays (the preview rolls it back)."""
    try:
        return _apply(clean, ctx)
    except BlockedByProblems as exc:
        raise RowProblem([p for p in exc.problems if p.blocking]) from exc
    except Refused as exc:
        raise RowProblem(exc.problems) from exc
    except StaleState as exc:
        raise RowProblem([str(exc)]) from exc
    except ValidationError as exc:
        raise RowProblem(exc.messages) from exc


def _apply(clean, ctx):
    existing = Case.objects.filter(id_hash=clean["id_hash"]).first()
    if existing is None:
        outcome = Outcome("create")
        received = clean["received"]
        case = case_create_paper(actor=ctx.importer, branch=clean["branch_obj"], data=clean["person"], letter={
            "title": str(_l("Application for Party membership")), "content": str(IMPORTED),
            "written_date": received, "received_date": received})
        letter_approve(letter=case.applicationletters.get(status=LetterStatus.SUBMITTED), actor=ctx.importer)
    else:
        outcome = Outcome("update")
        case = existing
        if case.branch_id != clean["branch_obj"].pk:
            raise RowProblem([_("This person is already registered in another branch (%(branch)s).")
                              % {"branch": ctx.labels.get(case.branch_id, case.branch.name)}], "branch")
        differs = [ctx_label(k) for k in ("name", "ethnicity", "phone", "education", "work_unit")
                   if getattr(case, k) != clean["person"][k]]
        if differs:
            raise RowProblem([_("Differs from the person already registered (%(columns)s): an import does not "
                                "change a registered person's details.") % {"columns": "、".join(differs)}],
                             "name")
        if _received(case) != clean["received"]:
            raise RowProblem([_("The application's date received cannot be changed by an import "
                                "(recorded: %(date)s).") % {"date": _received(case)}], "received")
    outcome.case = case
    for step in STEPS:
        wanted = _wanted(clean, step.key)
        have = step.current(case) if existing is not None else None
        if have is not None and wanted is None:
            continue  # an import never removes a step recorded since
        if have is not None:
            if have != wanted:
                raise RowProblem([_("“%(column)s” is already recorded as %(have)s and cannot be changed by an "
                                    "import.") % {"column": ctx_label(step.key), "have": have}], step.key)
            continue
        if wanted is None:
            continue
        if outcome.pending:
            raise RowProblem([_("“%(column)s” needs the Party committee's decision on the filing first.")
                              % {"column": ctx_label(step.key)}], step.key)
        pending = case.filings.filter(status=FilingStatus.PENDING).exists()
        if pending and existing is not None:
            raise RowProblem([_("A request waits for the Party committee; import the later steps after its "
                                "decision.")], step.key)
        step.enter(case, clean, ctx, outcome)
        outcome.changes.append((ctx_label(step.key), have, wanted))
    if existing is not None and not outcome.changes:
        outcome.action = "unchanged"
    return outcome


def examples(ctx):
    branch = ctx.branches_in_scope[0] if ctx.branches_in_scope else None
    label = ctx.branch_label(branch) if branch else "示范党委/第一党支部"
    roster = [m.name for m in branch.members.filter(active=True, member_type=MemberType.FULL)[:2]] if branch else []
    return [
        {"name": "张三（示例）", "id_number": "110101199003071236", "gender": "男", "ethnicity": "汉族",
         "phone": "13800000000", "education": str(Education.BACHELOR.label), "work_unit": "示例单位",
         "branch": label, "received": date(2025, 3, 1)},
        {"name": "李四（示例）", "id_number": "11010119920415124X", "ethnicity": "汉族", "phone": "13900000000",
         "education": str(Education.POSTGRADUATE.label), "work_unit": "示例单位", "branch": label,
         "received": "2025/3/2", "talk": "2025年3月20日"},
        {"name": "王五（示例）", "id_number": "110101199505051234", "ethnicity": "回族", "phone": "13700000000",
         "education": str(Education.BACHELOR.label), "work_unit": "示例单位", "branch": label,
         "received": "2025-01-05", "talk": "2025-01-20", "activist_since": "2025-03-10",
         "contacts": "、".join(roster)},
    ]


PEOPLE = register(SheetSpec(
    key="people", title=_l("Development"), columns=COLUMNS, examples=examples, check_row=check_row,
    apply=apply_row, context=lambda importer, today: context_for(importer, today=today),
    instructions=(
        _l("One row per person in the development process. The example rows (marked 示例) must be deleted before "
           "uploading."),
        _l("Write the date of every step already taken; leave later steps empty. Each person is checked by the "
           "same rules as when entered by hand: problems are shown in the preview, and nothing is written until "
           "you confirm."),
        _l("Do not merge cells, do not use formulas, and keep the first row (the headers) unchanged. At most "
           "100,000 rows."),
        _l("Uploading the same file again changes nothing; a person already imported (same ID number) is "
           "updated with the steps added since."),
    ),
))
