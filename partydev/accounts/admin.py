"""The Django admin cannot go round the separation of duties (docs/security.md row 7).

Accounts, roles, lockouts and second factors change only through partydev/accounts/services.py,
which checks the actor, the scope and the duties and writes the audit log. So here:

- users are read-only (no add, change, password change or delete: a staff user could otherwise reset
  an auditor's password and act as them, or make itself superuser); groups are not offered (no
  duty is a Django group);
- django-axes' tables and django-otp's devices are not registered (the OTP admin shows a device's
  QR code, that is its secret key; unlocking and resetting are the security administrator's pages);
- role grants are read-only (partydev/orgs/admin.py).

The operator with shell access remains outside (manage.py grant_role, changepassword); their
grants are audited with the OS login."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice, StaticDevice, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ReadOnlyUserAdmin(ReadOnlyAdmin, UserAdmin):
    list_display = ["username", "first_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
    fieldsets = [(None, {"fields": ["username", "first_name", "last_name", "is_active", "is_staff",
                                    "is_superuser", "last_login", "date_joined"]})]
