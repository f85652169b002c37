"""Writing rows straight into the site's tables: a Table per model (columns and defaults from the
model's _meta, ids assigned here), COPY on PostgreSQL, executemany on SQLite."""

import json
import time

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models

from partydev.audit import chain
from partydev.audit.models import AuditEvent
from partydev.cases.models import (
    ApplicationLetter,
    BranchResolution,
    Case,
    ContactAssignment,
    Deadline,
    Filing,
    Opinion,
    Recommendation,
    StageChange,
    Talk,
    ThoughtReport,
    Transfer,
)
from partydev.orgs.models import Member, Organisation, RoleGrant

BATCH = 20_000


class Table:
    """Rows for one model, in the column order of `fields` followed by every other concrete field
    at its default. Ids are assigned here (max(id) + 1 onwards) so children can point at them."""

    def __init__(self, model, fields: list[str], sink):
        meta = model._meta
        chosen = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in chosen]
        for f in rest:
            if not (f.has_default() or f.null or f.empty_strings_allowed):
                raise ValueError(f"{model.__name__}.{f.name} has no default: list it in the fields")
        self.model, self.sink = model, sink
        self.table_name = meta.db_table
        self.fields = chosen + rest
        self.columns = [f.column for f in self.fields]
        self.tail = tuple(_json_if_needed(f, f.get_default()) for f in rest)
        self.rows: list[tuple] = []
        self.count = 0
        self._next = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def new_id(self) -> int:
        self._next += 1
        return self._next - 1

    def add(self, *values) -> None:
        self.rows.append(values + self.tail)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            started = time.monotonic()
            self.sink.write(self, self.rows)
            self.sink.seconds += time.monotonic() - started
            self.count += len(self.rows)
            self.rows = []


class AuditTable(Table):
    """Audit events, chained as AuditEvent.save chains them (partydev/audit/chain.py): each row's
    prev_hash and hash are computed here, in id order, continuing from the newest event already in
    the database, so `manage.py audit_verify` passes on generated data. `before` and `after` come
    in as JSON text."""

    def __init__(self, model, fields, sink):
        super().__init__(model, [*fields, "prev_hash", "hash"], sink)
        self.names = [f.attname for f in self.fields[:len(fields)]]
        self.head = model.objects.order_by("-id").values_list("hash", flat=True).first() or chain.GENESIS

    def add(self, *values) -> None:
        row = dict(zip(self.names, values, strict=True))
        for name in ("before", "after"):
            row[name] = None if row[name] is None else json.loads(row[name])
        prev, self.head = self.head, chain.link(self.head, {name: row[name] for name in chain.FIELDS})
        super().add(*values, prev, self.head)


def _json_if_needed(f, value):
    return json.dumps(value) if isinstance(f, models.JSONField) else value


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class SqliteSink:
    """executemany of a plain INSERT; values converted the way Django's SQLite backend stores them."""

    def __init__(self):
        self.cursor = connection.connection.cursor()
        self.seconds = 0.0

    def write(self, table: Table, rows) -> None:
        convert = self._converters(table)
        columns = ", ".join(f'"{c}"' for c in table.columns)  # names from the models' _meta, not input
        sql = f'INSERT INTO "{table.table_name}" ({columns}) VALUES ({", ".join("?" * len(table.columns))})'  # noqa: S608
        if convert:
            rows = ([fn(v) if fn else v for fn, v in zip(convert, row, strict=True)] for row in rows)
        self.cursor.executemany(sql, rows)

    @staticmethod
    def _converters(table: Table):
        def pick(f):
            if isinstance(f, models.DateTimeField):  # what adapt_datetimefield_value makes of a UTC value
                return lambda v: None if v is None else v.replace(tzinfo=None).isoformat(" ")
            if isinstance(f, models.DateField):
                return lambda v: None if v is None else v.isoformat()
            if isinstance(f, models.UUIDField):
                return lambda v: None if v is None else v.hex
            return None

        fns = [pick(f) for f in table.fields]
        return fns if any(fns) else None

    def before(self, tables) -> None:
        pass

    def after(self, tables, out) -> None:
        pass


