"""What the site shows about a person leaves at least 10,000 candidate 身份证号 (issue 10 finding 3).

For every person of the demo, everything the system hands out about them is collected: the person
page and its timeline, the list pages' rows, the 台账 (Excel, read with openpyxl), the dossier PDF (its text, read with
pdftotext, for one applicant and one full member: WeasyPrint takes seconds per file) and the applicant's own
phone pages. From that text the test takes what narrows the number down: every masked ID shown
(its visible characters), and the finest form of the date of birth anywhere in it (the full date,
the year and month, or only the year, which the test always takes as known). It then counts, by
enumeration with the check character of partydev/common/idcard.py, the valid numbers consistent with
all of it, assuming the worst: the attacker also knows the person's gender (shown on every page) and
the whole 6-digit region code (a branch's people often come from one district; the demo's all do).

Before the fix the person page showed ``110***********1423`` beside the full date of birth: 500
candidates before the check character, 1–3 after the last four digits. Now 14,000–15,500.
"""

import calendar
import re
from datetime import date, datetime
from html import unescape
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partydev.cases.models import Case
from partydev.cases.selectors import cases_visible_to
from partydev.common.idcard import check_character, make_id_number
from partydev.process.enums import Stage
from tests.dossier.test_dossier_pdf import PDFTOTEXT, text_of

MINIMUM = 10_000
MASKED_ID = re.compile(r"(?<![0-9X*])[0-9X*]{18}(?![0-9X*])")
ADMINS = ("branch1", "branch2", "other", "committee")
LIST_PAGES = ["pc:applicant_list", "pc:activist_list", "pc:target_list", "pc:probationary_list", "pc:full_list"]
PERSON_PAGES = ["pc:case_detail", "pc:timeline"]
PDF_STAGES = {Stage.APPLICANT, Stage.FULL}  # one template for all; WeasyPrint takes seconds per file


def count_candidates(*, region: str, gender: str, birth_days, masks) -> int:
    """Valid 18-character numbers with this region and gender, born on one of `birth_days`, that
    agree with every visible character of every mask."""
    shown = [{i: ch for i, ch in enumerate(mask) if ch != "*"} for mask in masks]
    parities = "13579" if gender == "M" else "02468"
    count = 0
    for day in birth_days:
        head = f"{region}{day:%Y%m%d}"
        for seq in range(100):
            for g in parities:
                first17 = f"{head}{seq:02d}{g}"
                number = first17 + check_character(first17)
                if all(number[i] == ch for s in shown for i, ch in s.items()):
                    count += 1
    return count


def days_shown(text: str, birth: date) -> list[date]:
    """The birth dates someone reading `text` cannot tell apart, given the finest form shown."""
    full = [f"{birth:%Y-%m-%d}", f"{birth:%Y%m%d}", f"{birth:%Y/%m/%d}", f"{birth:%Y.%m.%d}",
            f"{birth.year}年{birth.month}月{birth.day}日", f"{birth:%Y年%m月%d日}"]
    if any(form in text for form in full):
        return [birth]
    month = [f"{birth:%Y-%m}", f"{birth:%Y/%m}", f"{birth:%Y.%m}", f"{birth.year}年{birth.month}月",
             f"{birth:%Y年%m月}", f"{birth:%Y%m}"]
    if any(form in text for form in month):
        return [birth.replace(day=d) for d in range(1, calendar.monthrange(birth.year, birth.month)[1] + 1)]
    start = date(birth.year, 1, 1)
    return [date.fromordinal(start.toordinal() + i) for i in range(366 if calendar.isleap(birth.year) else 365)]


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def rows_naming(page: str, name: str) -> str:
    return "\n".join(row for row in re.split(r"<tr[ >]", page) if name in row)


def admin_for(users, case):
    return next(users[u] for u in ADMINS if cases_visible_to(users[u]).filter(pk=case.pk).exists())


def ledger_rows(client, user) -> dict[str, str]:
    client.force_login(user)
    response = client.get(reverse("pc:ledger_xlsx"))
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = {}
    for row in ws.iter_rows(values_only=True):
        cells = [v.date().isoformat() if isinstance(v, datetime) else str(v) for v in row if v is not None]
        if len(cells) > 1:
            rows[cells[1]] = " ".join(cells)
    return rows


@pytest.fixture
def shown(demo_world):
    """{case: everything shown about that person, as one text}."""
    users = {u.username: u for u in get_user_model().objects.all()}
    client = Client()
    cases = list(Case.objects.select_related("branch", "user").order_by("pk"))
    assert len(cases) >= 10
    texts = {case.pk: [] for case in cases}
    lists = {}
    for username in ADMINS:
        client.force_login(users[username])
        lists[username] = "\n".join(html(client, reverse(name)) for name in LIST_PAGES)
        for name, row in ledger_rows(client, users[username]).items():
            for case in cases:
                if case.name == name:
                    texts[case.pk].append(row)
    pdf_stages = set()
    for case in cases:
        admin = admin_for(users, case)
        client.force_login(admin)
        texts[case.pk].extend(html(client, reverse(name, args=[case.public_id])) for name in PERSON_PAGES)
        texts[case.pk].extend(rows_naming(page, case.name) for page in lists.values())
        if PDFTOTEXT and case.stage in PDF_STAGES and case.stage not in pdf_stages:
            pdf_stages.add(case.stage)
            response = client.get(reverse("pc:dossier_pdf", args=[case.public_id]))
            assert response.status_code == 200
            texts[case.pk].append(text_of(response.content))
        if case.user_id:
            client.force_login(case.user)
            home = html(client, reverse("mobile:home"))
            texts[case.pk].append(home)
            for link in re.findall(r'href="(/m/(?:letters|reports)/\d+/)"', home):
                texts[case.pk].append(html(client, link))
    return {case: "\n".join(texts[case.pk]) for case in cases}


def test_what_is_shown_about_a_person_leaves_at_least_10000_candidate_id_numbers(shown):
    counts = {}
    for case, text in shown.items():
        masks = [m for m in MASKED_ID.findall(text) if "*" in m]
        assert masks, f"nothing shows {case.name}'s masked ID number: the count would mean nothing"
        days = days_shown(text, case.birth_date)
        count = count_candidates(region=case.id_number[:6], gender=case.gender, birth_days=days, masks=masks)
        assert count >= 1  # the true number is one of them
        counts[case.name] = count
    assert {Stage.APPLICANT, Stage.ACTIVIST, Stage.FULL} <= {case.stage for case in shown}
    assert any(case.user_id for case in shown), "no applicant with phone pages in the demo"
    worst = min(counts, key=counts.get)
    assert counts[worst] >= MINIMUM, f"{worst}: only {counts[worst]} candidate ID numbers"


def test_the_count_falls_for_the_old_mask_beside_the_full_birth_date():
    # The counting must be able to fail: what the person page showed before leaves a handful.
    number = make_id_number("110108", date(2005, 3, 14), 23, "M")
    old_mask = number[:3] + "*" * 11 + number[-4:]
    days = days_shown(f"出生日期 2005-03-14 身份证号 {old_mask}", date(2005, 3, 14))
    assert days == [date(2005, 3, 14)]
    assert 1 <= count_candidates(region="110108", gender="M", birth_days=days, masks=[old_mask]) <= 3
    assert len(days_shown("出生年月 2005-03", date(2005, 3, 14))) == 31
    assert len(days_shown("", date(2004, 3, 14))) == 366
