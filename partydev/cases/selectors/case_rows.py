"""A case's rows of many tables in ONE query (issue 15: the person page read one query per kind of
record, up to 25 for a member with a record of every kind).

The statement selects, per table, one scalar subquery that aggregates the case's rows to a JSON
array (SQLite `json_group_array(json_object(…))`, PostgreSQL `json_agg(json_build_object(…))`), in
the order the per-table query would give. Each row becomes a model instance the way the ORM builds
one: the database's value of every column goes through the converters the ORM applies to that
column (`connection.ops.get_db_converters` and the field's `from_db_value`: encrypted fields decrypt
there), then `Model.from_db`. What JSON carries differently from the database driver is made equal
first:

* SQLite stores dates, datetimes and decimals as text or numbers, and its converters parse exactly
  what its JSON gives (the same text and numbers);
* PostgreSQL's JSON gives dates and datetimes as ISO text (`to_python` parses them: the same values
  psycopg gives), and `numeric` and `jsonb` columns are cast to text in the statement, so a decimal
  keeps its scale and a JSON column arrives as the text its `from_db_value` decodes.

`related` loads foreign keys with the rows like select_related (a nested object, cached on the
instance); `extra` adds a value per row computed in SQL (the talkers' names of a talk).
tests/cases/test_case_rows.py compares every field of every row with the per-table ORM queries, for
every person of the demo, on SQLite and PostgreSQL: a table given a field of another type (an array,
an interval) must pass that test too before it is read this way.
"""

# Every name in the SQL below comes from the models' metadata, quoted; the case's key is a parameter.
# ruff: noqa: S608

import functools
import json
from dataclasses import dataclass, field

from django.db import connection

# Internal types whose value PostgreSQL's JSON gives as text (psycopg gives Python objects).
_TEXT_IN_JSON = {"DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField"}
# Cast to text in the statement on PostgreSQL (see the module's docstring).
_CAST_ON_POSTGRES = {"DecimalField", "JSONField"}


@dataclass(frozen=True)
class Table:
    """One kind of rows: the related name on Case (`case.<name>`), the order (default: the model's
    Meta.ordering, else the primary key), foreign keys to load with the rows ("member",
    "member__branch"), and `extra`: (attribute, function(dialect, alias, aliases)) pairs, the function
    giving the SQL of a value per row (`alias`: the row's table; `aliases()`: fresh aliases)."""

    name: str
    order: tuple = ()
    related: tuple = ()
    extra: tuple = field(default_factory=tuple)  # ((attribute, function), …)


