"""A bench-only admin site with Case registered: what a user might use instead of our list pages.

Case is deliberately absent from the project's admin (no personal data for the system
administrator). Here any user holding a PC role may open it, and sees exactly the cases our pages
show them (cases_visible_to), so the two are compared on the same rows and the same filter.
Columns as in our list; the stock change list otherwise (with its two COUNT(*) queries).
"""

from django.contrib import admin

from partydev.cases.models import Case
from partydev.cases.selectors import cases_visible_to
from partydev.orgs.selectors import is_pc_user


class BenchAdminSite(admin.AdminSite):
    site_header = "bench admin"

    def has_permission(self, request):
        return request.user.is_active and is_pc_user(request.user)


class CaseAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "id_number_masked", "work_unit", "branch", "created_at"]
    list_filter = ["stage"]
    search_fields = ["^name"]  # a name prefix, like our lists' search
    ordering = ["name", "id"]

    def get_queryset(self, request):
        return cases_visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


bench_admin = BenchAdminSite(name="bench_admin")
bench_admin.register(Case, CaseAdmin)
