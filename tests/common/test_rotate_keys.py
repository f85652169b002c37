"""manage.py rotate_keys: every encrypted value re-encrypted with the newest key, in batches, resumable
(docs/security.md, checklist 15). The PostgreSQL run: `scripts/with-postgres.sh .venv/bin/pytest
tests/common/test_rotate_keys.py` (the tests marked `postgres` are skipped on SQLite)."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from partydev.cases.models import Case
from partydev.common import rotation
from partydev.common.rotation import encrypted_models, rotate_model

NEW_KEY = Fernet.generate_key().decode()


def raw_tokens():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone, birth_date FROM cases_case ORDER BY id")
        return {row[0]: row[1:] for row in cursor.fetchall()}


def plain():
    return {c.pk: (c.id_number, c.phone, c.birth_date, c.updated_at) for c in Case.objects.all()}


def decrypts_with(key, token):
    try:
        Fernet(key).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(**options) -> str:
    out = StringIO()
    call_command("rotate_keys", stdout=out, **options)
    return out.getvalue()


def test_every_encrypted_field_is_found():
    found = {model._meta.label: {f.name for f in fields} for model, fields in encrypted_models()}
    # The authenticators' keys (docs/security.md row 6); the import batch keeps the uploaded file and
    # its parsed rows encrypted (partydev/imports/models.py).
    assert found == {"cases.Case": {"id_number", "phone", "birth_date"},
                     "accounts.EncryptedTOTPDevice": {"key"}, "imports.ImportBatch": {"payload"}}


def _check_rotation(world):
    before, old_key = plain(), settings.FIELD_ENCRYPTION_KEYS[0]
    n = len(before)
    assert n >= 5
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        out = rotate(batch_size=2)
        assert f"cases.Case (id_number, birth_date, phone): {n} rows, {3 * n} values re-encrypted, 0 already" in out
        assert plain() == before  # same values, updated_at untouched
        again = rotate()
        assert f"{n} rows, 0 values re-encrypted, {3 * n} already under the newest key" in again
    for tokens in raw_tokens().values():
        assert all(decrypts_with(NEW_KEY, t) and not decrypts_with(old_key, t) for t in tokens)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):  # the old key can go
        assert plain() == before


def test_rotate_keys_re_encrypts_every_value_with_the_newest_key(world):
    _check_rotation(world)


def test_an_interrupted_run_is_resumed(world):
    class Interrupted(Exception):
        pass

    def stop_after_first_batch(counts):
        raise Interrupted

    before = plain()
    model, fields = next((m, f) for m, f in encrypted_models() if m is Case)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        with pytest.raises(Interrupted):
            rotate_model(model, fields, batch_size=2, after_batch=stop_after_first_batch)
        done = sum(decrypts_with(NEW_KEY, tokens[0]) for tokens in raw_tokens().values())
        assert done == 2  # the first batch was committed
        counts = rotate_model(model, fields, batch_size=2)
        assert (counts.rotated, counts.current) == (3 * (len(before) - 2), 3 * 2)
        assert plain() == before


def test_a_row_changed_during_the_rotation_is_left_for_the_next_run(world, monkeypatch):
    real = rotation.rotate_token
    case = Case.objects.order_by("pk").first()

    def meanwhile(token):  # the site saves the person while the command computes its new tokens
        if not hasattr(meanwhile, "done"):
            meanwhile.done = True
            Case.objects.filter(pk=case.pk).update(phone="13900000000")
        return real(token)

    monkeypatch.setattr(rotation, "rotate_token", meanwhile)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        with pytest.raises(Exception, match="run the command again"):
            rotate()
        assert Case.objects.get(pk=case.pk).phone == "13900000000"  # the site's write was not overwritten
        monkeypatch.setattr(rotation, "rotate_token", real)
        assert "Every value is under the newest key" in rotate()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="run under scripts/with-postgres.sh")
def test_rotate_keys_on_postgresql(world):
    _check_rotation(world)


def test_a_bad_batch_size_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        rotate(batch_size=0)


def test_every_run_is_an_audit_event_of_the_operator(world):
    from partydev.audit.models import AuditEvent
    from partydev.audit.selectors import audit_events_visible_to

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        rotate()
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.result, event.actor_id) == ("ops.rotate_keys", "success", None)
        assert event.actor_name.startswith("os:")
        assert event.after["models"]["cases.Case"]["rows"] == Case.objects.count()
        # The operator's commands belong to no organisation: every auditor sees them.
        assert audit_events_visible_to(world.auditor).filter(pk=event.pk).exists()
