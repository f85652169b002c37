"""Words about members that the rules read (plain Python: `partydev.process` imports this, not the
models)."""

from django.utils.translation import gettext_lazy as _

from partydev.common.choices import TextChoices


class MemberType(TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Discipline(TextChoices):
    """Party discipline a member is under, for the introducer (§14) and contact (§9) rules."""

    NONE = "", _("None")
    WARNING = "warning", _("Warning")
    SERIOUS_WARNING = "serious_warning", _("Serious warning")
    REMOVAL = "removal", _("Removal from Party posts")
    PROBATION = "probation", _("Probation within the Party")


class OrgKind(TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General Party branch")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")
