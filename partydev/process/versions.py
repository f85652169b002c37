"""Rule versions of 《中国共产党发展党员工作细则》 and the article behind each rule.

Each step is judged by the version in force on the date of that step (counting rule C7): the 2026
text applies from 2026-05-11, so an old case meets the new rules at its next step.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RuleVersion:
    code: str
    effective_from: date
    label: str


V2014 = RuleVersion("2014", date(2014, 5, 28), _("2014 Detailed Rules"))
V2026 = RuleVersion("2026", date(2026, 5, 11), _("2026 Detailed Rules"))
VERSIONS = (V2026, V2014)  # newest first


def version_on(day: date) -> RuleVersion:
    for version in VERSIONS:
        if day >= version.effective_from:
            return version
    return V2014


def version_by_code(code: str) -> RuleVersion:
    return next(v for v in VERSIONS if v.code == code)


# The article of each rule in each version (process-reference.md). One table, used by every check
# and deadline, so a corrected article number is corrected everywhere.
ARTICLES: dict[str, dict[str, int]] = {
    "age": {"2014": 5, "2026": 5},
    "where_to_apply": {"2014": 6, "2026": 6},
    "talk_within_month": {"2014": 7, "2026": 7},
    "activist_determination": {"2014": 8, "2026": 8},
    "activist_filing": {"2014": 8, "2026": 8},
    "contacts": {"2014": 9, "2026": 9},
    "half_year_inspection": {"2014": 11, "2026": 11},
    "transfer_continues": {"2014": 12, "2026": 12},
    "target_determination": {"2014": 13, "2026": 13},
    "introducers": {"2014": 14, "2026": 14},
    "political_review": {"2014": 16, "2026": 16},
    "training": {"2014": 17, "2026": 17},
    "pre_review": {"2014": 19, "2026": 18},
    "admission_meeting": {"2014": 20, "2026": 19},  # within one month of 预审 (2026), quorum
    # The meeting's decision: secret ballot, a majority of those entitled, one person at a time.
    "admission_vote": {"2014": 21, "2026": 20},
    "approval": {"2014": 23, "2026": 22},
    "approval_time": {"2014": 26, "2026": 25},
    # The 党委会 approves by collective discussion and a vote, one person at a time.
    "committee_vote": {"2014": 25, "2026": 24},
    "oath": {"2014": 30, "2026": 29},
    # The probationary member's continued education and inspection.
    "probation_education": {"2014": 31, "2026": 30},
    # One year of probation from the admission meeting; at its end the branch discusses the conversion.
    "probation": {"2014": 32, "2026": 31},
    "conversion": {"2014": 33, "2026": 32},
    "extension": {"2014": 32, "2026": 31},
    "conversion_approval": {"2014": 34, "2026": 33},
    "committee_talk": {"2014": 24, "2026": 23},
    "archive": {"2014": 37, "2026": 36},
    "probationer_transfer": {"2014": 35, "2026": 34},
    "transfer_postponement": {"2014": 36, "2026": 35},
}

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals, as article numbers are written (第七条, 第十九条, 第三十六条)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    prefix = "" if tens == 1 else _CN_DIGITS[tens]
    return prefix + "十" + (_CN_DIGITS[ones] if ones else "")


def article_number(rule: str, version: RuleVersion) -> int:
    return ARTICLES[rule][version.code]


def article_label(rule: str, version: RuleVersion) -> str:
    """"第七条" in Chinese, "Art. 7" otherwise."""
    n = article_number(rule, version)
    if (get_language() or "zh-hans").startswith("zh"):
        return f"第{chinese_number(n)}条"
    return f"Art. {n}"


def article_ref(rule: str, version: RuleVersion) -> str:
    """The full citation stored with deadlines and shown beside checks: "2026年细则第七条"."""
    n = article_number(rule, version)
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{version.code}年细则第{chinese_number(n)}条"
    return f"{version.code} Rules, Art. {n}"
