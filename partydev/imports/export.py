"""Exports in the import's own format (the round trip of issue 12): the tree (组织), the rosters
(党员名册) and the people in the development process (发展党员), each a workbook with one sheet whose
title and headers are the import sheet's, so the file reads back into an empty site unchanged.

The callers scope what goes in (the pages pass the user's tree, rosters and cases) and audit the
download. Every text cell goes through `common/spreadsheet.as_text` (formula injection). Paths of
names from the root ("示范党委/第一党支部") name every parent and branch, so the file is unambiguous
even where names repeat.

The 发展党员 export holds the people's full ID numbers (the import matches a person by it) and the
personal details the sheet requires; the 台账 itself stays as users see it (masked, without them).
Columns of the people sheet are filled from the 台账's own query (`cases/selectors/ledger.ledger_cases`:
the same dates the 台账 shows) by their key; the person's details and the contacts are read here (a contact of another branch as 第一党支部/王建国)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from partydev.cases.selectors.ledger import ledger_cases
from partydev.common.spreadsheet import as_text
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind
from partydev.process.enums import Education, Gender
from partydev.structure.selectors import roster_branches, tree_of

from .people import PEOPLE
from .people_steps import step_values
from .roster import ROSTER
from .tree import TREE

DATE_FORMAT = "yyyy-mm-dd"


def _labels(paths) -> dict:
    """path -> "示范党委/第一党支部" for `paths` (one query)."""
    step = Organisation.steplen
    prefixes = {p[:i] for p in paths for i in range(step, len(p) + 1, step)}
    names = dict(Organisation.objects.filter(path__in=prefixes).values_list("path", "name"))
    return {p: "/".join(names.get(p[:i], "?") for i in range(step, len(p) + 1, step)) for p in paths}


def workbook(spec, rows) -> bytes:
    """One sheet, the import sheet's title and headers, `rows` (dicts by column key) below."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(spec.title))
    for i, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="C00000")
    header = []
    for col in spec.columns:
        cell = WriteOnlyCell(ws, value=str(col.label))
        cell.font, cell.fill = bold, fill
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for col in spec.columns:
            cell = WriteOnlyCell(ws, value=row.get(col.key))
            if col.kind == "date" and cell.value is not None:
                cell.number_format = DATE_FORMAT
            cells.append(as_text(cell))
        ws.append(cells)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def tree_rows(user) -> list[dict]:
    """Every live 党总支 / 党支部 / 党小组 below the user's committees, parents first (tree order)."""
    nodes = [n for n in tree_of(user).filter(dissolved_on__isnull=True) if n.kind != OrgKind.COMMITTEE]
    labels = _labels({n.path[: -n.steplen] for n in nodes})
    return [{"parent": labels[n.path[: -n.steplen]], "kind": str(OrgKind(n.kind).label), "name": n.name}
            for n in nodes]


def roster_rows(user) -> list[dict]:
    """The members on the rosters the user manages, by branch (tree order) and name."""
    branches = list(roster_branches(user))
    labels = _labels({b.path for b in branches})
    members = (Member.objects.filter(branch__in=branches, active=True).select_related("branch", "group")
               .order_by("branch__path", "name", "pk"))
    return [{"name": m.name, "branch": labels[m.branch.path], "member_type": str(MemberType(m.member_type).label),
             "join_date": m.join_date, "conversion_date": m.conversion_date,
             "group": m.group.name if m.group_id else None, "position": m.position or None} for m in members]


def people_rows(cases) -> list[dict]:
    """One row per person of `cases` (already scoped), in the 台账's order, with the 台账's dates."""
    rows = []
    cases = ledger_cases(cases)
    labels = _labels(set(cases.values_list("branch__path", flat=True)))
    keys = [c.key for c in PEOPLE.columns]
    dates = {c.key for c in PEOPLE.columns if c.kind == "date"}
    for case in cases:
        # The dates: the 台账's annotations and fields (a date column the 台账 lacks stays empty).
        row = {key: getattr(case, key, None) for key in keys if key in dates}
        values = step_values(case)  # the steps' columns the 台账 lacks
        received_letter, members = values.pop("received_letter"), values.pop("contact_members")
        row.update(values)
        # A letter waiting or returned: the 台账 has no date received, the letter has.
        row["received"] = row["received"] or received_letter
        other = _labels({m.branch.path for m in members if m.branch_id != case.branch_id})
        contacts = [m.name if m.branch_id == case.branch_id else f"{other[m.branch.path]}/{m.name}" for m in members]
        row.update({
            "name": case.name, "id_number": case.id_number, "gender": str(Gender(case.gender).label),
            "ethnicity": case.ethnicity, "birth_date": case.birth_date, "phone": case.phone,
            "education": str(Education(case.education).label), "work_unit": case.work_unit,
            "branch": labels[case.branch.path], "contacts": "、".join(contacts) or None,
        })
        rows.append(row)
    return rows


def tree_workbook(user) -> tuple[bytes, int]:
    rows = tree_rows(user)
    return workbook(TREE, rows), len(rows)


def roster_workbook(user) -> tuple[bytes, int]:
    rows = roster_rows(user)
    return workbook(ROSTER, rows), len(rows)


def people_workbook(cases) -> tuple[bytes, int]:
    rows = people_rows(cases)
    return workbook(PEOPLE, rows), len(rows)
