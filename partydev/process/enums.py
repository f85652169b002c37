"""The vocabulary every layer shares. Nothing here imports models."""

from django.utils.translation import gettext_lazy as _

from partydev.common.choices import TextChoices
from partydev.orgs.vocabulary import Discipline  # noqa: F401  (re-exported: the rules' vocabulary)


class Stage(TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    TARGET = "target", _("Development target")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    CANCELLED = "cancelled", _("Probationary membership cancelled")


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL]


class LetterStatus(TextChoices):
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class FilingKind(TextChoices):
    """Everything a branch sends up for the Party committee to decide."""

    ACTIVIST = "activist", _("Activist filing")
    TARGET = "target", _("Development target: filing or agreement")
    PRE_REVIEW = "pre_review", _("Pre-review")
    APPROVAL = "approval", _("Approval of admission")
    CONVERSION = "conversion", _("Approval of conversion")


class ResolutionPurpose(TextChoices):
    ACTIVIST = "activist", _("Determine the activist")
    TARGET = "target", _("Determine the development target")
    ADMISSION = "admission", _("Examine the development target before admission")


class NoticeResult(TextChoices):
    NO_OBJECTION = "no_objection", _("No objection")
    OBJECTION = "objection", _("Objections that block it")


class ReviewConclusion(TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Not qualified")


class TrainingMode(TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("By video")
    MIXED = "mixed", _("In person and by video")


class MeetingPurpose(TextChoices):
    ADMISSION = "admission", _("Admission of the probationary member")
    CONVERSION = "conversion", _("Conversion to full membership")


class VotingMethod(TextChoices):
    """How a 支部党员大会 voted: §20 (2014 §21) prescribes the secret ballot (无记名投票)."""

    SECRET_BALLOT = "secret_ballot", _("Secret ballot")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")


class Attendance(TextChoices):
    PRESENT = "present", _("Present")
    WRITTEN = "written", _("Absent, written opinion handed in before the meeting")
    ABSENT = "absent", _("Absent")
    EXCLUDED = "excluded", _("Not counted as entitled (approved by the higher organisation)")


class ConversionOutcome(TextChoices):
    ON_TIME = "on_time", _("Convert on time")
    EXTEND = "extend", _("Extend the probation")
    CANCEL = "cancel", _("Cancel the probationary membership")


class Decision(TextChoices):
    APPROVED = "approved", _("Approved / passed")
    REJECTED = "rejected", _("Not approved / not passed")


class FilingStatus(TextChoices):
    PENDING = "pending", _("Awaiting the committee")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not approved")


class RecommendationMethod(TextChoices):
    MEMBERS = "members", _("Recommended by party members")
    MASS_ORG = "mass_org", _("Recommended by a mass organisation")


class ResolutionResult(TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Gender(TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Education(TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Undergraduate")
    COLLEGE = "college", _("Junior college")
    SECONDARY = "secondary", _("Technical secondary school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR = "junior", _("Junior high school or below")


class CaseSource(TextChoices):
    QR = "qr", _("Registered with a QR code")
    PAPER = "paper", _("Entered by the branch (paper application)")


class ReturnPoint(TextChoices):
    """Where 退回重新备案 can send a person back to (which of them a stage offers: RETURN_POINTS)."""

    LETTER = "letter", _("Back to submitting the application letter")
    FILING = "filing", _("Back to the applicant stage, to be filed again")
    ACTIVIST = "activist", _("Back to the activist stage, to be proposed as a development target again")


# The earlier steps a person of each stage can be returned to. Probationary and full members have
# outcomes of their own instead (extension, cancellation of the probation: 2026 §34–35).
RETURN_POINTS = {
    Stage.APPLICANT: (ReturnPoint.LETTER, ReturnPoint.FILING),
    Stage.ACTIVIST: (ReturnPoint.LETTER, ReturnPoint.FILING),
    Stage.TARGET: (ReturnPoint.LETTER, ReturnPoint.FILING, ReturnPoint.ACTIVIST),
}


# What each history entry (StageChange.action) means, for the 全程纪实 list.
HISTORY_ACTIONS = {
    "registered": _("Registered with the QR code"),
    "entered": _("Entered by the branch from a paper application"),
    "activist_filed": _("Determined as activist and filed with the Party committee"),
    "activist_filing_returned": _("The Party committee returned the filing"),
    "activist_accepted": _("The Party committee accepted the filing: became an activist"),
    "returned_letter": _("Returned for re-filing: back to submitting the application letter"),
    "returned_filing": _("Returned for re-filing: back to the applicant stage"),
    "returned_activist": _("Returned for re-filing: back to the activist stage"),
    "transferred": _("Organisational relationship transferred to another branch"),
    "contacts_changed": _("Cultivation contacts appointed or changed"),
    "target_filed": _("Proposed as development target and sent to the Party committee"),
    "target_agreed": _("The Party committee agreed to the development target; public notice next"),
    "target_accepted": _("Became a development target"),
    "pre_review_filed": _("Sent to the Party committee for pre-review"),
    "pre_review_passed": _("Passed the pre-review"),
    "pre_review_failed": _("Did not pass the pre-review"),
    "approval_filed": _("Admission sent to the Party committee for approval"),
    "admitted": _("Approved as probationary member"),
    "admission_rejected": _("Admission not approved"),
    "conversion_rejected": _("Conversion not approved"),
    "conversion_filed": _("Conversion sent to the Party committee for approval"),
    "converted": _("Became a full member"),
    "probation_extended": _("Probation extended"),
    "probation_cancelled": _("Probationary membership cancelled"),
    "filing_returned": _("The Party committee returned the request"),
    "introducers_set": _("Introducers determined"),
    "admission_meeting": _("Branch general meeting on admission"),
    "conversion_meeting": _("Branch general meeting on conversion"),
    "conversion_postponed": _("Conversion discussion postponed (probationary member transferred in)"),
}


class OpinionKind(TextChoices):
    """The opinions the seed's 积极分子管理 page records (part 二 (三)–(七))."""

    EDUCATION = "education", _("Education and cultivation opinion")
    BRANCH_INSPECTION = "branch_inspection", _("Branch inspection opinion")
    CONTACT_CONFIRMATION = "contact_confirmation", _("Cultivation contact's opinion")
    MEMBERS_MASSES = "members_masses", _("Opinion of party members and the masses")
    PARTY_GROUP = "party_group", _("Party group opinion")
    PROBATION_INSPECTION = "probation_inspection", _("Inspection of the probationary member")


# The opinions kept about an activist (part 二 of the seed); a probationary member's inspections
# are a kind of their own (step 21).
ACTIVIST_OPINIONS = tuple(k for k in OpinionKind if k != OpinionKind.PROBATION_INSPECTION)

# Kinds the seed requires at least once every half year of cultivation (§11: the branch inspects
# activists every half year). The party group's opinion is asked when the target is chosen (§13).
HALF_YEARLY_OPINIONS = (
    OpinionKind.EDUCATION,
    OpinionKind.BRANCH_INSPECTION,
    OpinionKind.CONTACT_CONFIRMATION,
    OpinionKind.MEMBERS_MASSES,
)


# What goes into the personal file (材料归档), by the version in force on the archive date.
# 2026 §36: six items, both 登记表 named.
ARCHIVE_ITEMS_2026 = [
    ("volunteer_form", _("Application form for membership (入党志愿书)")),
    ("application", _("Application letter (入党申请书)")),
    ("activist_register", _("Activist cultivation and inspection register")),
    ("political_review", _("Political review materials")),
    ("probation_register", _("Probationary member education and inspection register")),
    ("conversion_application", _("Application for full membership (转正申请书)")),
]
# 2014 §37: 入党志愿书、入党申请书、政治审查材料、转正申请书和培养教育考察材料 (five items).
ARCHIVE_ITEMS_2014 = [
    ("volunteer_form", _("Application form for membership (入党志愿书)")),
    ("application", _("Application letter (入党申请书)")),
    ("political_review", _("Political review materials")),
    ("conversion_application", _("Application for full membership (转正申请书)")),
    ("cultivation_materials", _("Cultivation, education and inspection materials (培养教育考察材料)")),
]
# Every item either version names: the choices of the archive form and the labels of stored lists.
ARCHIVE_ITEMS = ARCHIVE_ITEMS_2026 + [item for item in ARCHIVE_ITEMS_2014
                                      if item[0] not in {k for k, _label in ARCHIVE_ITEMS_2026}]
