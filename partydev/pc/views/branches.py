"""htmx: the branch search behind the filter bars' branch chooser (partydev/pc/branch_chooser.py)."""

from django.views.decorators.http import require_GET

from partydev.orgs.selectors import branches_visible_to

from ..access import admin_view
from ..branch_chooser import branch_search_response


@require_GET
@admin_view
def branch_search(request):
    """Branches of the admin's own scope only: the same set the filter forms validate against."""
    return branch_search_response(request, branches_visible_to(request.user))
