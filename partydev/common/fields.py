"""Model fields that store sensitive text encrypted (see :mod:`partydev.common.crypto`)."""

from django.db import models
from django.db.models.lookups import IsNull

from .crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """A TextField whose database column holds a Fernet token and whose Python value is plaintext.

    * ``None`` stays ``NULL`` and ``""`` stays ``""`` (so blank values need no key and stay blank).
    * Each save produces a different token (Fernet uses a random IV), so the column cannot be
      searched or made unique: only ``isnull`` lookups are allowed. Pair the field with a
      ``blind_index`` column for equality lookups and uniqueness.
    """

    description = "Text stored encrypted with the field encryption keys"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def to_python(self, value):
        # Values reaching to_python (forms, deserialisation) are already plaintext.
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)

    def get_lookup(self, lookup_name):
        # Equality, containment and ordering on ciphertext would silently never match.
        if lookup_name == "isnull":
            return IsNull
        return None
