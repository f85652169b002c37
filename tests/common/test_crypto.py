import re

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps

from partydev.common.crypto import (
    DecryptionError,
    blind_index,
    decrypt_text,
    encrypt_text,
    rotate_token,
)
from partydev.common.fields import EncryptedTextField

ID_NUMBER = "11010519491231002X"
ID_PATTERN = re.compile(r"\d{17}[\dXx]")
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def test_round_trip_unicode():
    for plain in [ID_NUMBER, "13812345678", "张三 · 党员", "", "x" * 10_000]:
        token = encrypt_text(plain)
        assert decrypt_text(token) == plain


def test_token_holds_no_plaintext_and_is_randomised():
    first, second = encrypt_text(ID_NUMBER), encrypt_text(ID_NUMBER)
    assert first != second
    for token in (first, second):
        assert ID_NUMBER not in token
        assert not ID_PATTERN.search(token)


def test_old_key_still_decrypts_after_a_new_key_is_prepended():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        token = encrypt_text(ID_NUMBER)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert decrypt_text(token) == ID_NUMBER
        rotated = rotate_token(token)
        new_token = encrypt_text(ID_NUMBER)
    # The rotated and new tokens are made with the new key alone.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert decrypt_text(rotated) == ID_NUMBER
        assert decrypt_text(new_token) == ID_NUMBER
        with pytest.raises(DecryptionError):
            decrypt_text(token)


def test_wrong_key_or_tampered_token_fails():
    token = encrypt_text(ID_NUMBER)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(DecryptionError):
        decrypt_text(token)
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(DecryptionError):
        decrypt_text(tampered)
    with pytest.raises(DecryptionError):
        decrypt_text("not a token")


def test_missing_or_invalid_keys_are_a_configuration_error():
    with override_settings(FIELD_ENCRYPTION_KEYS=[]), pytest.raises(ImproperlyConfigured):
        encrypt_text("x")
    with override_settings(FIELD_ENCRYPTION_KEYS=["short"]), pytest.raises(ImproperlyConfigured):
        encrypt_text("x")


def test_blind_index_is_keyed_and_normalised():
    value = blind_index(ID_NUMBER)
    assert re.fullmatch(r"[0-9a-f]{64}", value)
    assert blind_index(" 11010519491231002x ") == value
    assert blind_index("110105194912310021") != value
    with override_settings(BLIND_INDEX_KEY="another-key"):
        assert blind_index(ID_NUMBER) != value
    with override_settings(BLIND_INDEX_KEY=""), pytest.raises(ImproperlyConfigured):
        blind_index(ID_NUMBER)


# --- EncryptedTextField --------------------------------------------------------------------------


def make_field(**kwargs):
    field = EncryptedTextField(**kwargs)
    field.set_attributes_from_name("id_number")
    return field


def test_field_round_trip_stores_no_plaintext():
    field = make_field()
    stored = field.get_prep_value(ID_NUMBER)
    assert ID_NUMBER not in stored
    assert not ID_PATTERN.search(stored)
    assert field.from_db_value(stored, None, None) == ID_NUMBER
    assert field.to_python(ID_NUMBER) == ID_NUMBER


def test_field_db_prep_value_is_encrypted():
    from django.db import connection

    stored = make_field().get_db_prep_save("13812345678", connection)
    assert "13812345678" not in stored
    assert decrypt_text(stored) == "13812345678"


def test_field_survives_key_rotation():
    field = make_field()
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        stored = field.get_prep_value(ID_NUMBER)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        assert field.from_db_value(stored, None, None) == ID_NUMBER


@pytest.mark.parametrize("value", ["", None])
def test_field_empty_and_null_stay_as_they_are(value):
    field = make_field(blank=True, null=True)
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, None) == value


def test_field_deconstructs_cleanly():
    name, path, args, kwargs = make_field(blank=True).deconstruct()
    assert path == "partydev.common.fields.EncryptedTextField"
    assert args == []
    assert kwargs == {"blank": True}
    rebuilt = EncryptedTextField(*args, **kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)


@isolate_apps("partydev.common")  # keep the throw-away model out of the real app registry
def test_field_refuses_lookups_that_cannot_work_on_ciphertext():
    class Sample(models.Model):
        secret = EncryptedTextField(null=True)

        class Meta:
            app_label = "common"

        def __str__(self):
            return "sample"

    assert str(Sample.objects.filter(secret__isnull=True).query)
    with pytest.raises(FieldError):
        Sample.objects.filter(secret=ID_NUMBER)
    with pytest.raises(FieldError):
        Sample.objects.filter(secret__icontains="1101")


def test_settings_keys_are_valid():
    # The development/test default key must itself be a usable Fernet key.
    for key in settings.FIELD_ENCRYPTION_KEYS:
        Fernet(key)


def test_blind_index_memo_hashes_each_value_once_and_keeps_no_number(monkeypatch):
    import hashlib

    from partydev.common import crypto

    calls = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    number = "11010519491231002X"
    outside = blind_index(number)
    with crypto.blind_index_memo():
        first, second = blind_index(number), blind_index(number.lower())  # the same after normalising
        other = blind_index("110105194912310037")
        kept = crypto._memo.get()
    assert first == second == outside and other != first
    assert len(calls) == 3  # outside, once for the number inside, once for the other
    assert number not in repr(kept) and "11010519491231" not in repr(kept)
    blind_index(number)
    assert len(calls) == 4  # the memo ended with its block


def test_blind_index_all_hashes_up_front_on_threads(monkeypatch):
    import hashlib

    from partydev.common import crypto

    numbers = ["11010519491231002X", "110105194912310037", "11010519491231002x"]  # the last = the first
    expected = [blind_index(n) for n in numbers]
    calls = []
    real = hashlib.scrypt
    monkeypatch.setattr(hashlib, "scrypt", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    crypto.blind_index_all(numbers, threads=2)  # outside a memo block: nothing to keep, nothing done
    assert calls == []
    with crypto.blind_index_memo():
        crypto.blind_index_all(numbers, threads=2)
        assert len(calls) == 2
        assert [blind_index(n) for n in numbers] == expected and len(calls) == 2
