"""The columns of the sheet 发展党员 and the order of its steps. Where the 台账 (cases/selectors/ledger.py)
has the fact, the column has the 台账's header (same msgid), so an exported 台账 reads back."""

from django.utils.translation import gettext_lazy as _l

from partydev.common.ethnicities import ETHNICITIES
from partydev.process.enums import Education, Gender, LetterStatus

from .sheets import Column


def _genders(ctx):
    return [str(label) for _v, label in Gender.choices]


def _educations(ctx):
    return [str(label) for _v, label in Education.choices]


def _ethnicities(ctx):
    return list(ETHNICITIES)


def _branches(ctx):
    return [ctx.branch_label(b) for b in ctx.branches_in_scope]


def _letter_states(ctx):
    return [str(LetterStatus.SUBMITTED.label), str(LetterStatus.RETURNED.label)]


def _date(key, label, note=None):
    return Column(key, label, kind="date", width=13, note=note)


PERSON = (
    Column("name", _l("Name"), required=True, width=10),
    Column("id_number", _l("ID card number"), required=True, width=21,
           note=_l("18 characters; the check character is verified; the person is matched by it on re-import.")),
    Column("gender", _l("Gender"), kind="choice", choices=_genders, width=7,
           note=_l("Optional: read from the ID number; when given it must agree with it.")),
    Column("ethnicity", _l("Ethnicity"), kind="choice", required=True, choices=_ethnicities, width=10),
    Column("birth_date", _l("Date of birth"), kind="date", width=12,
           note=_l("Optional: read from the ID number; when given it must agree with it.")),
    Column("phone", _l("Mobile phone"), required=True, width=14),
    Column("education", _l("Education"), kind="choice", required=True, choices=_educations, width=12),
    Column("work_unit", _l("Work or study unit"), required=True, width=20),
    Column("branch", _l("Branch"), kind="choice", required=True, choices=_branches, width=26,
           note=_l("The branch's name, or its path from the committee (示范党委/第一党支部) when names repeat; "
                   "only branches you administer.")),
)

STAGE_ONE_TWO = (
    Column("received", _l("Application received"), kind="date", required=True, width=13,
           note=_l("Dates: 2024-03-01, 2024/3/1, 2024年3月1日 or an Excel date.")),
    _date("talk", _l("Talk")),
    _date("activist_since", _l("Activist since"),
          note=_l("The day the Party committee accepted the filing; the recommendation, the branch committee "
                  "resolution, the filing and the contacts are entered on this day too, unless the optional "
                  "columns at the end give their own dates.")),
    Column("contacts", _l("Cultivation contacts"), width=16,
           note=_l("One or two full members of the branch's roster, separated by 、; a member of another branch "
                   "of the Party committee with the branch's name: 第一党支部/王建国")),
)

STAGE_THREE = (
    _date("target_meeting", _l("Branch committee on the target"),
          note=_l("Optional: the opinions of the Party group, members and masses and the contact, and the branch "
                  "committee's resolution; the filing is sent on this day. Empty: the committee's date.")),
    _date("target_agreed", _l("Target filing accepted"),
          note=_l("The day the Party committee accepted the filing (2014 rules: the person is a target from this "
                  "day) or agreed (2026 rules: then the public notice). Empty: the target date.")),
    _date("notice_start", _l("Public notice from"), note=_l("2026 rules: at least 5 working days.")),
    _date("notice_end", _l("Public notice until")),
    _date("target_since", _l("Development target since")),
    Column("introducers", _l("Introducers"), width=16,
           note=_l("Two full members of the branch's roster, separated by 、")),
    _date("introducers_on", _l("Introducers determined"), note=_l("Empty: the target date.")),
    _date("review", _l("Political review date"), note=_l("The review is entered as passed (合格).")),
    _date("training_start", _l("Training starts")),
    _date("training_end", _l("Training ends")),
    Column("training_hours", _l("Training hours"), width=10, note=_l("Class hours, needed with the training.")),
)

STAGE_FOUR = (
    _date("examination", _l("Branch committee examination date"),
          note=_l("The branch committee's resolution; the pre-review request is sent on this day.")),
    _date("pre_review", _l("Pre-review passed")),
    _date("volunteer", _l("Application form filled in")),
    Column("volunteer_serial", _l("Application form number"), width=16,
           note=_l("The form's serial number, unique. Empty: “未记载” and the person's number.")),
    _date("admission_meeting", _l("Admission meeting"),
          note=_l("Entered with the roster's full members present, all voting for (the 台账 has no count).")),
    _date("committee_talk", _l("Committee talk date"),
          note=_l("The approval request is sent on this day.")),
    _date("approval", _l("Admission approved"),
          note=_l("The Party committee's meeting is entered on this day (the 台账 has no vote count).")),
    _date("probation_start", _l("Probation starts"), note=_l("Optional: checked against the approval.")),
    _date("probation_end", _l("Probation ends"), note=_l("Optional: checked against the approval.")),
)

