"""Cursor pagination on every list: stable under inserts, no COUNT(*), one indexed range per page."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = _("The cursor from the previous page's next or previous link.")
    page_size_query_description = _("Rows per page (at most 200, default 50).")


class ByName(Cursor):
    ordering = ("name", "id")


class ByCreation(Cursor):
    ordering = ("created_at", "id")


class ByDueDate(Cursor):
    ordering = ("due_date", "id")
