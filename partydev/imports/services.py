"""An import's life: upload → check (preview, nothing kept) → confirm (one batch, through the services)
→ undo. Each function checks its own preconditions and writes its audit event; `runner` calls
check_batch and confirm_batch in the background with progress in the batch row.

Every audit event a confirmation causes carries the batch and the row in its request id
(`imp<batch>-<row>`), and each row adds an `import.row` event naming the batch, the file and the row;
every object a row wrote is an ImportMark (batch, row) — the timeline shows those as imported and undo
removes exactly those."""

import base64
import functools
import hashlib
import json
import logging
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydev.audit.context import RequestFacts, current_request
from partydev.audit.models import AuditEvent
from partydev.audit.services import audit_record
from partydev.cases.models import Case
from partydev.cases.services import Refused, case_erase, deadlines_deferred
from partydev.common import clock
from partydev.common.crypto import blind_index_memo, blind_index_memo_items
from partydev.common.masking import mask_id_number
from partydev.orgs.models import Role
from partydev.orgs.selectors import grants_of
from partydev.process.problems import Problem

from . import people, roster, tree  # noqa: F401  (register the sheets)
from .models import BatchStatus, ImportBatch, ImportMark
from .sheets import SHEETS, RowProblem
from .workbook import FileRefused, read_rows

PROGRESS_EVERY = 50
log = logging.getLogger(__name__)
# Reading a page or a file leaves a case as it was: only these events do not block an undo.
READ_ACTIONS = {"attachment.download", "dossier.download", "ledger.download", "audit.read"}


class _Rollback(Exception):
    pass


def _importer_scope(user):
    grants = [g for g in grants_of(user) if g.role in (Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN)]
    if not grants:
        raise Refused([Problem("not_permitted", True)])
    return min(grants, key=lambda g: len(g.org.path)).org


def batch_upload(*, importer, file_name: str, data: bytes, sheet: str = "people") -> ImportBatch:
    """Keep the uploaded file (encrypted, in the batch row) for the check; nothing else is written."""
    if sheet not in SHEETS:
        raise ValidationError(_("Unknown sheet."))
    org = _importer_scope(importer)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            sheet=sheet, file_name=file_name[:200], sha256=hashlib.sha256(data).hexdigest(), importer=importer,
            scope_org=org, org_path=org.path, status=BatchStatus.PREVIEWING,
            payload=json.dumps({"file": base64.b64encode(data).decode()}))
        audit_record(actor=importer, action="import.upload", obj=batch, org_path=org.path,
                     after={"file": batch.file_name, "sha256": batch.sha256})
    return batch


# --- the check (preview) ---------------------------------------------------------------------------

def _jsonable(value):
    if isinstance(value, datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _from_json(value):
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    return value


def _problem_json(p) -> dict:
    if isinstance(p, Problem):
        return {"message": p.message, "article": p.article}
    return {"message": str(p), "article": ""}


def _progress(batch, done, total):
    ImportBatch.objects.filter(pk=batch.pk).update(progress_done=done, progress_total=total)


def check_batch(batch: ImportBatch) -> ImportBatch:
    """Read the file and check every row, cell by cell, then through the services inside a transaction
    that is rolled back (so the rules meet each person exactly as the confirmation will). Nothing stays."""
    with blind_index_memo():
        return _check_batch(batch)


def _digests():
    """The blind-index digests the check computed, kept (encrypted with the rest of the payload) for
    the confirmation: at the production cost each is ~50 ms, and the confirmation needs the same ones.
    Keyed by the keyed HMAC of the number, never the number; dropped when the batch is confirmed."""
    return blind_index_memo_items()


def _check_batch(batch: ImportBatch) -> ImportBatch:
    spec = SHEETS[batch.sheet]
    payload = json.loads(batch.payload)
    data = base64.b64decode(payload["file"])
    try:
        raw_rows = read_rows(data, spec)
    except FileRefused as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.REJECTED, message=exc.message,
                                                        payload="")
        audit_record(actor=batch.importer, action="import.refused", obj=batch, org_path=batch.org_path,
                     after={"file": batch.file_name, "reason": exc.message})
        batch.refresh_from_db()
        return batch
    ctx = spec.context(batch.importer, clock.today())
    if spec.prepare is not None:
        spec.prepare(ctx, raw_rows)
    results = []
    total = len(raw_rows)
    _progress(batch, 0, total)
    if spec.check_in_one_transaction:
        # Every row in one transaction in file order, each good row kept (its savepoint) so the rows
        # after it see what it wrote, as the confirmation's row-after-row transactions will; all of it
        # rolled back at the end. Progress is written once, at the end.
        try:
            with transaction.atomic(), deadlines_deferred(refresh=False):
                results = [_check_row(spec, raw.number, raw.values, ctx, keep=True) for raw in raw_rows]
                raise _Rollback
        except _Rollback:
            pass
    else:
        for i, raw in enumerate(raw_rows, start=1):
            results.append(_check_row(spec, raw.number, raw.values, ctx))
            if i % PROGRESS_EVERY == 0:
                _progress(batch, i, total)
    counts = _counts(results)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.PREVIEWED, total_rows=total, progress_done=total, progress_total=total,
        payload=json.dumps({"rows": results, "digests": _digests()}), **counts)
    batch.refresh_from_db()
    return batch


