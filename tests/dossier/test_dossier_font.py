"""The dossier PDF prints Chinese with the font the project ships (static/fonts/noto-sans-cjk-sc/),
whatever fonts the system has (issue 11: `make run` alone on a machine without any CJK font).

The PDF is rendered in a subprocess whose fontconfig sees no font at all (FONTCONFIG_FILE names a
fonts.conf without font directories; fontconfig reads it once per process, so this process, which
has loaded the system fonts already, cannot be used). A control document with a character the system
fonts would have (one outside the subset) shows that the restriction holds: it prints as a box.
(With no font at all, as before the font was shipped, Pango cannot even lay the page out: the
subprocess dies with SIGSEGV.)
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from fontTools.ttLib import TTFont

from partydev.pc.views import dossier as dossier_view

# The rendering fixture reads the dossier world; the marker makes pytest-django create the test
# database even when this module runs alone (without it, django_db_setup would create none).
pytestmark = pytest.mark.django_db

PDFFONTS, PDFTOTEXT = shutil.which("pdffonts"), shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    PDFFONTS is None or PDFTOTEXT is None,
    reason="pdffonts/pdftotext (poppler-utils) are not installed: scripts/install-test-deps.sh adds them")

ROOT = Path(settings.BASE_DIR)
FONT_DIR = ROOT / "static" / "fonts" / "noto-sans-cjk-sc"
SHIPPED = [FONT_DIR / f"NotoSansCJKsc-{weight}-subset.woff2" for weight in ("Regular", "Bold")]
NOTDEF = ".notdef glyph rendered"

# Hanzi that full CJK fonts have and the subset does not (the control).
OUTSIDE = "龘靐"

# Runs in the subprocess: render the dossier's HTML with the view's own _pdf(), and a control
# document with characters outside the subset; report what WeasyPrint logged for each.
RENDER = """
import json, logging, sys
import django
django.setup()
from partydev.pc.views.dossier import _pdf

class Collect(logging.Handler):
    messages = []
    def emit(self, record):
        self.messages.append(record.getMessage())

logging.getLogger("weasyprint").addHandler(Collect())
with open(sys.argv[1], encoding="utf-8") as f:
    html = f.read()
with open(sys.argv[2], "wb") as f:
    f.write(_pdf(html))
dossier = list(Collect.messages)
Collect.messages.clear()
_pdf(f"<p>{sys.argv[3]}</p>")
print(json.dumps({"dossier": dossier, "control": list(Collect.messages)}))
"""


def no_fonts_env(tmp: Path) -> dict:
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig><cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FONTCONFIG")}
    env.update(FONTCONFIG_FILE=str(conf), DJANGO_ENV="test", DJANGO_SETTINGS_MODULE="config.settings",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    return env


@pytest.fixture(scope="module")
def rendered(_module_world, django_db_blocker, tmp_path_factory):
    """The full member's dossier as the view renders it, turned into a PDF with no system fonts."""
    tmp = tmp_path_factory.mktemp("no-fonts")
    pages = []
    with mock.patch.object(dossier_view, "_pdf", side_effect=lambda html: pages.append(html) or b"%PDF"), \
            django_db_blocker.unblock():
        client = Client()
        client.force_login(_module_world.branch_admin)
        assert client.get(reverse("pc:dossier_pdf", args=[_module_world.full.public_id])).status_code == 200
    (tmp / "dossier.html").write_text(pages[0], encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RENDER, str(tmp / "dossier.html"), str(tmp / "dossier.pdf"), OUTSIDE],
        env=no_fonts_env(tmp), cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"rendering failed (exit status {result.returncode}): {result.stderr[-2000:]}"
    logged = json.loads(result.stdout.strip().splitlines()[-1])
    return {"pdf": tmp / "dossier.pdf", "logged": logged, "name": _module_world.full.name}


def test_the_system_fonts_are_out_of_reach(rendered):
    """The control: characters outside the subset, which any system CJK font has, print as boxes."""
    for path in SHIPPED:
        assert not set(map(ord, OUTSIDE)) & set(TTFont(path)["cmap"].getBestCmap()), path.name
    boxes = [message for message in rendered["logged"]["control"] if NOTDEF in message]
    assert all(any(c in box for box in boxes) for c in OUTSIDE), rendered["logged"]["control"]


def test_every_character_of_the_dossier_has_a_glyph(rendered):
    missing = [message for message in rendered["logged"]["dossier"] if NOTDEF in message]
    assert missing == [], missing[:10]


@needs_poppler
def test_the_pdf_embeds_the_shipped_font_and_only_it(rendered):
    listing = subprocess.run([PDFFONTS, str(rendered["pdf"])], capture_output=True, text=True,  # noqa: S603
                             check=True).stdout.splitlines()[2:]
    fonts = {line.split()[0]: line.split()[-5] for line in listing}  # name: emb (yes/no)
    assert fonts, "the PDF embeds no font"
    names = {re.sub(r"^[A-Z]{6}\+", "", name) for name in fonts}
    assert names <= {"Dossier-CJK", "Dossier-CJK-Bold"}, names
    assert "Dossier-CJK" in names and "Dossier-CJK-Bold" in names
    assert set(fonts.values()) == {"yes"}


@needs_poppler
def test_the_shipped_font_has_every_character_of_the_text(rendered):
    text = subprocess.run([PDFTOTEXT, "-layout", str(rendered["pdf"]), "-"], capture_output=True,  # noqa: S603
                          text=True, check=True).stdout
    for expected in (rendered["name"], "发展党员全程纪实", "递交入党申请书", "政治审查合格，无不良记录。"):
        assert expected in text.replace(" ", ""), expected
    for path in SHIPPED:
        cmap = TTFont(path)["cmap"].getBestCmap()
        lacking = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
        assert lacking == [], f"{path.name} lacks {''.join(lacking)}"


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def test_the_shipped_font_covers_the_templates_and_the_catalogue():
    """Every hanzi and CJK punctuation mark of the templates and zh_Hans messages is in the subset.
    If this fails, rebuild it: .venv/bin/python scripts/build-cjk-font.py (docs/setup.md)."""
    used = set()
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("locale/**/*.po")]:
        used |= set(CJK.findall(path.read_text(encoding="utf-8")))
    for path in SHIPPED:
        cmap = TTFont(path)["cmap"].getBestCmap()
        lacking = sorted(c for c in used if ord(c) not in cmap)
        assert lacking == [], f"{path.name} lacks {''.join(lacking)}: run scripts/build-cjk-font.py"


def test_weasyprint_reads_the_shipped_fonts_and_nothing_else():
    assert dossier_view._shipped_font_path(SHIPPED[0].as_uri()) == SHIPPED[0]
    for url in ("file:///etc/passwd", (FONT_DIR / ".." / ".." / "css" / "dossier.css").as_uri(),
                (FONT_DIR / "OFL.txt").as_uri(), "http://example.invalid/a.woff2"):
        assert dossier_view._shipped_font_path(url) is None, url
    # A refused resource leaves a blank, it does not stop the PDF.
    pdf = dossier_view._pdf('<p>中文<img src="file:///etc/passwd"><img src="http://example.invalid/a.png"></p>')
    assert pdf.startswith(b"%PDF")
