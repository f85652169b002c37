from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partydev.orgs.models import Role
from partydev.orgs.selectors import grants_of

from .navigation import DEVELOPMENT, DEVELOPMENT_NAVS, development_tabs


def navigation(request):
    """The left menu (as in the seed), showing only what the user's roles may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = {g.role for g in grants_of(user)}
    if not roles:
        return {}
    items = [(_("Home"), reverse("pc:home"), "home")]
    if Role.BRANCH_ADMIN in roles:
        items.append((_("New users"), reverse("pc:code_list"), "codes"))
    if roles & {Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN}:
        # 发展党员: one entry, its five lists are the tabs of the page (partydev/pc/navigation.py).
        tabs = development_tabs()
        items.append((_("Party member development"), tabs[0][1], DEVELOPMENT))
        items.append((_("Work reminders"), reverse("pc:reminders"), "reminders"))
        items.append((_("Party member roster"), reverse("pc:roster_index"), "roster"))
        items.append((_("Excel import"), reverse("pc:import_list"), "imports"))
        # 统计分析: the yearly development report of the scope (partydev/pc/views/stats.py).
        items.append((_("Statistics"), reverse("pc:stats_report"), "stats"))
    if Role.COMMITTEE_ADMIN in roles:
        items.append((_("Filing inbox"), reverse("pc:filing_inbox"), "filings"))
        items.append((_("Organisation management"), reverse("pc:org_tree"), "org_tree"))
        # 账号管理: the accounts below (partydev/pc/views/accounts.py), with their password resets.
        items.append((_("Account management"), reverse("pc:account_list"), "accounts"))
    if Role.SECURITY_ADMIN in roles:
        # 权限管理 and 安全管理 (partydev/pc/views/security.py); no case data.
        items.append((_("Role management"), reverse("pc:security_user_list"), "roles"))
        items.append((_("Security management"), reverse("pc:security_locked"), "security"))
    if Role.AUDITOR in roles:
        items.append((_("Audit log"), reverse("pc:audit_list"), "audit"))
    context = {"nav_items": items, "nav_grants": grants_of(user)}
    if roles & {Role.BRANCH_ADMIN, Role.COMMITTEE_ADMIN}:
        context |= {"development_tabs": tabs, "development_navs": DEVELOPMENT_NAVS}
    return context