class PostgresSink:
    """COPY … FROM STDIN. Secondary indexes, unique and foreign-key constraints of the tables written
    are dropped first and rebuilt after the load (what pg_restore does): building an index once is
    far faster than maintaining it row by row, and one foreign-key validation per table replaces a
    trigger per row. All in the command's transaction, so a failure rolls the schema back too."""

    def __init__(self):
        self.cursor = connection.cursor()
        self.restore: list[str] = []
        self.seconds = 0.0

    def write(self, table: Table, rows) -> None:
        cols = ", ".join(f'"{c}"' for c in table.columns)
        with self.cursor.cursor.copy(f'COPY "{table.table_name}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def before(self, tables) -> None:
        names = [t.table_name for t in tables]
        self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.restore = self._fk_and_unique(names) + self._plain_indexes(names)
        # Recreate indexes and unique constraints before the foreign keys that may rely on them.
        self.restore.sort(key=lambda sql: "FOREIGN KEY" in sql)

    def _fk_and_unique(self, names) -> list[str]:
        self.cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype IN ('f', 'u') AND conrelid = ANY(%s::regclass[]) ORDER BY contype, conname", [names])
        restore = []
        for table, name, definition in self.cursor.fetchall():
            self.cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        return restore

    def _plain_indexes(self, names) -> list[str]:
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [names])
        restore = []
        for name, definition in self.cursor.fetchall():
            self.cursor.execute(f"DROP INDEX {name}")
            restore.append(definition)
        return restore

    def after(self, tables, out) -> None:
        started = time.monotonic()
        for sql in self.restore:
            self.cursor.execute(sql)
        out(f"  indexes and constraints rebuilt in {time.monotonic() - started:.1f} s")
        for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
            self.cursor.execute(sql)


def make_sink():
    if connection.vendor == "postgresql":
        return PostgresSink()
    if connection.vendor == "sqlite":
        return SqliteSink()
    raise ValueError(f"generate_data supports SQLite and PostgreSQL, not {connection.vendor}")


class Writer:
    """Every table the generator fills, by model name."""

    SPECS = {
        "org": (Organisation, ["id", "path", "depth", "numchild", "name", "kind"]),
        "user": (get_user_model(), ["id", "password", "username", "first_name", "is_active", "date_joined"]),
        "grant": (RoleGrant, ["id", "user", "role", "org"]),
        "member": (Member, ["id", "branch", "group", "name", "member_type", "position"]),
        "case": (Case, ["id", "public_id", "branch", "org_path", "stage", "user", "source", "name", "gender",
                        "ethnicity", "id_number", "id_hash", "birth_date", "phone", "education", "work_unit",
                        "consent_at", "sensitive_consent_at", "consent_version", "activist_since",
                        "created_at", "updated_at"]),
        "letter": (ApplicationLetter, ["id", "case", "created_by", "created_at", "updated_at", "title",
                                       "content", "written_date", "received_date", "status", "return_reason",
                                       "reviewed_by", "reviewed_at"]),
        "talk": (Talk, ["id", "case", "created_by", "created_at", "updated_at", "talk_date", "place",
                        "content"]),
        "talker": (Talk.talkers.through, ["id", "talk", "member"]),
        "recommendation": (Recommendation, ["id", "case", "created_by", "created_at", "updated_at",
                                            "recommended_on", "method", "note"]),
        "resolution": (BranchResolution, ["id", "case", "created_by", "created_at", "updated_at",
                                          "meeting_date", "result", "note"]),
        "filing": (Filing, ["id", "case", "created_by", "created_at", "updated_at", "kind", "status",
                            "committee", "committee_path", "sent_on", "warnings", "decided_by", "decided_at",
                            "effective_date", "return_reason"]),
        "history": (StageChange, ["id", "case", "action", "from_stage", "to_stage", "effective_date",
                                  "reason", "actor", "at"]),
        "contact": (ContactAssignment, ["id", "case", "member", "assigned_on", "ended_on", "created_by"]),
        "report": (ThoughtReport, ["id", "case", "created_by", "created_at", "updated_at", "title", "content",
                                   "written_on", "read_at", "read_by", "comment"]),
        "opinion": (Opinion, ["id", "case", "created_by", "created_at", "updated_at", "kind", "given_on",
                              "content", "author", "contact"]),
        "transfer": (Transfer, ["id", "case", "from_branch", "to_branch", "from_path", "to_path",
                                "transferred_on", "reason", "created_by", "created_at"]),
        "deadline": (Deadline, ["id", "case", "org_path", "kind", "due_date", "rule", "rule_version"]),
        "audit": (AuditEvent, ["id", "ts", "actor", "actor_name", "action", "result", "object_type",
                               "object_id", "case", "org_path", "before", "after", "ip", "user_agent",
                               "request_id"]),
    }

    def __init__(self, sink):
        self.sink = sink
        self.tables = {key: (AuditTable if model is AuditEvent else Table)(model, fields, sink)
                       for key, (model, fields) in self.SPECS.items()}

    def __getitem__(self, key) -> Table:
        return self.tables[key]

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    def counts(self) -> dict[str, int]:
        return {key: t.count for key, t in self.tables.items()}
