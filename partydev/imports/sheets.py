"""The import framework: a sheet is declared once (`SheetSpec`) and everything else — the template's
sheet, its drop-down lists and examples, the header check, the per-cell reading and the row's
messages — is derived from the declaration. docs/import.md says how to add a sheet (the tree, the
roster) to `SHEETS`.

A spec's `check_row(values, ctx)` gives the row's cell errors; `plan(row, ctx)` says what the row
would do (create, update, nothing) and `apply(row, ctx, batch)` does it through the services. The
preview runs `apply` too, inside a transaction that is rolled back, so it finds exactly the problems
the confirmation would meet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header in the template and the one expected on upload
    kind: str = "text"  # text | date | choice
    required: bool = False
    width: int = 14
    choices: Callable | None = None  # (ctx) -> list of the values offered in the drop-down list
    note: object = ""  # one line of the instruction sheet

    def headers(self) -> set[str]:
        """The header in every language of the site, so a template downloaded in English reads too."""
        names = {str(self.label)}
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                names.add(str(self.label))
        return names


@dataclass(frozen=True)
class SheetSpec:
    key: str  # the batch's `sheet`
    title: object  # the sheet's name in the workbook
    columns: tuple[Column, ...]
    instructions: tuple = ()
    examples: Callable = lambda ctx: []  # (ctx) -> rows (dicts by column key) for the template
    check_row: Callable = None  # (values: dict, ctx) -> (clean: dict, errors: list[(column key, message)])
    apply: Callable = None  # (clean: dict, ctx) -> outcome; raises RowProblem
    context: Callable = None  # (importer, today) -> the ctx check_row/apply/examples read
    write: Callable = None  # (batch, row number, clean, ctx) -> outcome: apply + ImportMarks + import.row
    undo_blockers: Callable = None  # (batch) -> [{"case", "name", "what", "when"}]
    undo: Callable = None  # (batch, actor) -> number of objects removed
    # The check runs every row in ONE transaction, rolled back at the end, keeping each good row's
    # writes (a savepoint) so later rows see them: a parent created by row 5 exists for row 6.
    check_in_one_transaction: bool = False
    prepare: Callable = None  # (ctx, raw rows) -> None: what the rows need to know of the whole file
    extra: dict = field(default_factory=dict)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


class RowProblem(Exception):
    """The row cannot be imported: `problems` (blocking Problems, or plain messages)."""

    def __init__(self, problems, column=""):
        super().__init__("row problem")
        self.problems = problems
        self.column = column


SHEETS: dict[str, SheetSpec] = {}


def register(spec: SheetSpec) -> SheetSpec:
    SHEETS[spec.key] = spec
    return spec
