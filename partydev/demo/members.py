"""The demo's people of steps 7–25: 郑浩, a full member whose steps fell under the 2014 rules;
吴佳怡, a probationary member under the 2026 rules; 周明轩, a development target under the 2026
rules, with 公示 across 国庆."""

from datetime import date

from . import steps
from .entries import paper
from .records import person, prepare_for_filing


def build_members(orgs, users):
    b1, b2, admin1, admin2 = orgs["第一党支部"], orgs["第二党支部"], users["branch1"], users["branch2"]
    committee = users["committee"]

    full = paper(admin1, b1, person("郑浩", 21, date(2002, 4, 18), 8), date(2023, 9, 12))
    prepare_for_filing(full, admin1, date(2023, 9, 12))
    steps.make_activist(full, admin1, committee, date(2024, 2, 20), date(2024, 3, 1))
    steps.make_target(full, admin1, committee, date(2025, 3, 10), date(2025, 3, 20))
    steps.prepare_admission(full, admin1, committee, {
        "introducers": date(2025, 4, 1), "review": date(2025, 4, 15), "training": (date(2025, 4, 20), date(2025, 4, 23)),
        "examination": date(2025, 5, 5), "pre_review": date(2025, 5, 15), "volunteer": date(2025, 5, 18)}, "DEMO-2025-0001")
    steps.admit(full, admin1, committee, {"meeting": date(2025, 6, 1), "talk": date(2025, 6, 10),
                                          "approval": date(2025, 6, 20)})
    steps.after_admission(full, admin1, {"placement": date(2025, 6, 25), "oath": date(2025, 7, 1)})
    steps.convert(full, admin1, committee, {"application": date(2026, 5, 8), "meeting": date(2026, 6, 5),
                                            "approval": date(2026, 6, 20)})

    probationary = paper(admin2, b2, person("吴佳怡", 22, date(2003, 8, 8), 9, "示范大学经济学院"), date(2024, 10, 8))
    prepare_for_filing(probationary, admin2, date(2024, 10, 8))
    steps.make_activist(probationary, admin2, committee, date(2025, 5, 20), date(2025, 6, 1))
    steps.make_target(probationary, admin2, committee, date(2026, 6, 10), date(2026, 6, 15),
                      notice=(date(2026, 6, 24), date(2026, 6, 30)), confirm_on=date(2026, 7, 1))
    steps.prepare_admission(probationary, admin2, committee, {
        "introducers": date(2026, 7, 2), "review": date(2026, 7, 10), "training": (date(2026, 7, 13), date(2026, 7, 16)),
        "examination": date(2026, 7, 20), "pre_review": date(2026, 7, 25), "volunteer": date(2026, 7, 26)},
        "DEMO-2026-0002")
    steps.admit(probationary, admin2, committee, {"meeting": date(2026, 8, 10), "talk": date(2026, 8, 15),
                                                  "approval": date(2026, 8, 25)})
    steps.after_admission(probationary, admin2, {"placement": date(2026, 8, 28), "oath": date(2026, 9, 1)})

    target = paper(admin1, b1, person("周明轩", 23, date(2004, 2, 29), 10), date(2025, 3, 3))
    prepare_for_filing(target, admin1, date(2025, 3, 3))
    steps.make_activist(target, admin1, committee, date(2025, 8, 25), date(2025, 9, 1))
    steps.make_target(target, admin1, committee, date(2026, 9, 15), date(2026, 9, 20),
                      notice=(date(2026, 9, 28), date(2026, 10, 9)), confirm_on=date(2026, 10, 12))