def _counts(results):
    return {
        "error_rows": sum(1 for r in results if r["errors"] or r["problems"]),
        "warning_rows": sum(1 for r in results if r["warnings"] and not (r["errors"] or r["problems"])),
        "created_count": sum(1 for r in results if r["action"] == "create" and not (r["errors"] or r["problems"])),
        "updated_count": sum(1 for r in results if r["action"] == "update" and not (r["errors"] or r["problems"])),
        "unchanged_count": sum(1 for r in results if r["action"] == "unchanged"),
    }


def _check_row(spec, number, values, ctx, keep=False) -> dict:
    clean, errors = spec_check(spec, values, ctx, number)
    result = {"row": number, "values": {k: _jsonable(v) for k, v in values.items()},
              "name": clean.get("name") or "", "id_masked": mask_id_number(clean.get("id_number") or ""),
              "branch": clean.get("branch") or clean.get("parent") or "", "action": "",
              "errors": [[str(spec.column(k).label) if k in {c.key for c in spec.columns} else k, m]
                         for k, m in errors],
              "problems": [], "warnings": [], "changes": [], "pending": ""}
    if errors:
        return result
    try:
        with transaction.atomic(), deadlines_deferred(refresh=False):
            outcome = spec.apply(clean, ctx)
            _describe(result, outcome)
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    except RowProblem as exc:
        result["problems"] = [_problem_json(p) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001  (one row's unexpected failure must not stop the file)
        log.exception("import batch row %s", number)
        result["problems"] = [_problem_json(_("This row could not be checked: %(error)s") % {"error": exc})]
    return result


def spec_check(spec, values, ctx, number):
    return spec.check_row(values, ctx, number)


def _describe(result, outcome):
    result["action"] = outcome.action
    result["warnings"] = [_problem_json(p) for p in outcome.warnings]
    result["changes"] = [[label, str(before) if before is not None else "", str(after)]
                         for label, before, after in outcome.changes]
    result["pending"] = outcome.pending


def rows_of(batch) -> list[dict]:
    if not batch.payload:
        return []
    return json.loads(batch.payload).get("rows", [])


# --- confirm ---------------------------------------------------------------------------------------

def confirm_start(*, batch: ImportBatch, actor) -> ImportBatch:
    """The importer confirms the checked file: the batch is marked as being imported (the runner
    does the rows). Refused unless the batch was checked, by its own importer, and has rows to import."""
    if actor.pk != batch.importer_id:
        raise Refused([Problem("not_permitted", True)])
    updated = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEWED).update(
        status=BatchStatus.CONFIRMING, progress_done=0)
    if updated != 1:
        raise ValidationError(_("This import has already been confirmed or discarded."))
    batch.refresh_from_db()
    return batch


def confirm_batch(batch: ImportBatch) -> ImportBatch:
    """Write every row that had no problem in the check, one transaction per row, through the
    services, as the importer. A row the rules now refuse (the data changed since the check) is
    counted as failed with its problems; the others stay."""
    known = json.loads(batch.payload).get("digests") if batch.payload else None
    with blind_index_memo(known=known):
        return _confirm_batch(batch)


def _confirm_batch(batch: ImportBatch) -> ImportBatch:
    spec = SHEETS[batch.sheet]
    ctx = spec.context(batch.importer, clock.today())
    write = spec.write or _write_row
    rows = rows_of(batch)
    todo = [r for r in rows if not (r["errors"] or r["problems"]) and r["action"] in ("create", "update")]
    created = updated = failed = 0
    _progress(batch, 0, len(todo))
    for i, row in enumerate(todo, start=1):
        values = {k: _from_json(v) for k, v in row["values"].items()}
        token = current_request.set(RequestFacts(request_id=f"imp{batch.pk}-{row['row']}"))
        try:
            with transaction.atomic(), deadlines_deferred():
                clean, errors = spec.check_row(values, ctx, row["row"])
                if errors:
                    raise RowProblem([f"{spec.column(k).label}：{m}" for k, m in errors])
                outcome = write(batch, row["row"], clean, ctx)
        except RowProblem as exc:
            failed += 1
            row["problems"] = [_problem_json(p) for p in exc.problems]
            row["failed"] = True
        except Exception as exc:  # noqa: BLE001  (nothing of the row was written: its transaction rolled back)
            log.exception("import batch %s row %s", batch.pk, row["row"])
            failed += 1
            row["problems"] = [_problem_json(_("This row could not be imported: %(error)s") % {"error": exc})]
            row["failed"] = True
        else:
            created += outcome.action == "create"
            updated += outcome.action == "update"
        finally:
            current_request.reset(token)
        if i % PROGRESS_EVERY == 0:
            _progress(batch, i, len(todo))
    for row in rows:
        row.pop("values", None)  # the file's personal data is not kept once imported
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, confirmed_at=timezone.now(), created_count=created, updated_count=updated,
        failed_count=failed, progress_done=len(todo), progress_total=len(todo),
        payload=json.dumps({"rows": rows}))
    audit_record(actor=batch.importer, action="import.confirm", obj=batch, org_path=batch.org_path,
                 after={"file": batch.file_name, "sha256": batch.sha256, "created": created, "updated": updated,
                        "failed": failed})
    batch.refresh_from_db()
    return batch


