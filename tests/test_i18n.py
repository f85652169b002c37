"""The zh-Hans catalogue: complete, compiled, covering every marked string, and really used.

Chinese is the default language (ARCHITECTURE §8): a missing or fuzzy entry shows English to a
branch secretary, and a stale .mo (the lead commits both files, so runtime needs no gettext) shows
last week's wording. The seed manual's key words are pinned here so a later edit cannot drift.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from partydev.cases.models import Filing
from partydev.demo.load import build_cases
from partydev.demo.world import build_accounts, build_rosters, build_tree
from partydev.process.deadlines import KINDS
from partydev.process.enums import STAGE_ORDER, Stage
from partydev.process.steps import STAGE_NAMES, STEPS
from partydev.registration.models import RegistrationCode

BASE = Path(settings.BASE_DIR)
PO_PATH = BASE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# What makemessages must not scan (the same list as in docs/glossary.md).
IGNORE = [".venv", "static", "tests", "test-artifacts"]

# %(name)s / %(n)d placeholders (blocktranslate variables end up in this form too) and HTML tags.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|<[^>]+>")
# Three or more English words in a row: a source string that reached the page untranslated.
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}\b")

# The words of the seed manual and of process-reference.md that the UI must use exactly.
KEY_TERMS = {
    "Applicant": "入党申请人",
    "Applicants": "申请人管理",
    "Activists": "积极分子管理",
    "Activist": "入党积极分子",
    "Development target": "发展对象",
    "Probationary member": "预备党员",
    "Full member": "正式党员",
    "New users": "新发展用户",
    "Registration QR code for new members": "新发展人员注册二维码",
    "Application letter": "入党申请书",
    "Approve": "审批通过",
    "Return": "退回",
    "Talk record": "谈话记录",
    "Enter talk record": "录入谈话记录",
    "View": "查看",
    "Edit": "编辑",
    "Delete": "删除",
    "Save": "保存",
    "Recommendation record": "推荐推优情况记录",
    "Record recommendation": "推荐推优情况记录",
    "Branch committee resolution": "支委会决议",
    "Record resolution": "支委会决议",
    "Determine as activist and file": "确定积极分子并备案",
    "Problems with the current filing": "当前备案存在问题",
    "Confirm": "确定",
    "Return for re-filing": "退回重新备案",
    "Whole-process record": "全程纪实",
    "Party committee": "党委",
    "General Party branch": "党总支",
    "Party branch": "党支部",
    "Party group": "党小组",
    "Branch administrator": "党支部管理员",
    "Committee administrator": "党委管理员",
    "Auditor": "审计员",
    "Recommended by party members": "党员推荐",
    "Recommended by a mass organisation": "群团组织推优",
    "Passed": "通过",
    "Not passed": "未通过",
    "Filing inbox": "备案审核",
    "Audit log": "审计日志",
    "Home": "首页",
    "Whole-process records of party member development": "发展党员全程纪实",
    "Party membership development records": "发展党员全程纪实系统",
    "Cultivation contacts": "培养联系人",
}

# process-reference.md §2, in order.
STAGES_ZH = ["申请入党", "入党积极分子的确定和培养教育", "发展对象的确定和考察", "预备党员的接收",
             "预备党员的教育考察和转正"]
STEPS_ZH = [
    "递交入党申请书", "党组织派人谈话", "推荐和确定入党积极分子", "上级党委备案", "指定培养联系人",
    "培养教育考察", "确定发展对象", "报上级党委备案", "确定入党介绍人", "进行政治审查", "开展集中培训",
    "支部委员会审查", "上级党委预审", "填写入党志愿书", "支部大会讨论", "上级党委派人谈话", "上级党委审批",
    "再上一级党委组织部门备案", "编入党支部和党小组", "入党宣誓", "继续教育考察", "提出转正申请",
    "支部大会讨论", "上级党委审批", "材料归档",
]


def _problems(po: polib.POFile) -> list[str]:
    """Every entry that would not show proper Chinese: untranslated, fuzzy, or placeholders changed."""
    found = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    found += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    for e in po.translated_entries():
        wanted = sorted(PLACEHOLDER.findall(e.msgid))
        for text in (e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]):
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                found.append(f"placeholders differ: {e.msgid!r} -> {text!r}")
    return found


def _key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _value(entry):
    return tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr


# --- the catalogue file ------------------------------------------------------------------------------

def test_catalogue_has_no_untranslated_fuzzy_or_broken_entries():
    po = polib.pofile(str(PO_PATH))
    assert len(po) > 300  # the real catalogue, not an empty stub
    assert not po.metadata_is_fuzzy, "the header is marked fuzzy: msgfmt would drop the charset"
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    assert not po.obsolete_entries(), "run makemessages with --no-obsolete"
    assert _problems(po) == []


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(PO_PATH))
    mo = polib.mofile(str(MO_PATH))
    expected = {_key(e): _value(e) for e in po.translated_entries()}
    compiled = {_key(e): _value(e) for e in mo if e.msgid}
    missing = sorted(k[1] for k in expected.keys() - compiled.keys())
    extra = sorted(k[1] for k in compiled.keys() - expected.keys())
    changed = sorted(k[1] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert (missing, extra, changed) == ([], [], []), "run: manage.py compilemessages -l zh_Hans --ignore=.venv"


@pytest.mark.skipif(not all(shutil.which(t) for t in ("xgettext", "msgmerge", "msgfmt")),
                    reason="GNU gettext (xgettext, msgmerge, msgfmt) is not installed")
def test_every_string_marked_in_the_code_is_translated(tmp_path):
    """Regenerate the catalogue from a copy of the code and check it is still complete, so a newly
    marked string without a translation fails here instead of showing English in production."""
    for name in ("config", "partydev", "bench", "templates", "locale"):
        shutil.copytree(BASE / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BASE / "manage.py", tmp_path)
    env = {**os.environ, "DJANGO_ENV": "test", "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run(  # noqa: S603 (fixed argv)
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete",
         *(f"--ignore={p}" for p in IGNORE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr

    regenerated = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    check = subprocess.run([shutil.which("msgfmt"), "--check", "-o", os.devnull, str(regenerated)],  # noqa: S603
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    po = polib.pofile(str(regenerated))
    assert po.find("Applicants") is not None  # the copy really was scanned
    assert _problems(po) == [], "run makemessages (see docs/glossary.md) and translate the new entries"


# --- the words ------------------------------------------------------------------------------------

def test_seed_terms_are_used_exactly():
    with translation.override("zh-hans"):
        got = {en: translation.gettext(en) for en in KEY_TERMS}
    assert got == KEY_TERMS


def test_stage_and_step_names_follow_the_process_reference():
    with translation.override("zh-hans"):
        stages = [str(STAGE_NAMES[s]) for s in STAGE_ORDER]  # the five phases of the chart
        steps = [str(step.name) for step in STEPS]
    assert stages == STAGES_ZH
    # Steps 4 and 8 (上级党委备案 / 报上级党委备案) need different source strings or contexts.
    assert steps == STEPS_ZH


def test_lazy_labels_follow_the_language_of_each_request():
    """Labels built once at import time must still translate per request (a label formatted at
    import is frozen in whatever language was active then)."""
    for code, kind in KINDS.items():
        with translation.override("en"):
            english = str(kind.label)
        with translation.override("zh-hans"):
            chinese = str(kind.label)
        assert english != chinese, f"deadline kind {code!r} does not follow the language: {english!r}"


# --- rendered pages ---------------------------------------------------------------------------------

@pytest.fixture
def demo(db, settings):
    """The demo organisations, rosters and accounts (users by name), with Chinese as the default."""
    settings.LANGUAGE_CODE = "zh-hans"
    orgs = build_tree()
    build_rosters(orgs)
    return SimpleNamespace(orgs=orgs, users=build_accounts(orgs))


@pytest.fixture
def demo_cases(demo):
    """Plus the demo applicants and activists at every point of the process built so far."""
    build_cases(demo.orgs, demo.users)
    return demo


def test_login_page_is_chinese(client, demo):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page and "发展党员全程纪实系统" in page
    assert "Log in" not in page


def test_pc_menu_is_chinese_for_a_branch_admin(client, demo):
    client.force_login(demo.users["branch1"])
    page = client.get(reverse("pc:applicant_list")).content.decode()
    for word in ("申请人管理", "积极分子管理", "新发展用户", "发展党员全程纪实", "党支部管理员（第一党支部）"):
        assert word in page
    assert "Applicants" not in page


def test_filing_inbox_is_chinese_for_the_committee(client, demo):
    client.force_login(demo.users["committee"])
    page = client.get(reverse("pc:filing_inbox")).content.decode()
    assert "备案审核" in page and "党委管理员（示范党委）" in page


def test_form_errors_are_chinese(client, demo):
    # Django's own messages come from Django's catalogue, ours from locale/.
    client.force_login(demo.users["branch1"])
    page = client.post(reverse("pc:applicant_new"), {"p-id_number": "110105194912310021"}).content.decode()
    assert "这个字段是必填项。" in page
    assert "身份证号校验位不正确" in page


def test_english_is_complete_when_asked_for(client, demo, english):
    assert "Log in" in client.get(reverse("login")).content.decode()
    client.force_login(demo.users["branch1"])
    page = client.get(reverse("pc:applicant_list")).content.decode()
    assert "Applicants" in page and "申请人管理" not in page
    with translation.override("en"):
        assert str(Stage.ACTIVIST.label) == "Activist"


class _VisibleText(HTMLParser):
    """Text a user reads (text nodes and a few attributes), plus the links to follow."""

    ATTRS = {"placeholder", "title", "aria-label", "alt", "data-confirm", "data-copied", "data-expired-text"}

    def __init__(self):
        super().__init__()
        self.parts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        for name, value in attrs:
            if name in self.ATTRS and value:
                self.parts.append(value)
            if tag == "a" and name == "href" and value and value.startswith("/"):
                self.links.append(value.split("#")[0])

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


SKIP_LINKS = ("/accounts/logout", "/admin/", "/attachments/", ".png")


def _crawl(client, start: list[str], limit: int = 200) -> tuple[int, dict[str, list[str]]]:
    """Follow every same-site link from `start`; return how many pages were read and the English
    phrases left on each."""
    seen, queue, leftovers, read = set(), list(start), {}, 0
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or any(s in url for s in SKIP_LINKS):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read += 1
        parser = _VisibleText()
        parser.feed(response.content.decode())
        queue += parser.links
        phrases = [p for part in parser.parts for p in ENGLISH_PHRASE.findall(part)]
        if phrases:
            leftovers[url] = phrases
    return read, leftovers


@pytest.mark.parametrize("username", ["branch1", "branch2", "committee", "auditor", "security", "applicant1"])
def test_no_english_left_on_any_page_a_role_can_reach(client, demo_cases, username):
    client.force_login(get_user_model().objects.get(username=username))
    read, leftovers = _crawl(client, ["/pc/", "/m/"])
    assert read >= 2  # the role's home and at least one page linked from it
    assert leftovers == {}


def test_no_english_left_on_the_registration_pages(client, demo_cases):
    code = RegistrationCode.objects.get()
    register = reverse("mobile:register", args=[code.token])
    assert _crawl(client, [register, reverse("login")]) == (2, {})
    parser = _VisibleText()  # and with every field's error message shown
    parser.feed(client.post(register, {}).content.decode())
    assert [p for part in parser.parts for p in ENGLISH_PHRASE.findall(part)] == []


# --- found while reading the Chinese pages --------------------------------------------------------

def test_committee_is_not_told_that_the_filing_it_is_reading_blocks_itself(client, demo_cases):
    """filing_detail lists problems(FILE_ACTIVIST) for a pending filing, and that check counts the
    pending filing itself, so every pending filing shows a blocking 已有备案正在等待党委审核."""
    filing = Filing.objects.get(status="pending")
    client.force_login(demo_cases.users["committee"])
    page = client.get(reverse("pc:filing_detail", args=[filing.pk])).content.decode()
    assert "王浩然" in page
    assert "已有备案正在等待党委审核" not in page
