"""The vocabulary every layer shares. Nothing here imports models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    TARGET = "target", _("Development target")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL]


class LetterStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class FilingKind(models.TextChoices):
    ACTIVIST = "activist", _("Activist filing")


class FilingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the committee")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecommendationMethod(models.TextChoices):
    MEMBERS = "members", _("Recommended by party members")
    MASS_ORG = "mass_org", _("Recommended by a mass organisation")


class ResolutionResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Undergraduate")
    COLLEGE = "college", _("Junior college")
    SECONDARY = "secondary", _("Technical secondary school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR = "junior", _("Junior high school or below")


class CaseSource(models.TextChoices):
    QR = "qr", _("Registered with a QR code")
    PAPER = "paper", _("Entered by the branch (paper application)")


class ReturnPoint(models.TextChoices):
    """Where 退回重新备案 can send a person back to, within the stages built so far."""

    LETTER = "letter", _("Back to submitting the application letter")
    FILING = "filing", _("Back to the applicant stage, to be filed again")


# What each history entry (StageChange.action) means, for the 全程纪实 list.
HISTORY_ACTIONS = {
    "registered": _("Registered with the QR code"),
    "entered": _("Entered by the branch from a paper application"),
    "activist_filed": _("Determined as activist and filed with the Party committee"),
    "activist_filing_returned": _("The Party committee returned the filing"),
    "activist_accepted": _("The Party committee accepted the filing: became an activist"),
    "returned_letter": _("Returned for re-filing: back to submitting the application letter"),
    "returned_filing": _("Returned for re-filing: back to the applicant stage"),
    "transferred": _("Organisational relationship transferred to another branch"),
    "contacts_changed": _("Cultivation contacts appointed or changed"),
}


class OpinionKind(models.TextChoices):
    """The opinions the seed's 积极分子管理 page records (part 二 (三)–(七))."""

    EDUCATION = "education", _("Education and cultivation opinion")
    BRANCH_INSPECTION = "branch_inspection", _("Branch inspection opinion")
    CONTACT_CONFIRMATION = "contact_confirmation", _("Cultivation contact's opinion")
    MEMBERS_MASSES = "members_masses", _("Opinion of party members and the masses")
    PARTY_GROUP = "party_group", _("Party group opinion")


# Kinds the seed requires at least once every half year of cultivation (§11: the branch inspects
# activists every half year). The party group's opinion is asked when the target is chosen (§13).
HALF_YEARLY_OPINIONS = (
    OpinionKind.EDUCATION,
    OpinionKind.BRANCH_INSPECTION,
    OpinionKind.CONTACT_CONFIRMATION,
    OpinionKind.MEMBERS_MASSES,
)
