"""台账: one row per person with the key dates as columns, as an Excel workbook.

The rows come from one query (each date is a correlated subquery), so a committee's whole ledger
costs the same number of queries as a branch's. The sheet is written in openpyxl's write-only mode,
which keeps only the current row in memory.
"""

from dataclasses import dataclass
from io import BytesIO

from django.db.models import Max, Min, OuterRef, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from partydev.common.masking import mask_id_number
from partydev.common.spreadsheet import as_text
from partydev.process.enums import FilingKind, FilingStatus, LetterStatus, MeetingPurpose, Stage

from ..models import ApplicationLetter, BranchMeeting, Filing, Oath, Talk

# A workbook is built in memory before it is sent: past this many rows the user is asked to narrow
# the selection (by branch or stage) instead.
MAX_ROWS = 20_000
DATE_FORMAT = "yyyy-mm-dd"


def _decided(kind):
    """The effective date of the committee's latest accepted decision of `kind` (as CaseFacts.decided)."""
    return Subquery(Filing.objects.filter(case=OuterRef("pk"), kind=kind, status=FilingStatus.ACCEPTED)
                    .order_by("-created_at", "-id").values("effective_date")[:1])


def _first(model, field, **filters):
    return Subquery(model.objects.filter(case=OuterRef("pk"), **filters).values("case")
                    .annotate(d=Min(field)).values("d")[:1])


def _last(model, field, **filters):
    return Subquery(model.objects.filter(case=OuterRef("pk"), **filters).values("case")
                    .annotate(d=Max(field)).values("d")[:1])


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    is_date: bool = False


def columns() -> list[Column]:
    def d(key, label):
        return Column(key, label, 13, is_date=True)

    return [
        Column("no", _("No."), 7),
        Column("name", _("Name"), 12),
        Column("id_masked", _("ID card number"), 22),
        Column("branch", _("Branch"), 24),
        Column("stage", _("Stage"), 14),
        d("received", _("Application received")),
        d("talk", _("Talk")),
        d("activist_since", _("Activist since")),
        d("target_since", _("Development target since")),
        d("pre_review", _("Pre-review passed")),
        d("admission_meeting", _("Admission meeting")),
        d("approval", _("Admission approved")),
        d("probation_start", _("Probation starts")),
        d("probation_end", _("Probation ends")),
        d("oath", _("Admission oath")),
        d("conversion_approval", _("Conversion approved")),
        d("full_member_since", _("Full member since")),
    ]


def ledger_cases(cases):
    """`cases`: an already scoped queryset. Annotates the dates the ledger shows."""
    return (
        cases.select_related("branch")
        .annotate(
            received=_last(ApplicationLetter, "received_date", status=LetterStatus.APPROVED),
            talk=_first(Talk, "talk_date"),
            pre_review=_decided(FilingKind.PRE_REVIEW),
            admission_meeting=_last(BranchMeeting, "meeting_date", purpose=MeetingPurpose.ADMISSION, passed=True),
            approval=_decided(FilingKind.APPROVAL),
            oath=_first(Oath, "oath_date"),
            conversion_approval=_decided(FilingKind.CONVERSION),
        )
        .order_by("org_path", "name", "id")
    )


def _values(n, case):
    return {
        "no": n, "name": case.name, "id_masked": mask_id_number(case.id_number), "branch": case.branch.name,
        "stage": str(Stage(case.stage).label), "received": case.received, "talk": case.talk,
        "activist_since": case.activist_since, "target_since": case.target_since,
        "pre_review": case.pre_review, "admission_meeting": case.admission_meeting, "approval": case.approval,
        "probation_start": case.probation_start, "probation_end": case.probation_end, "oath": case.oath,
        "conversion_approval": case.conversion_approval, "full_member_since": case.full_member_since,
    }


def build_ledger(cases, *, title: str, limit: int = MAX_ROWS) -> tuple[bytes, int, int]:
    """Returns (xlsx bytes, rows written, people selected). `cases` is scoped by the caller; past
    `limit` people the sheet says how many were left out."""
    total = cases.count()
    cols = columns()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))
    ws.freeze_panes = "C2"  # header row and the name stay in view
    for i, col in enumerate(cols):
        ws.column_dimensions[get_column_letter(i + 1)].width = col.width
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="C00000")
    ws.append([_cell(ws, str(c.label), font=bold, fill=fill) for c in cols])
    written = 0
    for written, case in enumerate(ledger_cases(cases)[:limit].iterator(chunk_size=2000), start=1):
        values = _values(written, case)
        ws.append([_cell(ws, values[c.key], date=c.is_date) for c in cols])
    if total > written:
        ws.append([])
        ws.append([_cell(ws, _("Only the first %(shown)s of %(total)s people are listed. Choose a branch or "
                                "a stage to narrow the ledger.") % {"shown": written, "total": total},
                         font=Font(bold=True, color="C00000"))])
    out = BytesIO()
    wb.save(out)
    return out.getvalue(), written, total


def _cell(ws, value, *, date=False, font=None, fill=None):
    cell = WriteOnlyCell(ws, value=value)
    if date and value is not None:
        cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(horizontal="center")
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return as_text(cell)  # a name such as "=1+1" stays text (formula injection)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names and cuts names at 31 characters.
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"

