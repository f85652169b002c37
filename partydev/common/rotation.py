"""Re-encrypting every encrypted field with the newest key (`manage.py rotate_keys`).

A key is rotated by putting a new one first in FIELD_ENCRYPTION_KEYS (the old ones stay, so every row
can still be read), running the command, and only then dropping the old key. The command walks each
model with an encrypted field in primary-key order, a batch at a time, each batch in its own
transaction. A value the newest key already decrypts is left alone, so an interrupted run is resumed
by running it again, and a second run changes nothing. Rows are read and written with raw SQL (no
model save: `updated_at` and the audit log stay as they are), and a row changed by the site between
the read and the write is skipped (the UPDATE compares the old ciphertext) and picked up by the next run.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from .crypto import is_current_token, rotate_token
from .fields import EncryptedDateField, EncryptedTextField

ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedDateField)


@dataclass
class Counts:
    rows: int = 0  # rows read
    rotated: int = 0  # values re-encrypted with the newest key
    current: int = 0  # values already under the newest key
    changed_meanwhile: int = 0  # rows the site changed between the read and the write (next run)


def encrypted_models() -> list[tuple[type, list]]:
    """Every concrete model with an encrypted field, and those fields."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS)]
        if fields and not model._meta.proxy:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


def rotate_model(model, fields, *, batch_size: int = 500,
                 after_batch: Callable[[Counts], None] | None = None) -> Counts:
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    columns = [qn(f.column) for f in fields]
    select = f"SELECT {pk}, {', '.join(columns)} FROM {table} %s ORDER BY {pk} LIMIT %%s"  # noqa: S608
    first, following = select % "", select % f"WHERE {pk} > %s"
    counts, last = Counts(), None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if last is None:
                cursor.execute(first, [batch_size])
            else:
                cursor.execute(following, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return counts
            last = rows[-1][0]
            for key, *tokens in rows:
                counts.rows += 1
                _rotate_row(cursor, table, pk, columns, key, tokens, counts)
        if after_batch:
            after_batch(counts)


def _rotate_row(cursor, table, pk, columns, key, tokens, counts):
    new = list(tokens)
    for i, token in enumerate(tokens):
        if not token:
            continue
        if is_current_token(token):
            counts.current += 1
        else:
            new[i] = rotate_token(token)
            counts.rotated += 1
    if new == list(tokens):
        return
    sets = ", ".join(f"{c} = %s" for c in columns)
    same = " AND ".join(f"{c} IS NULL" if t is None else f"{c} = %s" for c, t in zip(columns, tokens, strict=True))
    cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = %s AND {same}",  # noqa: S608
                   [*new, key, *(t for t in tokens if t is not None)])
    if cursor.rowcount == 0:
        counts.changed_meanwhile += 1
        counts.rotated -= sum(1 for a, b in zip(new, tokens, strict=True) if a != b)
