"""The sheet 发展党员: one row per person in the development process, with the dates of every step
already taken (the 台账's columns, people_columns.py). A row is entered exactly as a branch would enter
it by hand: the person and the paper application (`case_create_paper`), the letter approved, then each
step (people_steps.py) through the pages' forms and the services — so every gate and rule applies to
an imported person as to any other. This module reads a row's cells, the person and the branch
(people_checks.py checks the steps' cells) and enters the row."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from partydev.cases.models import Case
from partydev.cases.services import (
    BlockedByProblems,
    Refused,
    StaleState,
    case_create_paper,
    letter_approve,
    letter_return,
)
from partydev.common.crypto import blind_index, blind_index_all
from partydev.common.idcard import birth_date_from_id, gender_from_id, validate_id_number
from partydev.orgs.models import MemberType, Organisation, OrgKind, Role
from partydev.orgs.selectors import branches_managed_by, path_within, scope_paths
from partydev.process.enums import Education, FilingKind, FilingStatus, Gender, LetterStatus
from partydev.webforms.records import PersonForm

from . import cells
from .people_checks import check_steps
from .people_columns import COLUMNS, DATES, DERIVED, TEXTS
from .people_columns import label as ctx_label
from .people_steps import IMPORTED, MARKED, STEPS, Outcome
from .sheets import RowProblem, SheetSpec, register

__all__ = ["COLUMNS", "MARKED", "PEOPLE", "Context", "Outcome", "apply_row", "check_row", "context_for", "ctx_label"]


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
    groups: dict = field(default_factory=dict)  # branch pk -> {name: Party group}

    def branch_label(self, branch) -> str:
        return self.labels[branch.pk]

    def roster(self, branch) -> dict:
        if branch.pk not in self.rosters:
            self.rosters[branch.pk] = {m.name: m for m in branch.members.filter(active=True)}
        return self.rosters[branch.pk]

    def groups_of(self, branch) -> dict:
        if branch.pk not in self.groups:
            self.groups[branch.pk] = {g.name: g for g in Organisation.objects.filter(
                kind=OrgKind.GROUP, path__startswith=branch.path, dissolved_on__isnull=True)}
        return self.groups[branch.pk]


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


def hash_the_file(ctx: Context, raw_rows) -> None:
    """Compute the blind index of every valid 身份证号 of the file up front, on IMPORT_HASH_THREADS
    threads (the check's memo keeps them for check_row and the services). At the production cost a
    hash is ~50 ms, a T1 file's 20,000 of them most of the check's time on one core."""
    numbers = []
    for raw in raw_rows:
        try:
            numbers.append(validate_id_number(str(raw.values.get("id_number") or "").strip()))
        except ValidationError:
            continue  # its row gets the cell's error
    blind_index_all(numbers, threads=settings.IMPORT_HASH_THREADS)


def check_row(values: dict, ctx: Context, row_number: int):
    """The row's values read and checked cell by cell: (clean values, [(column key, message)])."""
    errors, clean = [], {}

    def read(key, reader):
        try:
            clean[key] = reader(values.get(key))
        except cells.CellError as exc:
            errors.append((key, str(exc)))
            clean[key] = None

    for key in TEXTS:
        read(key, cells.free_text if key == "return_reason" else cells.text)
    for key in DATES:
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
    check_steps(clean, errors, ctx, branch)
    return clean, errors


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
        on = clean["received"]
        case = case_create_paper(actor=ctx.importer, branch=clean["branch_obj"], data=clean["person"], letter={
            "title": str(_l("Application for Party membership")), "content": str(IMPORTED),
            "written_date": on, "received_date": on})
        _review_letter(case, clean, ctx)
        if clean["letter"] != LetterStatus.APPROVED:  # shown in the preview: the letter is not approved
            outcome.changes.append((ctx_label("letter_status"), None, str(LetterStatus(clean["letter"]).label)))
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
        letter = case.applicationletters.order_by("-created_at", "-id").first()
        have = (letter.received_date, letter.status) if letter else None
        if have == (clean["received"], LetterStatus.SUBMITTED) and clean["letter"] == LetterStatus.APPROVED:
            _review_letter(case, clean, ctx)  # approved since the last import
            outcome.changes.append((ctx_label("letter_status"), str(LetterStatus.SUBMITTED.label),
                                    str(LetterStatus.APPROVED.label)))
        elif have != (clean["received"], clean["letter"]):
            recorded = letter.received_date if letter else None
            if recorded != clean["received"]:
                raise RowProblem([_("The application's date received cannot be changed by an import "
                                    "(recorded: %(date)s).") % {"date": recorded}], "received")
            raise RowProblem([_("“%(column)s” is already recorded as %(have)s and cannot be changed by an "
                                "import.") % {"column": ctx_label("letter_status"),
                                              "have": LetterStatus(letter.status).label}], "letter_status")
    outcome.case = case
    # Requests waiting for the committee before this row (a filing the row sends is decided by it).
    waiting = set(case.filings.filter(status=FilingStatus.PENDING).values_list("kind", flat=True)) \
        if existing is not None else set()
    for step in STEPS:
        wanted = step.want(clean)
        have = step.current(case) if existing is not None else None
        if have is not None and wanted is None:
            continue  # an import never removes a step recorded since
        if have is not None and _only_defaulted(step.key, have, wanted, clean["defaulted"]):
            continue  # a date the row leaves to its default: what is recorded stays (an older file)
        if have is not None and step.adds and wanted is not None and have != wanted \
                and Counter(have.split("、")) <= Counter(wanted.split("、")):
            pass  # items added since: entered below, what is recorded stays
        elif have is not None:
            if have != wanted:
                raise RowProblem([_("“%(column)s” is already recorded as %(have)s and cannot be changed by an "
                                    "import.") % {"column": ctx_label(step.key), "have": have}], step.key)
            continue
        if wanted is None:
            continue
        if outcome.pending:
            raise RowProblem([_("“%(column)s” needs the Party committee's decision on the filing first.")
                              % {"column": ctx_label(step.key)}], step.key)
        # The activist filing waiting in the committee's inbox is what 确定为入党积极分子日期 decides.
        if waiting and not (step.key == "activist_since" and waiting == {FilingKind.ACTIVIST}):
            raise RowProblem([_("A request waits for the Party committee; import the later steps after its "
                                "decision.")], step.key)
        step.enter(case, clean, ctx, outcome)
        if step.key == "activist_since" and not outcome.pending:
            waiting.discard(FilingKind.ACTIVIST)
        outcome.changes.append((ctx_label(step.key), have, wanted))
    _check_derived(case, clean)
    if existing is not None and not outcome.changes:
        outcome.action = "unchanged"
    return outcome


def _only_defaulted(key, have, wanted, defaulted) -> bool:
    """The row does not give this step's date (the optional column is empty and took its default):
    a recorded step with another date is not a change the row asks for."""
    if key in defaulted:
        return True
    return key == "contacts" and "contacts_on" in defaulted and have.split("（")[0] == (wanted or "").split("（")[0]


def _review_letter(case, clean, ctx):
    """The branch's review of the letter, as the row says: approved (empty), returned with the reason,
    or left waiting (待审批)."""
    letter = case.applicationletters.get(status=LetterStatus.SUBMITTED)
    if clean["letter"] == LetterStatus.APPROVED:
        letter_approve(letter=letter, actor=ctx.importer)
    elif clean["letter"] == LetterStatus.RETURNED:
        letter_return(letter=letter, actor=ctx.importer, reason=clean["return_reason"])


def _check_derived(case, clean):
    """The 台账's derived dates (probation, Party standing), when the row gives them, agree with what
    the steps gave."""
    if not any(clean.get(k) for k in DERIVED):
        return
    case.refresh_from_db()
    for key in DERIVED:
        if clean.get(key) and getattr(case, key) != clean[key]:
            raise RowProblem([_("“%(column)s” does not agree with the steps' dates: they give %(date)s.")
                              % {"column": ctx_label(key), "date": getattr(case, key) or "—"}], key)


def examples(ctx):
    """Example rows (their ID numbers fail the check character on purpose: an example left in is refused)."""
    branch = ctx.branches_in_scope[0] if ctx.branches_in_scope else None
    label = ctx.branch_label(branch) if branch else "示范党委/第一党支部"
    roster = [m.name for m in branch.members.filter(active=True, member_type=MemberType.FULL)[:2]] if branch else []
    group = min(ctx.groups_of(branch), default="") if branch else ""
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
        # Steps 2–4 on their own days (the optional columns at the end); the filing waits for the committee.
        {"name": "周八（示例）", "id_number": "110101199811111230", "ethnicity": "汉族", "phone": "13400000000",
         "education": str(Education.BACHELOR.label), "work_unit": "示例单位", "branch": label,
         "received": "2025-09-01", "talk": "2025-09-15", "recommended": "2026-03-02",
         "activist_resolution": "2026-03-10", "activist_filed": "2026-03-12"},
        # A probationary member whose target was determined under the 2026 rules (agreement, 公示, listing).
        {"name": "赵六（示例）", "id_number": "110101200008233021", "ethnicity": "汉族", "phone": "13600000000",
         "education": str(Education.BACHELOR.label), "work_unit": "示例单位", "branch": label,
         "received": "2024-10-08", "talk": "2024-10-20", "activist_since": "2025-06-01",
         "contacts": "、".join(roster), "target_meeting": "2026-06-10", "target_agreed": "2026-06-15",
         "notice_start": "2026-06-24", "notice_end": "2026-06-30", "target_since": "2026-07-01",
         "introducers": "、".join(roster), "introducers_on": "2026-07-02", "review": "2026-07-10",
         "training_start": "2026-07-13", "training_end": "2026-07-16", "training_hours": "30",
         "examination": "2026-07-20", "pre_review": "2026-07-25", "volunteer": "2026-07-26",
         "volunteer_serial": "示例-2026-0001", "admission_meeting": "2026-08-10", "committee_talk": "2026-08-15",
         "approval": "2026-08-25", "placement": "2026-08-28", "group": group, "oath": "2026-09-01"},
        # A full member: every step under the 2014 rules up to the conversion.
        {"name": "孙七（示例）", "id_number": "110101199706112012", "ethnicity": "汉族", "phone": "13500000000",
         "education": str(Education.BACHELOR.label), "work_unit": "示例单位", "branch": label,
         "received": "2023-09-12", "talk": "2023-09-24", "activist_since": "2024-03-01",
         "contacts": "、".join(roster), "target_meeting": "2025-03-10", "target_since": "2025-03-20",
         "introducers": "、".join(roster), "review": "2025-04-15", "training_start": "2025-04-20",
         "training_end": "2025-04-23", "training_hours": "30", "examination": "2025-05-05",
         "pre_review": "2025-05-15", "volunteer": "2025-05-18", "volunteer_serial": "示例-2025-0001",
         "admission_meeting": "2025-06-01", "committee_talk": "2025-06-10", "approval": "2025-06-20",
         "placement": "2025-06-25", "group": group, "oath": "2025-07-01", "conversion_applied": "2026-05-08",
         "conversion_meeting": "2026-06-05", "conversion_approval": "2026-06-20", "full_member_since": "2026-06-01"},
    ]


PEOPLE = register(SheetSpec(
    key="people", title=_l("Development"), columns=COLUMNS, examples=examples, check_row=check_row,
    apply=apply_row, context=lambda importer, today: context_for(importer, today=today), prepare=hash_the_file,
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
        _l("The Party committee's decisions (filings, agreement, pre-review, approvals) are entered when you also "
           "administer the Party committee above the branch; otherwise they are sent and wait for the committee, "
           "and the row's later steps are imported after its decision."),
        _l("Columns the 台账 does not have (places, talkers, contents) are recorded as “导入时原始资料未记载”."),
        _l("The columns after “材料归档日期” are optional: a letter waiting or returned, the days of the "
           "recommendation, the branch committee, the filing and the contacts when they differ from the activist "
           "date, thought reports and cultivation opinions. Leave them empty when they do not apply."),
    ),
))
