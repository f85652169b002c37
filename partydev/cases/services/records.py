"""Step records of every declared kind (process.records.RECORD_KINDS): created, updated and deleted
by the branch while the person is in the record's stage, with attachments and an audit event.
Typed data in, so the web, an API and an import call the same function."""

from django.apps import apps
from django.db import models, transaction

from partydev.audit.services import audit_record
from partydev.process.problems import blocking, problem
from partydev.process.records import RECORD_KINDS, RecordKind
from partydev.process.rules.probation import archive_problems, oath_problems

from ..attachments import attachments_add, attachments_remove
from ..models import Case
from ..permissions import can_edit_stage_records
from ..selectors.facts import load_facts
from .derived import deadlines_refresh
from .errors import Refused
from .guards import require, require_date

# Rules a record of a kind must pass before it is written (a blocking problem refuses it), and rules
# that judge the saved record against the case (their warnings are returned on `record.warnings`).
_BEFORE_SAVE = {
    "archives": lambda record: archive_problems(record.items, record.archived_on),  # §36 / 2014 §37
}
_AFTER_SAVE = {
    "oaths": lambda record: oath_problems(load_facts(record.case)),  # 2026 §29: a late oath warns
}


def record_model(kind: RecordKind):
    return apps.get_model("cases", kind.model)


def kind_of(record) -> str:
    """The declared kind of an existing record (its model and the fixed values it carries)."""
    for kind in RECORD_KINDS.values():
        if kind.model == type(record).__name__ and all(getattr(record, k) == v for k, v in kind.fixed.items()):
            return kind.slug
    raise LookupError(f"No record kind declared for {record!r}")


def _snapshot(record) -> dict:
    data = {}
    for f in record._meta.concrete_fields:
        if f.name in {"id", "case", "created_by", "created_at", "updated_at"}:
            continue
        value = f.value_from_object(record)
        data[f.name] = value if isinstance(value, int | str | bool | type(None)) else str(value)
    return data


def record_version(record) -> str:
    """What an editor saw of a record: the time of its last save, an opaque token. An interface that
    shows a record for editing carries it to `record_save(version=…)`, which refuses the edit when the
    record was saved again in between (issue 10 finding 13: no silently lost update)."""
    return record.updated_at.isoformat()


def _require_current(current, version: str | None) -> None:
    if version is None or version != record_version(current):
        raise Refused([problem("record_changed", True)])


def _require_dates_in_range(kind: RecordKind, record, case: Case) -> None:
    """Every date of the record lies in the system's range (guards.require_date): not later than
    today unless the kind declares it may lie ahead (kind.later_dates)."""
    for f in record._meta.concrete_fields:
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            require_date(getattr(record, f.attname), case=case, may_be_later=f.name in kind.later_dates)


def _require_editable(kind: RecordKind, case: Case, actor, record=None) -> None:
    """The branch keeps a stage's records while the person is in it; part 一 records freeze once filed."""
    require(can_edit_stage_records(actor, case, kind.stage), "not_permitted")
    if record is not None:
        require(record.case_id == case.pk and all(getattr(record, k) == v for k, v in kind.fixed.items()),
                "not_permitted")


def record_save(*, kind: str, case: Case, actor, data: dict, record=None, version: str | None = None, files=(),
                remove_attachments=()):
    """Create (record=None) or update a record of `kind` from field values; many-to-many fields
    (a talk's talkers) are set after saving. An update names the `version` (record_version) of the
    record the editor started from: when it was saved since, or no version is given, the update is
    refused ("record_changed"), so a second editor never silently overwrites the first. A rule of the
    kind that blocks refuses it (Refused, nothing written); the warnings of the saved record are on
    `record.warnings` (a late oath)."""
    kind = RECORD_KINDS[kind]
    model = record_model(kind)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _require_editable(kind, case, actor, record)
        is_new = record is None
        before = None
        if not is_new:
            # Read under the case's lock: every save of this case's records waits for it.
            current = model.objects.get(pk=record.pk)
            _require_current(current, version)
            before = _snapshot(current)
        if is_new:
            record = model(case=case, created_by=actor, **kind.fixed)
        many = {}
        for name, value in data.items():
            if model._meta.get_field(name).many_to_many:
                many[name] = value
            else:
                setattr(record, name, value)
        _require_dates_in_range(kind, record, case)
        record.full_clean(exclude=["case", "created_by"])
        refused = blocking(_BEFORE_SAVE[kind.slug](record)) if kind.slug in _BEFORE_SAVE else []
        if refused:
            raise Refused(refused)
        record.save()
        for name, value in many.items():
            getattr(record, name).set(value)
        removed = attachments_remove(attachments=record.attachments.filter(pk__in=remove_attachments))
        added = attachments_add(record=record, files=files, actor=actor)
        after = _snapshot(record) | {"attachments_added": [a.original_name for a in added],
                                     "attachments_removed": removed}
        audit_record(actor=actor, action=f"{record._meta.model_name}.{'create' if is_new else 'update'}",
                     obj=record, case=case, before=before, after=after)
        deadlines_refresh(case=case)
    record.warnings = _AFTER_SAVE[kind.slug](record) if kind.slug in _AFTER_SAVE else []
    return record


def record_delete(*, record, actor) -> None:
    kind = RECORD_KINDS[kind_of(record)]
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=record.case_id)
        _require_editable(kind, case, actor, record)
        before = _snapshot(record)
        attachments_remove(attachments=record.attachments.all())
        audit_record(actor=actor, action=f"{record._meta.model_name}.delete", obj=record, case=case,
                     before=before)
        record.delete()
        deadlines_refresh(case=case)
