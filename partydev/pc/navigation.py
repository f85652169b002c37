"""Which menu item a person's pages belong to: the list of the stage the person is in."""

from django.utils.translation import gettext as _

from partydev.process.enums import Stage

STAGE_NAV = {
    Stage.APPLICANT: "applicants",
    Stage.ACTIVIST: "activists",
    Stage.TARGET: "targets",
    Stage.PROBATIONARY: "probationary",
    Stage.FULL: "members",
    Stage.CANCELLED: "members",
}


def nav_for(case) -> str:
    return STAGE_NAV.get(case.stage, "applicants")


def list_for(case) -> tuple[str, str]:
    """(URL name, label) of the list page the person's breadcrumb goes back to."""
    return {
        "applicants": ("pc:applicant_list", _("Applicants")),
        "activists": ("pc:activist_list", _("Activists")),
        "targets": ("pc:target_list", _("Development targets")),
        "probationary": ("pc:probationary_list", _("Probationary members")),
        "members": ("pc:full_list", _("Full members")),
    }[nav_for(case)]
