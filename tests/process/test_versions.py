"""Rule versions and article labels: which 细则 applies on a day, and how an article is cited."""

from datetime import date

import pytest
from django.utils import translation

from partydev.process.versions import (
    ARTICLES,
    V2014,
    V2026,
    article_label,
    article_number,
    article_ref,
    chinese_number,
    version_on,
)

# Written out by hand (not computed), as they appear in the 细则's article headings.
CHINESE_1_TO_44 = (
    "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
    "二十一 二十二 二十三 二十四 二十五 二十六 二十七 二十八 二十九 三十 "
    "三十一 三十二 三十三 三十四 三十五 三十六 三十七 三十八 三十九 四十 四十一 四十二 四十三 四十四"
).split()


@pytest.mark.parametrize("n", range(1, 45))
def test_chinese_number(n):
    assert chinese_number(n) == CHINESE_1_TO_44[n - 1]


@pytest.mark.parametrize("day, code", [
    (date(2014, 5, 28), "2014"),
    (date(2020, 1, 1), "2014"),
    (date(2026, 5, 10), "2014"),
    (date(2026, 5, 11), "2026"),
    (date(2030, 1, 1), "2026"),
])
def test_version_on(day, code):
    assert version_on(day).code == code


def test_before_2014_falls_back_to_the_oldest_version():
    assert version_on(date(2010, 1, 1)) is V2014


@pytest.mark.parametrize("rule, version, zh, en", [
    ("talk_within_month", V2026, "第七条", "Art. 7"),
    ("talk_within_month", V2014, "第七条", "Art. 7"),
    ("pre_review", V2014, "第十九条", "Art. 19"),
    ("pre_review", V2026, "第十八条", "Art. 18"),
    ("archive", V2026, "第三十六条", "Art. 36"),
    ("age", V2026, "第五条", "Art. 5"),
])
def test_article_label(rule, version, zh, en):
    with translation.override("zh-hans"):
        assert article_label(rule, version) == zh
    with translation.override("en"):
        assert article_label(rule, version) == en


def test_article_ref():
    with translation.override("zh-hans"):
        assert article_ref("talk_within_month", V2026) == "2026年细则第七条"
        assert article_ref("approval_time", V2014) == "2014年细则第二十六条"
    with translation.override("en"):
        assert article_ref("talk_within_month", V2026) == "2026 Rules, Art. 7"


def test_every_rule_has_an_article_in_both_versions():
    for rule, by_version in ARTICLES.items():
        assert set(by_version) == {"2014", "2026"}, rule
        for version in (V2014, V2026):
            assert 1 <= article_number(rule, version) <= 44, rule
