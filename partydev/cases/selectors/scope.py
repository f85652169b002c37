"""Reads of personal data. Every view loads cases through `cases_visible_to`: outside scope is 404."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from partydev.common.crypto import blind_index
from partydev.common.idcard import validate_id_number
from partydev.orgs.models import Role
from partydev.orgs.selectors import ADMIN_ROLES, branch_path, case_scope_filter, path_filter, scope_paths
from partydev.process.enums import FilingStatus

from ..models import Case, Filing


def cases_visible_to(user):
    """Branch admins: their branch; committee admins: their subtree; an applicant: itself only."""
    if not user.is_authenticated:
        return Case.objects.none()
    live = Case.objects.filter(erased_at__isnull=True)
    if scope_paths(user, ADMIN_ROLES):
        return live.filter(case_scope_filter(user, ADMIN_ROLES))
    return live.filter(user=user)


def case_for(user, public_id):
    """The case, or 404 outside the user's scope."""
    qs = cases_visible_to(user).select_related("branch")
    try:
        return qs.get(public_id=public_id)
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def name_search(query: str, field: str = "name") -> Q:
    """The list search: names starting with the query. A Chinese name starts with the surname and a
    full name is a prefix of itself, and a prefix match is answered from the (stage, name) index in
    name order; a substring match would read every row of a province (docs/performance.md M3)."""
    return Q(**{f"{field}__startswith": query.strip()})


def case_search(query: str) -> Q:
    """What the list search box finds: the person with that 身份证号 when the query is a whole, valid
    one (an equality on the blind index: one hash per search), otherwise names starting with it."""
    try:
        number = validate_id_number(query)
    except ValidationError:
        return name_search(query)
    return Q(id_hash=blind_index(number))


def case_list(user, *, stage: str, query: str = "", branch_id: int | None = None, status: str = "",
              org_path: str | None = None):
    """The list pages (申请人管理, 积极分子管理): one query plus the page's count. `org_path`: only the
    people under that organisation (a 党委's or 党总支's subtree, as the statistics count them)."""
    qs = cases_visible_to(user).filter(stage=stage).select_related("branch")
    if query:
        qs = qs.filter(case_search(query))
    if branch_id:
        # A case sits at its branch's path: the equality reads the branch's people from
        # (org_path, stage, name) in name order (issue 15), whatever the scope's own hint.
        qs = qs.filter(branch_id=branch_id, org_path=branch_path(branch_id))
    if org_path:
        qs = qs.filter(org_path__under=org_path)
    return qs.order_by("name", "id")


def filings_visible_to(user):
    """Filings a committee admin decides: those addressed to a committee within their scope."""
    paths = scope_paths(user, (Role.COMMITTEE_ADMIN,))
    return Filing.objects.filter(path_filter(paths, "committee_path"))


def filing_inbox(user, *, status: str = FilingStatus.PENDING):
    return (
        filings_visible_to(user)
        .filter(status=status)
        .select_related("case", "case__branch", "created_by")
        .order_by("created_at", "id")
    )


def filing_for(user, pk):
    try:
        return filings_visible_to(user).select_related("case", "case__branch").get(pk=pk)
    except (Filing.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
