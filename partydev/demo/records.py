"""How the demo enters things, as a branch would through the site: a paper applicant with a letter,
a record saved through its form and record_save, part 一 made ready for 确定积极分子并备案."""

from datetime import date, timedelta

from partydev.cases.models import Case
from partydev.cases.services import case_create_paper, letter_approve
from partydev.common.idcard import make_id_number
from partydev.orgs.models import MemberType
from partydev.pc.record_forms import save_record_form
from partydev.process.enums import Education, RecommendationMethod, ResolutionResult
from partydev.webforms import records as case_forms

LETTER_TEXT = (
    "敬爱的党组织：\n    我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
    "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，"
    "永不叛党。\n    请党组织在实践中考验我。\n此致\n敬礼！"
)


def person(name, n, birth, phone_tail, unit="示范大学计算机学院"):
    return {"name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", birth, n, "M" if n % 2 else "F"),
            "phone": f"1380013{phone_tail:04d}", "education": Education.BACHELOR, "work_unit": unit}


def save(form_class, case, actor, data, **extra):
    """Validate `data` with the page's form and save it through record_save; invalid data is a bug
    in the demo, so it raises."""
    form = form_class(data=data, **extra)
    if not form.is_valid():
        raise ValueError(f"{form_class.__name__}: {form.errors.as_json()}")
    return save_record_form(form=form, case=case, actor=actor)


def paper(actor, branch, data, received: date) -> Case:
    return case_create_paper(actor=actor, branch=branch, data=data, letter={
        "title": "入党申请书", "content": LETTER_TEXT, "written_date": received - timedelta(days=2),
        "received_date": received})


def prepare_for_filing(case, actor, received: date):
    """Letter approved, talk, recommendation and the 支委会's resolution, in order after `received`."""
    letter_approve(letter=case.applicationletters.get(), actor=actor)
    roster = case.branch.members.filter(member_type=MemberType.FULL)
    save(case_forms.TalkForm, case, actor, {
        "talk_date": received + timedelta(days=12), "talkers": [roster[0].pk, roster[1].pk],
        "place": "学院党员活动室", "content": "了解入党动机、学习工作经历和对党的认识，讲解党的基本知识。"},
        roster=case.branch.members.all())
    save(case_forms.RecommendationForm, case, actor, {
        "recommended_on": received + timedelta(days=40), "method": RecommendationMethod.MASS_ORG,
        "note": "团支部推优，票数过半"})
    save(case_forms.ResolutionForm, case, actor, {
        "meeting_date": received + timedelta(days=50), "result": ResolutionResult.PASSED,
        "note": "支委会应到5人，实到5人，一致同意"})
