"""The encryption of a backup archive (backup.py has the format): AES-256-GCM in chunks of 1 MiB
under a key derived with HKDF-SHA256 from BACKUP_KEY and the archive's salt, with a key check in the
header so a wrong key is told apart from a damaged file."""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"PARTYDEV-BACKUP-1\n"
SALT_BYTES = 16
CHECK_BYTES = 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES + CHECK_BYTES
CHUNK_BYTES = 1024 * 1024
_CHUNK_HEAD = struct.Struct(">BI")  # final flag, ciphertext length


class BackupError(Exception):
    """A clear, user-facing reason why a backup or restore cannot go on."""


# --- the key ------------------------------------------------------------------------------------

def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def configured_key() -> bytes:
    """BACKUP_KEY from the settings or, failing that, the environment: 32 bytes, URL-safe base64."""
    value = getattr(settings, "BACKUP_KEY", "") or os.environ.get("BACKUP_KEY", "")
    if not value:
        raise BackupError("Set BACKUP_KEY (32 random bytes in URL-safe base64; "
                          "`manage.py backup --generate-key` prints a new one).")
    try:
        key = base64.urlsafe_b64decode(value.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise BackupError("BACKUP_KEY must be 32 bytes in URL-safe base64 (44 characters); "
                          "`manage.py backup --generate-key` prints a new one.")
    return key


def _derive(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    material = HKDF(algorithm=hashes.SHA256(), length=32 + CHECK_BYTES, salt=salt,
                    info=b"partydev backup v1").derive(key)
    return material[:32], material[32:]


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written goes out encrypted, chunk by chunk."""

    def __init__(self, out, key: bytes):
        salt = secrets.token_bytes(SALT_BYTES)
        archive_key, check = _derive(key, salt)
        self._aead = AESGCM(archive_key)
        self._out = out
        self._header = MAGIC + salt + check
        self._buffer = bytearray()
        self._index = 0
        out.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:  # keep at least one byte for the final chunk
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index), plain, _aad(self._header, self._index, final))
        self._out.write(_CHUNK_HEAD.pack(1 if final else 0, len(sealed)))
        self._out.write(sealed)
        self._index += 1

    def close(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()


class DecryptingReader:
    """A read-only file object over an archive: every chunk is authenticated before it is returned."""

    def __init__(self, source, key: bytes):
        self._in = source
        header = source.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES or not header.startswith(MAGIC):
            raise BackupError("This is not a backup archive of this system (unknown header).")
        salt = header[len(MAGIC):len(MAGIC) + SALT_BYTES]
        archive_key, check = _derive(key, salt)
        if not hmac.compare_digest(check, header[len(MAGIC) + SALT_BYTES:]):
            raise BackupError("Wrong BACKUP_KEY: this archive was encrypted with another key "
                              "(or its header was changed).")
        self._aead = AESGCM(archive_key)
        self._header = header
        self._index = 0
        self._buffer = bytearray()
        self._pos = 0
        self._done = False

    def _next_chunk(self) -> None:
        head = self._in.read(_CHUNK_HEAD.size)
        if len(head) < _CHUNK_HEAD.size:
            raise BackupError("The archive is truncated: its final chunk is missing.")
        flag, length = _CHUNK_HEAD.unpack(head)
        sealed = self._in.read(length)
        if flag not in (0, 1) or len(sealed) != length:
            raise BackupError(f"The archive is damaged or truncated at chunk {self._index}.")
        try:
            plain = self._aead.decrypt(_nonce(self._index), sealed, _aad(self._header, self._index, flag == 1))
        except InvalidTag:
            raise BackupError(f"The archive is damaged or was tampered with: chunk {self._index} "
                              "fails authentication.") from None
        self._index += 1
        if flag == 1:
            if self._in.read(1):
                raise BackupError("The archive has data after its final chunk: it was tampered with.")
            self._done = True
        del self._buffer[:self._pos]
        self._pos = 0
        self._buffer += plain

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) - self._pos < size):
            self._next_chunk()
        end = len(self._buffer) if size < 0 else min(len(self._buffer), self._pos + size)
        data = bytes(self._buffer[self._pos:end])
        self._pos = end
        return data
