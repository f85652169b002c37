"""Model fields that store sensitive text encrypted (see :mod:`partydev.common.crypto`)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
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


class EncryptedDateField(models.Field):
    """A date stored as a Fernet token of its ISO form (a text column); the Python value is a date.

    For a date that, left in plain text, gives a protected value away: the date of birth is 8 of the
    18 characters of a 身份证号, so with it in clear the blind index of the number could be reversed by
    trying the few hundred sequence numbers (docs/security.md, issue 10 finding 3). Like
    :class:`EncryptedTextField` it cannot be searched, ordered or constrained in the database: only
    ``isnull`` lookups are allowed. ``None`` stays ``NULL``.
    """

    description = "Date stored encrypted with the field encryption keys"
    default_error_messages = models.DateField.default_error_messages  # Django's own, translated

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return datetime.date.fromisoformat(decrypt_text(value))

    def to_python(self, value):
        if value is None or isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value}) from exc

    def get_prep_value(self, value):
        value = self.to_python(super().get_prep_value(value))
        if value is None:
            return None
        return encrypt_text(value.isoformat())

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.DateField, **kwargs})

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        return None