@functools.cache
def _case_objects_sql() -> str:
    """One statement listing the case's rows in every model of people.MARKED (built once: a row of the
    sheet reads it twice, and 19 ORM queries cost more than the import's own work)."""
    quote = connection.ops.quote_name
    parts = []
    for i, label in enumerate(people.MARKED):
        meta = apps.get_model(label)._meta
        # names from the models, quoted; the value is a parameter
        parts.append(f"SELECT {i}, {quote(meta.pk.column)} FROM {quote(meta.db_table)} "  # noqa: S608
                     f"WHERE {quote(meta.get_field('case').column)} = %s")
    return " UNION ALL ".join(parts)


def _case_objects(case) -> dict:
    """The rows of the case of the models a row of the sheet can write (people.MARKED), by model label:
    {label: set of pks}. One query."""
    found = {label: set() for label in people.MARKED}
    with connection.cursor() as cursor:
        cursor.execute(_case_objects_sql(), [case.pk] * len(people.MARKED))
        for index, pk in cursor.fetchall():
            found[people.MARKED[index]].add(pk)
    return found


def _write_row(batch, number, clean, ctx):
    existing = Case.objects.filter(id_hash=clean["id_hash"]).first()
    before = _case_objects(existing) if existing is not None else {}
    outcome = people.apply_row(clean, ctx)
    case = outcome.case
    marks = [] if existing is not None else [ImportMark(batch=batch, row=number, case=case, model="cases.Case",
                                                        object_id=case.pk)]
    for label, pks in _case_objects(case).items():
        marks += [ImportMark(batch=batch, row=number, case=case, model=label, object_id=pk)
                  for pk in sorted(pks - before.get(label, set()))]
    ImportMark.objects.bulk_create(marks)
    audit_record(actor=batch.importer, action="import.row", obj=case, case=case,
                 after={"batch": batch.pk, "file": batch.file_name, "row": number, "action": outcome.action,
                        "changes": [[label, str(b or ""), str(a)] for label, b, a in outcome.changes]})
    return outcome


