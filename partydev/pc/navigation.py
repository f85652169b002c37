"""Which menu item a person's pages belong to: the list of the stage the person is in.

The five lists are the tabs of one 发展党员 page (as in the seed manual: 发展党员全程纪实 → 发展党员 →
申请人管理 / 积极分子管理 / 发展对象管理 / 预备党员管理 / 正式党员); the menu has one 发展党员 entry
leading to the first tab, marked as current on every tab and on every person's pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partydev.process.enums import Stage

STAGE_NAV = {
    Stage.APPLICANT: "applicants",
    Stage.ACTIVIST: "activists",
    Stage.TARGET: "targets",
    Stage.PROBATIONARY: "probationary",
    Stage.FULL: "members",
    Stage.CANCELLED: "members",
}

# (nav key, URL name, label) of the 发展党员 page's tabs, in the manual's order.
DEVELOPMENT_TABS = (
    ("applicants", "pc:applicant_list", _("Applicants")),
    ("activists", "pc:activist_list", _("Activists")),
    ("targets", "pc:target_list", _("Development targets")),
    ("probationary", "pc:probationary_list", _("Probationary members")),
    ("members", "pc:full_list", _("Full members")),
)
DEVELOPMENT = "development"
DEVELOPMENT_NAVS = frozenset(key for key, _url, _label in DEVELOPMENT_TABS)


def development_tabs() -> list[tuple[str, str, str]]:
    """(label, href, nav key) of each tab, the shape of the menu's items."""
    return [(label, reverse(url), key) for key, url, label in DEVELOPMENT_TABS]


def nav_for(case) -> str:
    return STAGE_NAV.get(case.stage, "applicants")


def list_for(case) -> tuple[str, str]:
    """(URL name, label) of the list page the person's breadcrumb goes back to."""
    key = nav_for(case)
    return next((url, str(label)) for k, url, label in DEVELOPMENT_TABS if k == key)
