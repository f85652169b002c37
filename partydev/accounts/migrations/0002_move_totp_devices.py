"""Move every django-otp TOTP device (key in clear) into EncryptedTOTPDevice (key encrypted), then
delete the clear ones. Sessions verified by an old device are logged out at their next request
(TwoFactorMiddleware: a device exists but the session's is gone); the person logs in again with a
code from the same authenticator app, since the key is unchanged."""

from django.db import migrations

FIELDS = ("user_id", "name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t",
          "throttling_failure_timestamp", "throttling_failure_count", "created_at", "last_used_at")


def forwards(apps, schema_editor):
    Plain = apps.get_model("otp_totp", "TOTPDevice")
    Encrypted = apps.get_model("accounts", "EncryptedTOTPDevice")
    for device in Plain.objects.order_by("pk").iterator():
        Encrypted.objects.create(**{f: getattr(device, f) for f in FIELDS})
    Plain.objects.all().delete()


def backwards(apps, schema_editor):
    Plain = apps.get_model("otp_totp", "TOTPDevice")
    Encrypted = apps.get_model("accounts", "EncryptedTOTPDevice")
    for device in Encrypted.objects.order_by("pk").iterator():
        Plain.objects.create(**{f: getattr(device, f) for f in FIELDS})
    Encrypted.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_encrypted_totp_device"),
        ("otp_totp", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
