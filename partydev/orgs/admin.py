"""Django admin for the system administrator: the organisation tree, roster and role grants.
People being developed are deliberately not here: the system administrator needs no personal data."""

from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Member, Organisation, RoleGrant


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin):
    form = movenodeform_factory(Organisation)
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "group", "member_type", "active"]
    list_filter = ["member_type", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "group"]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "org"]
    list_filter = ["role"]
    autocomplete_fields = ["org"]
