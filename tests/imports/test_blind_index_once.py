"""An imported 身份证号 is hashed once (the blind index: ~50 ms of scrypt at the production cost): the
check computes it, its encrypted payload carries the digest to the confirmation, and the confirmed
batch keeps no digest (partydev.common.crypto.blind_index_memo)."""

import hashlib
import json

from django.test import override_settings

from partydev.cases.models import Case
from partydev.common.crypto import blind_index
from partydev.imports.models import ImportBatch
from partydev.imports.services import confirm_batch, confirm_start

from .conftest import person, run_check, workbook


def _counting_scrypt(monkeypatch) -> list:
    calls = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


def test_each_number_is_hashed_once_for_check_and_confirmation(iw, monkeypatch):
    user = iw.users["migrator"]
    rows = [person(1), person(2, talk="2026-01-20")]
    data = workbook(user, rows)
    calls = _counting_scrypt(monkeypatch)
    batch = run_check(user, data)
    assert len(calls) == 2 and batch.error_rows == 0
    stored = json.loads(ImportBatch.objects.get(pk=batch.pk).payload)
    assert len(stored["digests"]) == 2 and rows[0]["id_number"] not in json.dumps(stored["digests"])
    batch = confirm_batch(confirm_start(batch=batch, actor=user))
    assert batch.created_count == 2 and len(calls) == 2  # nothing hashed again
    assert {c.id_hash for c in Case.objects.all()} == {blind_index(r["id_number"]) for r in rows}
    assert "digests" not in json.loads(ImportBatch.objects.get(pk=batch.pk).payload)


def test_a_digest_from_another_key_is_not_used(iw, monkeypatch, settings):
    """The key changed between check and confirmation: the carried digests are keyed by the old key's
    HMAC, never hit, and the person gets the new key's index."""
    user = iw.users["migrator"]
    row = person(3)
    batch = run_check(user, workbook(user, [row]))
    with override_settings(BLIND_INDEX_KEY=settings.BLIND_INDEX_KEY + "-rotated"):
        calls = _counting_scrypt(monkeypatch)
        batch = confirm_batch(confirm_start(batch=batch, actor=user))
        assert batch.created_count == 1 and len(calls) == 1
        assert Case.objects.get().id_hash == blind_index(row["id_number"])
