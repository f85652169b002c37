"""The TOTP key is encrypted at rest (docs/security.md row 6): the column holds a Fernet token, never
the hex key; the device still verifies codes as django-otp's does; rotate_keys re-encrypts it; the
migration moved django-otp's clear devices."""

import time
from importlib import import_module

from django.apps import apps as django_apps
from django.db import connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice as PlainTOTPDevice

from partydev.accounts.models import EncryptedTOTPDevice
from partydev.common.rotation import encrypted_models


def code(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def raw_key(device) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key FROM {EncryptedTOTPDevice._meta.db_table} WHERE id = %s", [device.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_key_column_holds_no_key_and_codes_still_verify(world):
    device = EncryptedTOTPDevice.objects.create(user=world.branch_admin, name="authenticator", confirmed=True)
    stored = raw_key(device)
    assert len(device.key) == 40 and device.key not in stored and stored.startswith("gAAAA")
    device = EncryptedTOTPDevice.objects.get(pk=device.pk)
    assert device.verify_token(code(device))
    assert not device.verify_token(code(device))  # no replay of the used step
    assert device.config_url.startswith("otpauth://totp/")
    assert (EncryptedTOTPDevice, [EncryptedTOTPDevice._meta.get_field("key")]) in encrypted_models()


def test_the_migration_moves_clear_devices_and_keeps_their_keys(world):
    move = import_module("partydev.accounts.migrations.0002_move_totp_devices")
    plain = PlainTOTPDevice.objects.create(user=world.sibling_admin, name="authenticator", confirmed=True, last_t=7)
    move.forwards(django_apps, None)
    assert not PlainTOTPDevice.objects.exists()
    moved = EncryptedTOTPDevice.objects.get(user=world.sibling_admin)
    assert (moved.key, moved.last_t, moved.confirmed) == (plain.key, 7, True)
    assert plain.key not in raw_key(moved)
    move.backwards(django_apps, None)
    assert PlainTOTPDevice.objects.get(user=world.sibling_admin).key == plain.key
    assert not EncryptedTOTPDevice.objects.exists()
