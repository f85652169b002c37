"""Django admin for the system administrator: the organisation tree and roster; role grants read-only.
People being developed are deliberately not here: the system administrator needs no personal data."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseBadRequest
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Member, Organisation, RoleGrant


class OrganisationEditForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind"]


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin):
    """New nodes choose their parent; existing nodes can be renamed but never moved. A move would
    renumber tree paths that cases, deadlines, filings and audit events copy for their scope."""

    form = movenodeform_factory(Organisation)
    list_display = ["name", "kind"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = OrganisationEditForm
            return admin.ModelAdmin.get_form(self, request, obj, change=change, **kwargs)
        return super().get_form(request, obj, change=change, **kwargs)

    def move_node(self, request):
        return HttpResponseBadRequest("Moving organisations is not supported.")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "group", "member_type", "active"]
    list_filter = ["member_type", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "group"]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Read-only: roles are granted and revoked only by the security administrator's pages or
    `manage.py grant_role` (partydev/accounts/services.py), which enforce the separation of duties and
    write the audit log (docs/security.md row 7)."""

    list_display = ["user", "role", "org"]
    list_filter = ["role"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