STAGE_FIVE = (
    _date("placement", _l("Placed in a Party group")),
    Column("group", _l("Party group"), width=14,
           note=_l("A Party group of the branch; may be empty when the branch has only one.")),
    _date("oath", _l("Admission oath")),
    _date("conversion_applied", _l("Conversion applied")),
    _date("conversion_meeting", _l("Conversion meeting"), note=_l("Conversion on time (按期转正).")),
    _date("conversion_approval", _l("Conversion approved")),
    _date("full_member_since", _l("Full member since"), note=_l("Optional: checked against the conversion.")),
    _date("archived", _l("Materials archived"),
          note=_l("Entered with every material the rules in force on that day list.")),
)

# Optional columns at the end (the 台账 has none of them): what a file holds beyond the 台账, so a
# person exported from a site reads back with the same 全程纪实 (issue 12's round trip). Empty: the
# default each note gives, which is what the sheet did before these columns.
EXTRA = (
    Column("letter_status", _l("Application letter status"), kind="choice", choices=_letter_states, width=10,
           note=_l("Optional: empty when the branch approved the letter; 待审批 (waiting for the branch's approval) "
                   "or 已退回 (returned to the applicant, with the reason). Then no later step may be given.")),
    Column("return_reason", _l("Reason for returning"), width=20,
           note=_l("Needed when the letter was returned (已退回), and only then.")),
    _date("recommended", _l("Recommendation date"),
          note=_l("Optional: the recommendation (推荐推优). Empty: the branch committee's date.")),
    _date("activist_resolution", _l("Branch committee on the activist"),
          note=_l("Optional: the branch committee's resolution determining the activist. Empty: the date the "
                  "filing was sent.")),
    _date("activist_filed", _l("Activist filing sent"),
          note=_l("Optional: the day the filing was sent to the Party committee. Empty: the activist date. "
                  "Given without the activist date: the filing waits for the Party committee's decision.")),
    _date("contacts_on", _l("Contacts appointed"),
          note=_l("Optional: the day the cultivation contacts were appointed. Empty: the activist date.")),
    Column("reports", _l("Thought reports"), width=24,
           note=_l("Optional: the days an activist's thought reports were written, separated by 、 "
                   "(2026-03-01、2026-06-01); each is entered as read, its text “导入时原始资料未记载”.")),
    Column("opinions", _l("Cultivation opinions"), width=30,
           note=_l("Optional: 教育培养意见 or 支部考察意见 with its date, separated by 、 (教育培养意见 2026-03-01、"
                   "支部考察意见 2026-09-01). The opinions for the development target are entered with "
                   "“支委会研究发展对象日期”.")),
)
# 思想汇报 and the cultivation opinions (step 6): lists in one cell.
LISTS = ("reports", "opinions")

COLUMNS = PERSON + STAGE_ONE_TWO + STAGE_THREE + STAGE_FOUR + STAGE_FIVE + EXTRA

# Each step's column and the column it follows: the step needs that one, and is not dated before it.
NEEDS = {
    "talk": "received",
    "recommended": "talk",
    "activist_resolution": "recommended",
    "activist_filed": "activist_resolution",
    "activist_since": "activist_filed",
    "contacts_on": "activist_since",
    "target_since": "activist_since",
    "target_meeting": "activist_since",
    "target_agreed": "target_meeting",
    "notice_start": "target_agreed",
    "notice_end": "notice_start",
    "introducers_on": "target_since",
    "review": "target_since",
    "training_start": "activist_since",
    "training_end": "training_start",
    "examination": "target_since",
    "pre_review": "examination",
    "volunteer": "pre_review",
    "admission_meeting": "pre_review",
    "committee_talk": "admission_meeting",
    "approval": "committee_talk",
    "placement": "approval",
    "oath": "approval",
    "conversion_applied": "approval",
    "conversion_meeting": "conversion_applied",
    "conversion_approval": "conversion_meeting",
    "archived": "conversion_approval",
}
# Details of a step, only with its date.
DETAIL_OF = {"contacts": "activist_since", "introducers": "target_since", "training_hours": "training_start",
             "volunteer_serial": "volunteer", "group": "placement", "notice_start": "target_since",
             "target_meeting": "target_since", "target_agreed": "target_since", "probation_start": "approval",
             "probation_end": "approval", "full_member_since": "conversion_approval", "return_reason": "letter_status"}
DATES = tuple(c.key for c in COLUMNS if c.kind == "date")
TEXTS = tuple(c.key for c in COLUMNS if c.kind != "date")  # LISTS too: read as text, then split
# Dates the system derives (the 台账 shows them): checked against what the steps give.
DERIVED = ("probation_start", "probation_end", "full_member_since")


def label(key) -> str:
    return str(next(c.label for c in COLUMNS if c.key == key))
