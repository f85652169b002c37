"""Field encryption and blind indexes, with keys kept outside the database.

* ``settings.FIELD_ENCRYPTION_KEYS`` is a list of Fernet keys, **newest first**. New tokens are
  made with the first key; decryption tries every key, so a key is rotated by prepending a new one
  (and later re-encrypting old rows with :func:`rotate_token` before the old key is dropped).
* ``settings.BLIND_INDEX_KEY`` keys a slow hash of the normalised value (:func:`blind_index`: HMAC-SHA256,
  then scrypt). The hex digest can be stored in a unique, indexed column so that equality lookups and
  uniqueness work without decrypting anything; its cost makes guessing the value from the digest
  expensive even for someone who holds the key (docs/security.md, issue 10 finding 3).

Keys are read from settings on every call (through a small cache keyed on the key values), so
``override_settings`` and key changes take effect immediately.
"""

import functools
import hashlib
import hmac
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

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


def is_current_token(token: str) -> bool:
    """Whether the newest key (the first of FIELD_ENCRYPTION_KEYS) decrypts ``token``: rotated already."""
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    _build_multifernet(keys)  # a bad key list is a configuration error, as everywhere else
    try:
        Fernet(keys[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def normalize_for_index(value: str) -> str:
    """NFKC, stripped, uppercased: ``x``/``X`` and full-width digits give the same index.

    This matches :func:`partydev.common.idcard.normalize_id_number`.
    """
    return unicodedata.normalize("NFKC", value).strip().upper()


@dataclass(frozen=True)
class ScryptCost:
    n: int  # CPU/memory cost, a power of 2: memory is 128 * n * r bytes
    r: int
    p: int

    @property
    def maxmem(self) -> int:
        return 128 * self.n * self.r * self.p + 1024 * 1024


# settings.BLIND_INDEX_COST picks one. "production" costs about 55 ms and 16 MiB per hash on the
# development machine (docs/security.md, measured by bench/id_recovery.py). "fast" is for the test
# suite and the benchmark data generator only; settings refuse it in production. A database hashed
# with one cost cannot be searched with the other: the digests differ.
BLIND_INDEX_COSTS = {
    "production": ScryptCost(n=2**14, r=8, p=1),
    "fast": ScryptCost(n=2, r=1, p=1),
}
# scrypt's salt: fixed, because the digest must be the same for the same value (it is a lookup key).
# The secret is the key, applied by the HMAC before scrypt.
_SCRYPT_SALT = b"partydev.blind_index.v2"


def blind_index_cost() -> ScryptCost:
    name = getattr(settings, "BLIND_INDEX_COST", "production")
    try:
        return BLIND_INDEX_COSTS[name]
    except KeyError as exc:
        raise ImproperlyConfigured(f"BLIND_INDEX_COST must be one of {sorted(BLIND_INDEX_COSTS)}.") from exc


# Inside `blind_index_memo()`: scrypt digests already computed in the block, keyed by the HMAC of the
# value (never the value itself) and the cost.
_memo: ContextVar[dict | None] = ContextVar("blind_index_memo", default=None)


@contextmanager
def blind_index_memo(known: list | None = None):
    """Within the block, the same value is hashed once. An Excel import hashes each 身份证号 in its own
    check and again in the registration service it calls (case_create_paper): at the production cost
    (~50 ms) that doubled the import's time per row. The memo lives as long as the block (one check
    or one confirmation of a file) and holds only keyed digests, no 身份证号. `known`: what
    `blind_index_memo_items()` gave out at the end of an earlier block (the import's check, for its
    confirmation); an entry whose key or cost has changed since is simply never hit."""
    memo = {}
    for keyed, n, r, p, digest in known or ():
        memo[bytes.fromhex(keyed), ScryptCost(n=n, r=r, p=p)] = digest
    token = _memo.set(memo)
    try:
        yield
    finally:
        _memo.reset(token)


def blind_index_memo_items() -> list:
    """The current memo as JSON-able rows [HMAC digest (hex), n, r, p, scrypt digest], for
    `blind_index_memo(known=...)`; [] outside a memo block."""
    return [[keyed.hex(), cost.n, cost.r, cost.p, digest] for (keyed, cost), digest in (_memo.get() or {}).items()]


def blind_index(value: str, *, cost: ScryptCost | None = None) -> str:
    """The blind index of the normalised value (hex, 64 characters): scrypt over the HMAC-SHA256 of
    the value keyed with BLIND_INDEX_KEY, at ``settings.BLIND_INDEX_COST``.

    A 身份证号 has little entropy once its region, birth date and gender are guessed, so a fast keyed
    hash falls to enumeration by whoever holds the key; scrypt makes each guess cost tens of
    milliseconds (and 16 MiB), while a lookup or a registration costs one hash."""
    cost = cost or blind_index_cost()
    keyed = _keyed(value)
    memo = _memo.get()
    if memo is not None and (keyed, cost) in memo:
        return memo[keyed, cost]
    digest = _scrypt(keyed, cost)
    if memo is not None:
        memo[keyed, cost] = digest
    return digest


def _keyed(value: str) -> bytes:
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY must be set.")
    return hmac.new(key.encode("utf-8"), normalize_for_index(value).encode("utf-8"), hashlib.sha256).digest()


def _scrypt(keyed: bytes, cost: ScryptCost) -> str:
    return hashlib.scrypt(keyed, salt=_SCRYPT_SALT, n=cost.n, r=cost.r, p=cost.p, maxmem=cost.maxmem,
                          dklen=32).hex()


def blind_index_all(values, *, threads: int) -> None:
    """Inside `blind_index_memo()`: hash every value not yet in the memo, on `threads` threads
    (hashlib's scrypt releases the GIL, so they run on as many cores), so the `blind_index` calls that
    follow in the block find them. An import's check hashes a whole file up front this way."""
    memo = _memo.get()
    if memo is None:
        return
    cost = blind_index_cost()
    pending = list(dict.fromkeys(k for k in map(_keyed, values) if (k, cost) not in memo))
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for keyed, digest in zip(pending, pool.map(lambda k: _scrypt(k, cost), pending), strict=True):
            memo[keyed, cost] = digest


def legacy_blind_index(value: str) -> str:
    """The index before issue 10 (a bare HMAC-SHA256): only migration cases/0010 uses it, to go back."""
    return hmac.new(settings.BLIND_INDEX_KEY.encode("utf-8"), normalize_for_index(value).encode("utf-8"),
                    hashlib.sha256).hexdigest()
