"""Tree paths as a column type: `PathField` and the `under` lookup ("in this subtree").

Every scope filter of the site is "this row's path starts with one of the user's paths". Two things
decide whether the database answers that from an index (docs/performance.md M7, M8):

* SQLite's LIKE is case-insensitive, so it never uses an index for `LIKE 'p%'`; GLOB is
  case-sensitive and does. Paths hold only treebeard's alphabet ([0-9A-Z]), so `GLOB 'p*'` means
  exactly "starts with p" and nothing needs escaping.
* PostgreSQL uses a B-tree index for `LIKE 'p%'` only when the column's collation is "C". A database
  created with zh_CN.UTF-8, en_US.UTF-8 or an ICU locale would otherwise scan whole tables, so path
  columns carry the C collation there whatever the database's default. Paths are machine keys: their
  byte order is the tree order.
"""

import re

from django.db import models
from django.db.models import Lookup

PATH_CHARS = re.compile(r"^[0-9A-Z]+$")


class ByteOrderCharField(models.CharField):
    """A CharField compared and sorted by code point on every database: the C collation on
    PostgreSQL, SQLite's default BINARY elsewhere. Prefix matches (`LIKE 'x%'`) and ORDER BY then
    share one B-tree index whatever collation the database was created with."""

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class PathField(ByteOrderCharField):
    """A materialized tree path (or a copy of one): C collation on PostgreSQL, `under` lookup."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)


@PathField.register_lookup
class Under(Lookup):
    """`field__under=path`: the row lies at `path` or anywhere below it."""

    lookup_name = "under"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        if not isinstance(value, str) or not PATH_CHARS.match(value):
            # A path is never user input; anything else would turn into a wildcard pattern.
            raise ValueError(f"not a tree path: {value!r}")
        wildcard = "*" if connection.vendor == "sqlite" else "%"
        return "%s", [value + wildcard]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        operator = "GLOB" if connection.vendor == "sqlite" else "LIKE"
        return f"{lhs} {operator} {rhs}", [*lhs_params, *rhs_params]


@PathField.register_lookup
class UnderMost(Under):
    """`field__under_most=path`: the same rows as `under`, for a subtree expected to hold most of the
    table (the root of the tree). SQLite keeps no statistics on a range: it takes any `GLOB 'p*'` for
    a selective filter, reads the whole subtree through the path index and sorts it before the first
    page (the top's reminders: every deadline of the university). `likely()` tells it the filter
    keeps most rows, so it walks the index that already has the page's order and stops after the page
    (docs/performance.md, issue 15). PostgreSQL's statistics know this already: the same LIKE."""

    lookup_name = "under_most"

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        if connection.vendor == "sqlite":
            return f"likely({sql})", params
        return sql, params


@PathField.register_lookup
class UnderOrdered(Under):
    """`field__under_ordered=path`: the same rows as `under`; in a query with an ORDER BY (a page of a
    list) SQLite is told the subtree holds most rows, as by `under_most`, so it walks the index of the
    page's order and checks the path on the way; in a query without one (the pager's capped count)
    it stays a plain range on the path index, which counts the subtree without touching a row."""

    lookup_name = "under_ordered"

    def as_sql(self, compiler, connection):
        sql, params = Under.as_sql(self, compiler, connection)
        if connection.vendor == "sqlite" and compiler.query.order_by:
            return f"likely({sql})", params
        return sql, params
