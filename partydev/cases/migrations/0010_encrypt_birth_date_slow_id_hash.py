"""Issue 10 finding 3: the date of birth is stored encrypted, and id_hash becomes the slow blind index.

Both in one pass over the cases, in batches of BATCH rows (each batch its own transaction, so an
interrupted run keeps its work and `migrate` resumes it): a row whose birth_date is still an ISO date
gets it encrypted, and a row whose id_hash is still the old HMAC of its 身份证号 (decrypted with the
field keys) gets the scrypt index of partydev.common.crypto.blind_index. Rows already done are
recognised and skipped, so a second run changes nothing.

Cost: one scrypt per case (about 55 ms at the production cost, docs/security.md): 20,000 cases take
some 20 minutes, a million some 15 hours of one core. Going back (`migrate cases 0009`) decrypts the
dates and restores the HMAC.
"""

import re

from django.db import migrations, transaction

import partydev.common.fields
from partydev.common.crypto import blind_index, decrypt_text, encrypt_text, legacy_blind_index

BATCH = 500
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _batches(connection, table):
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT id, id_number, id_hash, birth_date FROM "{table}" WHERE id > %s ORDER BY id LIMIT %s',  # noqa: S608
                [last, BATCH])
            rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


def _update(connection, table, changes):
    if changes:
        with connection.cursor() as cursor:
            cursor.executemany(f'UPDATE "{table}" SET birth_date = %s, id_hash = %s WHERE id = %s', changes)  # noqa: S608


def _birth_as_text(value) -> str:
    # PostgreSQL hands back the text column; SQLite may still hand a date string. Either way: ISO text.
    return value if isinstance(value, str) else value.isoformat()


def forward_rows(rows):
    """(birth_date, id_hash, id) for the rows that need a change."""
    changes = []
    for pk, id_token, id_hash, birth in rows:
        id_number = decrypt_text(id_token)
        birth = _birth_as_text(birth)
        new_birth = encrypt_text(birth) if ISO_DATE.fullmatch(birth) else birth
        new_hash = blind_index(id_number) if id_hash == legacy_blind_index(id_number) else id_hash
        if (new_birth, new_hash) != (birth, id_hash):
            changes.append((new_birth, new_hash, pk))
    return changes


def backward_rows(rows):
    changes = []
    for pk, id_token, id_hash, birth in rows:
        id_number = decrypt_text(id_token)
        birth = _birth_as_text(birth)
        old_birth = birth if ISO_DATE.fullmatch(birth) else decrypt_text(birth)
        old_hash = legacy_blind_index(id_number)
        if (old_birth, old_hash) != (birth, id_hash):
            changes.append((old_birth, old_hash, pk))
    return changes


def _run(apps, schema_editor, convert):
    Case = apps.get_model("cases", "Case")
    connection = schema_editor.connection
    for rows in _batches(connection, Case._meta.db_table):
        with transaction.atomic(using=connection.alias):
            _update(connection, Case._meta.db_table, convert(rows))


def forward(apps, schema_editor):
    _run(apps, schema_editor, forward_rows)


def backward(apps, schema_editor):
    _run(apps, schema_editor, backward_rows)


class Migration(migrations.Migration):
    # Each batch commits on its own (see above); the column change is one statement either way.
    atomic = False

    dependencies = [
        ("cases", "0009_names_refuse_invisible_characters"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="birth_date",
            field=partydev.common.fields.EncryptedDateField(verbose_name="date of birth"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
