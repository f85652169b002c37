"""Add or update Chinese translations: `.venv/bin/python scripts/po-add.py entries.json`.

entries.json maps an English msgid to its Chinese msgstr. The .po file is saved and the .mo file
compiled, so the running site and the tests see the new words at once (tests/test_i18n.py checks
that every marked string has one)."""

import json
import sys

import polib

PO = "locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    po = polib.pofile(PO)
    for msgid, msgstr in entries.items():
        entry = po.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
            po.append(entry)
        else:
            entry.msgstr = msgstr
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        entry.obsolete = False
    po.save(PO)
    po.save_as_mofile(PO[:-2] + "mo")
    print(f"{len(entries)} entries in {PO}")


if __name__ == "__main__":
    main(sys.argv[1])
