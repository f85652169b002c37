"""The demo's people and how part 一 was entered for them (through the builders of entries.py)."""

from datetime import date, timedelta

from partydev.cases.services import letter_approve
from partydev.common.idcard import make_id_number
from partydev.orgs.models import MemberType
from partydev.process.enums import Education, RecommendationMethod

from . import entries


def person(name, n, birth, phone_tail, unit="示范大学计算机学院"):
    return {"name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", birth, n, "M" if n % 2 else "F"),
            "phone": f"1380013{phone_tail:04d}", "education": Education.BACHELOR, "work_unit": unit}


def prepare_for_filing(case, actor, received: date):
    """Letter approved, talk, recommendation and the 支委会's resolution, in order after `received`."""
    letter_approve(letter=case.applicationletters.get(), actor=actor)
    roster = case.branch.members.filter(member_type=MemberType.FULL)
    entries.talk(case, actor, received + timedelta(days=12), talkers=[roster[0], roster[1]], place="学院党员活动室",
                 content="了解入党动机、学习工作经历和对党的认识，讲解党的基本知识。")
    entries.recommendation(case, actor, received + timedelta(days=40), method=RecommendationMethod.MASS_ORG,
                           note="团支部推优，票数过半")
    entries.resolution(case, actor, received + timedelta(days=50), note="支委会应到5人，实到5人，一致同意")
