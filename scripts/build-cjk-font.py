#!/usr/bin/env python3
"""Rebuild the CJK font the dossier PDF ships with: static/fonts/noto-sans-cjk-sc/*.woff2.

The printed 全程纪实 (partydev/pc/views/dossier.py, static/css/dossier.css) embeds this font whatever
the system has, so `make run` on a machine without any CJK font still prints Chinese. The full
Noto Sans CJK SC is 16 MB per weight; the dossier needs a few thousand characters, so this keeps:

- GB 2312 (levels 1 and 2: 6,763 hanzi, plus its symbols, full-width forms, kana, Greek, Cyrillic),
- ASCII, Latin-1, general punctuation, CJK symbols and punctuation, half- and full-width forms,
- name characters outside GB 2312 (NAME_CHARS below: given names and surnames seen on ID cards),
- every character of the project's templates, message catalogues and Python sources.

Characters outside the subset still print: dossier.css lists system fonts after the shipped one.

Source: Noto Sans CJK SC Regular and Bold (SIL OFL 1.1), from the Debian package fonts-noto-cjk.
The script uses the installed copy (/usr/share/fonts/opentype/noto/) or, when the package is not
installed, downloads it with `apt-get download` into a temporary directory (no root needed).
Pass --source DIR to use a directory holding NotoSansCJK-Regular.ttc / -Bold.ttc (Debian) or
NotoSansCJKsc-Regular.otf / -Bold.otf (github.com/notofonts/noto-cjk, Sans/OTF/SimplifiedChinese).

    .venv/bin/python scripts/build-cjk-font.py            # about two minutes per weight
    .venv/bin/python scripts/build-cjk-font.py --check    # only list project characters it lacks

The output is reproducible: the same source and character set give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "static" / "fonts" / "noto-sans-cjk-sc"
WEIGHTS = ("Regular", "Bold")
SYSTEM_DIR = Path("/usr/share/fonts/opentype/noto")
FAMILY = "Noto Sans CJK SC"

# Given names and surnames outside GB 2312 that the 通用规范汉字表 (2013) admits and that appear on
# ID cards. GB 2312 (1980) lacks many characters parents choose today.
NAME_CHARS = (
    "喆堃昇珺赟祎玥玙頔犇垚燚淼焱鑫彧翀旻昶晞暐珏珣琇珩瑀瑢璠玹玠祐禛锘铖钖昱暄晗堉嫄婳媞妤姮娴"
    "芃芮苒莛萱蒽蕤锴锟镛沄浛淏滢潆濛瀚琪珂瑄璟瑾瑜婕嫣煜炜烨熠桉楠栎缇姝娅妍骞铧骅钰佺偲俣俶"
    "僖劼勍卲叡喦嫚嬿峣嵘弢忞恂恺愔旸昉晁晟晧曌曜杋杺栩桢棪楷樾毓沣泷洺渼湉溦滟澍濬炅炘烜焜煊"
    "熹燊玟珅珞珮琤琬琮瑒瑭瑷璁璘璞璨瓒甯皓睿砚祜祯筠箐缙罡羿翊翎聿胤芊芷茜荟莘菁菡葳蓁蘅谞谖"
    "贇赜邕郗钊钤铂锃锜镠镡镕閎隽雯霁霈霖靓颀飏馥骁骐鲲鹍麒黉琦彤婧昕晔昀祺琰韬昊琛雎皞暾翚忻"
    "惇乂仝伋佶俍偰啰堇妘姞娌婵媖孳宸岍岘崧嵚巘彦徵恒悰惟慥懋扆斌旼昙晏晙晳暻朏杲枏柘栢桄棨楙"
    "榕檩殷沇沛泠浈涴淳湛溱滉漪澈澜濂焕焘煇熙燏犀玑玭珑珙珪琎琚琨琪瑗瑨瑱璇璋璐璜璩璪瓘甄畇"
    "盈睎矞砺祾禤秾穆竑笙箫篪粲紫綦缃羕翾耘胥芠苡茳荀莜菀萌葭蓥蔺蕊薏蘩虓觐訚诇谌贲赑跹轶迺"
    "郅郯鄞酆釉钫钰铉铠锆锳镔镗闿阗陟隗雱霓霭靘韫頫颙飐餍骊骥鬯鸾鹓鹞黧龑龚仉郄亓逄邗枞覃缪"
    "昝盖禤厍阚阙佘亢钭笪钮甪澹祁苌宓郜谯"
)

# The source and templates: every character a dossier can print from the project itself.
PROJECT_GLOBS = ("templates/**/*.html", "locale/**/*.po", "partydev/**/*.py")

RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation (— – … ‘ ’ “ ” ‰ ※)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
    (0x2460, 0x24FF),  # enclosed numbers (① ②)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。〈〉《》「」【】〔〕)
    (0xFF00, 0xFFEF),  # half- and full-width forms (，：；（）！？)
)

# Layout features worth keeping (shaping happens with this font; WeasyPrint embeds only the glyphs a
# document uses). No locl: its Japanese/Korean/Traditional forms would double the glyph count.
LAYOUT_FEATURES = ["ccmp", "kern", "liga", "calt", "tnum"]


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_chars() -> set[str]:
    chars = set()
    for pattern in PROJECT_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            chars |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E}
    return chars


def wanted_chars() -> set[str]:
    chars = gb2312() | set(NAME_CHARS) | project_chars()
    for first, last in RANGES:
        chars |= {chr(c) for c in range(first, last + 1)}
    return {c for c in chars if c.isprintable() or unicodedata.category(c) == "Zs"}


def apt_download(dest: Path) -> Path:
    """fonts-noto-cjk unpacked into dest (apt-get download needs no root)."""
    subprocess.run(["apt-get", "download", "fonts-noto-cjk"], cwd=dest, check=True)  # noqa: S607
    deb = next(dest.glob("fonts-noto-cjk_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(dest / "root")], check=True)  # noqa: S603, S607
    return dest / "root" / SYSTEM_DIR.relative_to("/")


def load(source: Path, weight: str) -> TTFont:
    otf = source / f"NotoSansCJKsc-{weight}.otf"
    if otf.exists():
        return TTFont(otf, recalcTimestamp=False)
    collection = TTCollection(source / f"NotoSansCJK-{weight}.ttc", recalcTimestamp=False)
    for font in collection.fonts:
        if font["name"].getDebugName(1) == FAMILY:
            return font
    raise SystemExit(f"{FAMILY} is not in {source}/NotoSansCJK-{weight}.ttc")


def build(font: TTFont, chars: set[str]) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.name_IDs = ["*"]  # keep copyright, license and version
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.recalcTimestamp = False
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def check() -> int:
    cmaps = {}
    for weight in WEIGHTS:
        path = OUT_DIR / f"NotoSansCJKsc-{weight}-subset.woff2"
        cmaps[weight] = set(TTFont(path)["cmap"].getBestCmap())
    lacking = sorted(c for c in project_chars() if c.isprintable()
                     and any(ord(c) not in cmap for cmap in cmaps.values()))
    print("characters of the project not in the shipped font:", "".join(lacking) or "none")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="directory with the Noto Sans CJK fonts")
    parser.add_argument("--check", action="store_true", help="only list project characters the font lacks")
    args = parser.parse_args()
    if args.check:
        return check()

    chars = wanted_chars()
    print(f"{len(chars)} characters ({sum(1 for c in chars if 0x4E00 <= ord(c) <= 0x9FFF)} hanzi)")
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source
        if source is None:
            source = SYSTEM_DIR if (SYSTEM_DIR / "NotoSansCJK-Regular.ttc").exists() else apt_download(Path(tmp))
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for weight in WEIGHTS:
            font = load(source, weight)
            version = font["name"].getDebugName(5)
            data = build(font, chars)
            path = OUT_DIR / f"NotoSansCJKsc-{weight}-subset.woff2"
            path.write_bytes(data)
            print(f"{path.relative_to(ROOT)}: {len(data):,} bytes, {font['maxp'].numGlyphs} glyphs, from {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
