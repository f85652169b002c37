"""The TOTP device with its key encrypted at rest (docs/security.md row 6).

django-otp's own `otp_totp.TOTPDevice` keeps the shared secret in clear (a hex CharField), so anyone
who reads the database (a dump, a backup, a replica) and knows a password passes both factors. This
device has the same fields and behaviour, but its key is an `EncryptedTextField` (Fernet with
FIELD_ENCRYPTION_KEYS, like the 身份证号; `manage.py rotate_keys` re-encrypts it). The methods are
django-otp's own, taken from its class, so verification, throttling, replay protection (`last_t`)
and the otpauth:// URI stay exactly theirs. Migration 0002 moved existing devices here."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice as PlainTOTPDevice
from django_otp.util import random_hex

from partydev.common.fields import EncryptedTextField


def default_key() -> str:
    return random_hex(20)


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    key = EncryptedTextField(default=default_key)  # hex, as django-otp's; stored as a Fernet token
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    bin_key = PlainTOTPDevice.bin_key
    verify_token = PlainTOTPDevice.verify_token
    get_throttle_factor = PlainTOTPDevice.get_throttle_factor
    config_url = PlainTOTPDevice.config_url
    _read_str_from_settings = PlainTOTPDevice._read_str_from_settings
