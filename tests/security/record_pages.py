"""A person at every stage that keeps records, and valid data for the form of every record kind
(partydev/pc/record_kinds.py): shared by the tests of issue 10 findings 8 (dates out of range) and 13
(lost updates), which walk every kind."""

from datetime import date, timedelta

from partydev.cases.services import contacts_set
from partydev.demo import entries, steps
from partydev.orgs.models import OrgKind
from partydev.pc.record_kinds import RECORD_KINDS
from partydev.process.rules.probation import archive_required_items
from tests.factories import child, paper_case


def _full_member(w):
    """A full member of the own branch: steps 1–24 in 2023–2025 (2014 rules), converted on time."""
    admin_, committee = w.branch_admin, w.committee_admin
    case = paper_case(w.branch, admin_, received=date(2023, 9, 4), name="吴正式")
    entries.prepare_for_filing(case, admin_)
    steps.make_activist(case, admin_, committee, date(2023, 10, 9), date(2023, 10, 12))
    steps.make_target(case, admin_, committee, date(2024, 10, 14), date(2024, 10, 17))
    steps.prepare_admission(case, admin_, committee, {
        "introducers": date(2024, 10, 21), "review": date(2024, 11, 1),
        "training": (date(2024, 11, 4), date(2024, 11, 7)), "examination": date(2024, 11, 11),
        "pre_review": date(2024, 11, 14), "volunteer": date(2024, 11, 15)}, "FULL-0001")
    steps.admit(case, admin_, committee, {"meeting": date(2024, 11, 22), "talk": date(2024, 11, 27),
                                          "approval": date(2024, 12, 2)})
    steps.after_admission(case, admin_, {"placement": date(2024, 12, 5), "oath": date(2024, 12, 6)})
    steps.convert(case, admin_, committee, {"application": date(2025, 11, 20), "meeting": date(2025, 12, 3),
                                            "approval": date(2025, 12, 10)})
    case.refresh_from_db()
    return case


def people_at_every_stage(w):
    """stage → a person of the own branch at that stage (in the world_with_activist world); the
    activist has a contact, the branch a party group (for 编入党小组)."""
    contacts_set(case=w.activist_case, members=w.roster[:1], assigned_on=w.activist_case.activist_since,
                 actor=w.branch_admin)
    w.group = child(w.branch, "第一党小组", OrgKind.GROUP)
    w.branch.refresh_from_db()
    return {"applicant": w.case, "activist": w.activist_case, "target": w.target, "probationary": w.member,
            "full": _full_member(w)}


def valid_data(w, slug: str, on: date) -> dict:
    """What the page of `slug` accepts, its dates on `on` (or just before)."""
    day = on.isoformat()
    before = (on - timedelta(days=9)).isoformat()
    opinion = {"given_on": day, "author": "第一党小组", "content": "表现良好。", "contact": w.roster[0].pk}
    resolution = {"meeting_date": day, "result": "passed", "note": "同意"}
    return {
        "talks": {"talk_date": day, "talkers": [w.roster[0].pk], "other_talkers": "", "place": "会议室",
                  "content": "谈话"},
        "recommendations": {"recommended_on": day, "method": "members", "note": "推荐"},
        "resolutions": resolution,
        "target-resolutions": resolution,
        "admission-resolutions": resolution,
        "notices": {"start_date": before, "end_date": day, "place": "单位公示栏", "result": "no_objection",
                    "feedback": ""},
        "reviews": {"review_date": day, "methods": "本人谈话", "conclusion": "qualified", "summary": "合格"},
        "trainings": {"start_date": before, "end_date": day, "hours": "30", "mode": "in_person",
                      "organiser": "党校", "certificate": ""},
        "volunteer-forms": {"serial_number": "NEW-0001", "filled_on": day},
        "committee-talks": {"talk_date": day, "talker": "组织员", "place": "办公室", "opinion": "同意"},
        "placements": {"group": getattr(w, "group", None) and w.group.pk, "placed_on": day},
        "oaths": {"oath_date": day, "place": "活动室", "organiser": "党委"},
        "conversion-applications": {"applied_on": day, "content": "申请转正"},
        "archives": {"archived_on": day, "receiver": "组织部", "items": archive_required_items(on)},
    }.get(slug, opinion)


def date_fields(slug: str) -> list[str]:
    """The date fields of the kind's form."""
    from django import forms

    return [name for name, field in RECORD_KINDS[slug].form.base_fields.items() if isinstance(field, forms.DateField)]


def kind_cases():
    """(slug, date field) for every record kind and every date of its form."""
    return [(slug, field) for slug in RECORD_KINDS for field in date_fields(slug)]