class _Dialect:
    """The few pieces of SQL that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor):
        self.postgres = vendor == "postgresql"
        self.quote = connection.ops.quote_name

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        """A JSON object of (key, SQL value) pairs; a value is a column or a nested JSON value."""
        args = ", ".join(f"'{key}', {value}" for key, value in pairs)
        return f"json_build_object({args})" if self.postgres else f"json_object({args})"

    def nested(self, sql: str) -> str:
        """A JSON value from a scalar subquery, kept JSON inside an enclosing object or array (SQLite
        would take the subquery's text for a string)."""
        return f"({sql})" if self.postgres else f"json(({sql}))"

    def array(self, value: str, source: str, order: str, *, text: bool = False, objects: bool = False) -> str:
        """A JSON array of `value` over the rows of `source` (FROM … WHERE …) in `order`; never NULL.
        `objects`: the values are JSON objects (not plain columns); `text`: as the text of the array
        (the statement's own columns)."""
        if self.postgres:
            sql = f"SELECT COALESCE(json_agg({value} ORDER BY {order}), '[]') FROM {source}"
            return f"({sql})::text" if text else f"({sql})"
        # SQLite 3.40 has no ORDER BY inside an aggregate: the ordered subquery feeds it (an ordered
        # subquery is not flattened into an aggregate; the tests check the order on both databases).
        item = "json(v)" if objects else "v"
        sql = f"SELECT COALESCE(json_group_array({item}), '[]') FROM (SELECT {value} AS v FROM {source} ORDER BY {order})"
        return f"({sql})" if text else f"json(({sql}))"

    def column(self, model_field, alias: str) -> str:
        sql = f"{alias}.{self.quote(model_field.column)}"
        if self.postgres and model_field.get_internal_type() in _CAST_ON_POSTGRES:
            return f"CAST({sql} AS text)"
        return sql


def _order_sql(dialect, model, order, alias) -> str:
    parts = []
    for item in order:
        name = item.lstrip("-")
        column = model._meta.pk.column if name == "pk" else model._meta.get_field(name).column
        parts.append(f"{alias}.{dialect.quote(column)}{' DESC' if item.startswith('-') else ''}")
    return ", ".join(parts)


def _tree(related) -> dict:
    """("member", "member__branch") → {"member": {"branch": {}}}."""
    tree = {}
    for path in related:
        node = tree
        for part in path.split("__"):
            node = node.setdefault(part, {})
    return tree


class _Aliases:
    def __init__(self):
        self.n = 0

    def __call__(self):
        self.n += 1
        return f"r{self.n}"


def _row_object(dialect, model, alias, tree, aliases, extra=()) -> str:
    """The JSON object of one row of `model` (alias `alias`): every concrete column by attname, each
    related row of `tree` by field name (nested), and the extra values."""
    pairs = [(f.attname, dialect.column(f, alias)) for f in model._meta.concrete_fields]
    for name, subtree in tree.items():
        fk = model._meta.get_field(name)
        target, inner = fk.related_model, aliases()
        inner_obj = _row_object(dialect, target, inner, subtree, aliases)
        source = (f"SELECT {inner_obj} FROM {dialect.quote(target._meta.db_table)} {inner} "
                  f"WHERE {inner}.{dialect.quote(fk.target_field.column)} = {alias}.{dialect.quote(fk.column)}")
        pairs.append((name, dialect.nested(source)))
    pairs.extend((attribute, sql(dialect, alias, aliases)) for attribute, sql in extra)
    return dialect.obj(pairs)


def _table_sql(dialect, case_model, table: Table) -> str:
    relation = case_model._meta.get_field(table.name)
    model = relation.related_model
    aliases = _Aliases()
    alias = aliases()
    value = _row_object(dialect, model, alias, _tree(table.related), aliases, table.extra)
    order = table.order or model._meta.ordering or ("pk",)
    source = (f"{dialect.quote(model._meta.db_table)} {alias} "
              f"WHERE {alias}.{dialect.quote(relation.field.column)} = %s")
    return dialect.array(value, source, _order_sql(dialect, model, order, alias), text=True, objects=True)


@functools.cache
def _statement(vendor: str, case_model, tables: tuple[Table, ...]) -> str:
    """The statement for `tables`, built once per process (names from the models, quoted; the case's
    key is a parameter)."""
    dialect = _Dialect(vendor)
    return "SELECT " + ", ".join(_table_sql(dialect, case_model, t) for t in tables)


@functools.cache
def _converters(model, vendor: str) -> list:
    """Per concrete field: (to_python or None, the ORM's converters for the column)."""
    result = []
    for f in model._meta.concrete_fields:
        col = f.get_col(model._meta.db_table)
        parse = f.to_python if vendor == "postgresql" and f.get_internal_type() in _TEXT_IN_JSON else None
        result.append((parse, connection.ops.get_db_converters(col) + col.get_db_converters(connection), col))
    return result


def _instance(model, data: dict, tree: dict, extra_names=()):
    fields = model._meta.concrete_fields
    values = []
    for f, (parse, converters, col) in zip(fields, _converters(model, connection.vendor), strict=True):
        value = data[f.attname]
        if parse is not None and value is not None:
            value = parse(value)
        for converter in converters:
            value = converter(value, col, connection)
        values.append(value)
    obj = model.from_db(connection.alias, [f.attname for f in fields], values)
    for name, subtree in tree.items():
        fk = model._meta.get_field(name)
        nested = data[name]
        fk.set_cached_value(obj, None if nested is None else _instance(fk.related_model, nested, subtree))
    for name in extra_names:
        setattr(obj, name, data[name])
    return obj


def case_rows(case, tables: tuple[Table, ...]) -> dict[str, list]:
    """The case's rows of each of `tables`, by name, as model instances: one query."""
    case_model = type(case)._meta.concrete_model
    with connection.cursor() as cursor:
        cursor.execute(_statement(connection.vendor, case_model, tables), [case.pk] * len(tables))
        columns = cursor.fetchone()
    found = {}
    for table, text in zip(tables, columns, strict=True):
        model = case_model._meta.get_field(table.name).related_model
        tree, extra_names = _tree(table.related), [name for name, _sql in table.extra]
        found[table.name] = [_instance(model, data, tree, extra_names) for data in json.loads(text)]
    return found
