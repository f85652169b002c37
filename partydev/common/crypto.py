"""Field encryption and blind indexes, with keys kept outside the database.

* ``settings.FIELD_ENCRYPTION_KEYS`` is a list of Fernet keys, **newest first**. New tokens are
  made with the first key; decryption tries every key, so a key is rotated by prepending a new one
  (and later re-encrypting old rows with :func:`rotate_token` before the old key is dropped).
* ``settings.BLIND_INDEX_KEY`` keys an HMAC-SHA256 over the normalised value. The hex digest can be
  stored in a unique, indexed column so that equality lookups and uniqueness work without
  decrypting anything.

Keys are read from settings on every call (through a small cache keyed on the key values), so
``override_settings`` and key changes take effect immediately.
"""

import functools
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    """A token could not be decrypted with any configured key (wrong key or tampered data)."""


@functools.lru_cache(maxsize=8)
def _build_multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must contain at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:  # bad base64 or wrong length; don't echo the key
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS contains an invalid Fernet key.") from exc


def _multifernet() -> MultiFernet:
    """The MultiFernet for the keys currently in settings (newest first)."""
    return _build_multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(plain: str) -> str:
    """Encrypt ``plain`` with the newest key; returns a URL-safe ASCII Fernet token."""
    return _multifernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    """Decrypt a token made by :func:`encrypt_text` with any configured key."""
    try:
        return _multifernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError("The value could not be decrypted with the configured keys.") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a token with the newest key (for a key-rotation job)."""
    try:
        return _multifernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError("The value could not be decrypted with the configured keys.") from exc


def normalize_for_index(value: str) -> str:
    """NFKC, stripped, uppercased: ``x``/``X`` and full-width digits give the same index.

    This matches :func:`partydev.common.idcard.normalize_id_number`.
    """
    return unicodedata.normalize("NFKC", value).strip().upper()


def blind_index(value: str) -> str:
    """HMAC-SHA256 (hex, 64 characters) of the normalised value, keyed with BLIND_INDEX_KEY."""
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY must be set.")
    return hmac.new(
        key.encode("utf-8"), normalize_for_index(value).encode("utf-8"), hashlib.sha256
    ).hexdigest()