def batch_discard(*, batch: ImportBatch, actor) -> None:
    if actor.pk != batch.importer_id:
        raise Refused([Problem("not_permitted", True)])
    updated = ImportBatch.objects.filter(pk=batch.pk, status__in=[BatchStatus.PREVIEWED, BatchStatus.REJECTED]
                                         ).update(status=BatchStatus.DISCARDED, payload="")
    if updated != 1:
        raise ValidationError(_("Only a checked import that was not confirmed can be discarded."))
    audit_record(actor=actor, action="import.discard", obj=batch, org_path=batch.org_path,
                 after={"file": batch.file_name})


# --- undo ------------------------------------------------------------------------------------------

def undo_blockers(batch: ImportBatch) -> list[dict]:
    """What was recorded on top of the batch since, by anyone: [{"case", "name", "what", "when"}].
    A person the batch updated (not created) blocks too: no service takes committee decisions back."""
    if batch.status != BatchStatus.DONE:
        return []
    spec = SHEETS[batch.sheet]
    if spec.undo_blockers is not None:
        return spec.undo_blockers(batch)
    marks = ImportMark.objects.filter(batch=batch)
    case_ids = set(marks.values_list("case_id", flat=True))
    created = set(marks.filter(model="cases.Case").values_list("case_id", flat=True))
    names = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "name"))
    blockers = [{"case": pk, "name": names.get(pk, ""), "what": _("updated by this import (only people it "
                                                                  "created can be removed)"), "when": None}
                for pk in sorted(case_ids - created)]
    prefix = f"imp{batch.pk}-"
    events = (AuditEvent.objects.filter(case_id__in=created, ts__gte=batch.created_at)
              .exclude(request_id__startswith=prefix).exclude(action__in=READ_ACTIONS)
              .order_by("ts", "id").values("case_id", "action", "ts", "object_type", "object_id"))
    for e in events:
        blockers.append({"case": e["case_id"], "name": names.get(e["case_id"], ""),
                         "what": AuditEvent(action=e["action"]).action_label, "when": e["ts"]})
    return blockers


def batch_undo(*, batch: ImportBatch, actor) -> ImportBatch:
    """Remove every person the batch created (cases.services.case_erase), refused with its blockers
    listed when anything was recorded on top of it since."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != BatchStatus.DONE:
            raise ValidationError(_("Only an imported batch can be undone."))
        if undo_blockers(batch):
            raise ValidationError(_("Something was recorded on top of this import since; it cannot be undone."))
        spec = SHEETS[batch.sheet]
        if spec.undo is not None:
            removed = spec.undo(batch, actor)
        else:
            reason = _("Import #%(batch)s (%(file)s) undone") % {"batch": batch.pk, "file": batch.file_name}
            cases = Case.objects.filter(pk__in=ImportMark.objects.filter(batch=batch, model="cases.Case")
                                        .values("case_id"), erased_at__isnull=True)
            for case in cases:
                case_erase(case=case, actor=actor, reason=reason)
            removed = len(cases)
        ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.UNDONE, undone_at=timezone.now(),
                                                       undone_by=actor)
        audit_record(actor=actor, action="import.undo", obj=batch, org_path=batch.org_path,
                     after={"file": batch.file_name, "sheet": batch.sheet, "removed": removed})
    batch.refresh_from_db()
    return batch


def marks_for(case) -> dict:
    """{(model label, pk): mark} of the objects of `case` written by an import (for the timeline): one query."""
    return {(m.model, m.object_id): m for m in ImportMark.objects.filter(case=case).select_related("batch")}


def marks_batches(marks: dict) -> list:
    """The batches (with the row) that wrote something of the case, oldest first."""
    seen = {}
    for m in marks.values():
        seen.setdefault(m.batch_id, m)
    return sorted(seen.values(), key=lambda m: m.batch_id)


def batch_model(label):
    return apps.get_model(label)
