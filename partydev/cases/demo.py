"""Demo data: two committees, three branches with rosters, admin accounts and applicants at
different points of part 一. Built through the same services the site uses, so the demo's records,
history, deadlines and audit events look exactly like real ones."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partydev.common.idcard import make_id_number
from partydev.orgs.models import Member, MemberType, Organisation, OrgKind, Role, RoleGrant
from partydev.process.enums import Education, OpinionKind, RecommendationMethod, ResolutionResult
from partydev.registration.models import RegistrationCode
from partydev.registration.services import code_create

from . import forms as case_forms
from .models import Case, Opinion
from .services import (
    case_create_paper,
    case_register,
    contacts_set,
    filing_accept,
    filing_submit,
    letter_approve,
    letter_return,
    letter_submit,
    record_save,
    report_mark_read,
    report_submit,
)

DEMO_PASSWORD = "Demo@2026"
ACCOUNTS = [
    ("committee", "示范党委", Role.COMMITTEE_ADMIN, "示范党委管理员"),
    ("branch1", "第一党支部", Role.BRANCH_ADMIN, "第一党支部管理员"),
    ("branch2", "第二党支部", Role.BRANCH_ADMIN, "第二党支部管理员"),
    ("auditor", "示范党委", Role.AUDITOR, "审计员"),
    ("other", "另一党支部", Role.BRANCH_ADMIN, "另一党委下的支部管理员"),
]

ROSTERS = {
    "第一党支部": ["王建国", "李红梅", "张志强", "刘芳", "陈晓东", "杨丽", "赵磊", "黄敏"],
    "第二党支部": ["周杰", "吴静", "郑伟", "孙洁", "马超", "朱琳"],
    "另一党支部": ["何平", "高峰", "林雪", "罗军"],
}

LETTER_TEXT = (
    "敬爱的党组织：\n    我志愿加入中国共产党，拥护党的纲领，遵守党的章程，履行党员义务，执行党的决定，"
    "严守党的纪律，保守党的秘密，对党忠诚，积极工作，为共产主义奋斗终身，随时准备为党和人民牺牲一切，"
    "永不叛党。\n    请党组织在实践中考验我。\n此致\n敬礼！"
)


def build_tree() -> dict[str, Organisation]:
    orgs = {}
    committee = Organisation.add_root(name="示范党委", kind=OrgKind.COMMITTEE)
    other = Organisation.add_root(name="另一党委", kind=OrgKind.COMMITTEE)
    orgs["示范党委"], orgs["另一党委"] = committee, other
    for parent, name in [(committee, "第一党支部"), (committee, "第二党支部"), (other, "另一党支部")]:
        branch = Organisation.objects.get(pk=parent.pk).add_child(name=name, kind=OrgKind.BRANCH)
        orgs[name] = branch
        for group_no in ("第一党小组", "第二党小组"):
            orgs[f"{name}/{group_no}"] = Organisation.objects.get(pk=branch.pk).add_child(
                name=group_no, kind=OrgKind.GROUP)
    return orgs


def build_rosters(orgs):
    for branch_name, names in ROSTERS.items():
        branch = orgs[branch_name]
        for i, name in enumerate(names):
            group = orgs[f"{branch_name}/{'第一党小组' if i % 2 == 0 else '第二党小组'}"]
            Member.objects.create(
                branch=branch, group=group, name=name,
                member_type=MemberType.PROBATIONARY if i == len(names) - 1 else MemberType.FULL,
                position="支部书记" if i == 0 else ("组织委员" if i == 1 else ""))


def build_accounts(orgs) -> dict:
    users = {}
    User = get_user_model()
    for username, org_name, role, full_name in ACCOUNTS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=full_name)
        RoleGrant.objects.create(user=user, role=role, org=orgs[org_name])
        users[username] = user
    return users


def _person(name, n, birth, phone_tail, unit="示范大学计算机学院"):
    return {"name": name, "ethnicity": "汉族", "id_number": make_id_number("110108", birth, n, "M" if n % 2 else "F"),
            "phone": f"1380013{phone_tail:04d}", "education": Education.BACHELOR, "work_unit": unit}


def _save(form_class, case, actor, data, **extra):
    form = form_class(data=data, **extra)
    if not form.is_valid():
        raise ValueError(form.errors.as_json())
    return record_save(form=form, case=case, actor=actor)


def _paper(actor, branch, person, received: date) -> Case:
    return case_create_paper(actor=actor, branch=branch, data=person, letter={
        "title": "入党申请书", "content": LETTER_TEXT, "written_date": received - timedelta(days=2),
        "received_date": received})


def _prepare_for_filing(case, actor, received: date):
    letter_approve(letter=case.applicationletters.get(), actor=actor)
    roster = case.branch.members.filter(member_type=MemberType.FULL)
    _save(case_forms.TalkForm, case, actor, {
        "talk_date": received + timedelta(days=12), "talkers": [roster[0].pk, roster[1].pk],
        "place": "学院党员活动室", "content": "了解入党动机、学习工作经历和对党的认识，讲解党的基本知识。"},
        roster=case.branch.members.all())
    _save(case_forms.RecommendationForm, case, actor, {
        "recommended_on": received + timedelta(days=40), "method": RecommendationMethod.MASS_ORG,
        "note": "团支部推优，票数过半"})
    _save(case_forms.ResolutionForm, case, actor, {
        "meeting_date": received + timedelta(days=50), "result": ResolutionResult.PASSED,
        "note": "支委会应到5人，实到5人，一致同意"})


def build_cases(orgs, users):
    today = timezone.localdate()
    b1, b2, admin1, admin2 = orgs["第一党支部"], orgs["第二党支部"], users["branch1"], users["branch2"]
    code = code_create(branch=b1, actor=admin1, title="2026年秋季入党申请人集中注册", valid_minutes=30)
    # applicant1: registered by QR code, letter submitted and waiting for approval.
    reg = _person("陈思远", 11, date(2005, 3, 14), 1) | {"username": "applicant1"}
    case = case_register(code=code, data=reg, password=DEMO_PASSWORD)
    letter_submit(case=case, actor=case.user, data={"title": "入党申请书", "content": LETTER_TEXT,
                                                   "written_date": today - timedelta(days=3)})
    # Letter approved 40 days ago, no talk yet: the talk is overdue.
    late = _paper(admin1, b1, _person("李沐阳", 13, date(2004, 7, 2), 2), today - timedelta(days=40))
    letter_approve(letter=late.applicationletters.get(), actor=admin1)
    # Everything recorded: ready for 确定积极分子并备案.
    _prepare_for_filing(_paper(admin1, b1, _person("张雨桐", 14, date(2003, 11, 20), 3), today - timedelta(days=200)),
                        admin1, today - timedelta(days=200))
    # Filed and waiting in the committee's inbox.
    waiting = _paper(admin1, b1, _person("王浩然", 15, date(2004, 1, 9), 4), today - timedelta(days=240))
    _prepare_for_filing(waiting, admin1, today - timedelta(days=240))
    filing_submit(case=waiting, actor=admin1, today=today)
    # An activist since two months ago (branch 2).
    activist = _paper(admin2, b2, _person("刘子涵", 16, date(2002, 5, 30), 5, "示范大学经济学院"),
                      today - timedelta(days=300))
    _prepare_for_filing(activist, admin2, today - timedelta(days=300))
    filing = filing_submit(case=activist, actor=admin2, today=today - timedelta(days=60))
    filing_accept(filing=filing, actor=users["committee"], effective_date=today - timedelta(days=60))
    _activist_records(activist, admin2, users, today)
    # An activist of a year and more, whose half-yearly opinions were missed: reminders have work.
    senior = _paper(admin1, b1, _person("孙悦", 18, date(2001, 12, 12), 7), today - timedelta(days=560))
    _prepare_for_filing(senior, admin1, today - timedelta(days=560))
    filing = filing_submit(case=senior, actor=admin1, today=today - timedelta(days=420))
    filing_accept(filing=filing, actor=users["committee"], effective_date=today - timedelta(days=400))
    contacts_set(case=senior, members=list(b1.members.filter(member_type="full")[:1]),
                 assigned_on=today - timedelta(days=395), actor=admin1)
    build_later_cases(b1, b2, admin1, admin2, users["committee"])
    # A letter returned by the branch, waiting for the applicant to rewrite it.
    returned = _paper(admin2, b2, _person("赵一鸣", 17, date(2005, 9, 1), 6, "示范大学经济学院"),
                      today - timedelta(days=5))
    letter_return(letter=returned.applicationletters.get(), actor=admin2,
                  reason="申请书未写明对党的认识和入党动机，请补充后重新提交。")


def _activist_records(case, admin, users, today):
    """Two contacts (one from another branch of the committee), reports and an opinion."""
    own = case.branch.members.filter(member_type="full").order_by("name")
    other = Member.objects.get(name="王建国")  # 第一党支部, same committee
    contacts_set(case=case, members=[own[0], other], assigned_on=today - timedelta(days=55), actor=admin)
    first = report_submit(case=case, actor=admin, data={
        "title": "第一季度思想汇报", "written_on": today - timedelta(days=50),
        "content": "敬爱的党组织：\n    成为入党积极分子以来，我认真学习党章……"})
    report_mark_read(report=first, actor=admin, comment="认识深入，继续保持。")
    report_submit(case=case, actor=admin, data={
        "title": "学习党的二十届四中全会精神的思想汇报", "written_on": today - timedelta(days=8),
        "content": "敬爱的党组织：\n    近期我认真学习了全会精神……"})
    _save(case_forms.OpinionForm, case, admin, {
        "given_on": today - timedelta(days=20), "author": own[0].name,
        "content": "该同志学习认真，积极参加组织生活，能发挥模范作用。"},
        instance=Opinion(case=case, kind=OpinionKind.EDUCATION), roster=[])


def build_later_cases(b1, b2, admin1, admin2, committee):
    """A development target and a probationary member under the 2026 rules, a full member whose
    steps fell under the 2014 rules."""
    from . import demo_later as later

    full = _paper(admin1, b1, _person("郑浩", 21, date(2002, 4, 18), 8), date(2023, 9, 12))
    _prepare_for_filing(full, admin1, date(2023, 9, 12))
    later.make_activist(full, admin1, committee, date(2024, 2, 20), date(2024, 3, 1))
    later.make_target(full, admin1, committee, date(2025, 3, 10), date(2025, 3, 20))
    later.prepare_admission(full, admin1, committee, {
        "introducers": date(2025, 4, 1), "review": date(2025, 4, 15), "training": (date(2025, 4, 20), date(2025, 4, 23)),
        "examination": date(2025, 5, 5), "pre_review": date(2025, 5, 15), "volunteer": date(2025, 5, 18)}, "DEMO-2025-0001")
    later.admit(full, admin1, committee, {"meeting": date(2025, 6, 1), "talk": date(2025, 6, 10),
                                          "approval": date(2025, 6, 20)})
    later.after_admission(full, admin1, {"placement": date(2025, 6, 25), "oath": date(2025, 7, 1)})
    later.convert(full, admin1, committee, {"application": date(2026, 5, 8), "meeting": date(2026, 6, 5),
                                            "approval": date(2026, 6, 20)})

    probationary = _paper(admin2, b2, _person("吴佳怡", 22, date(2003, 8, 8), 9, "示范大学经济学院"), date(2024, 10, 8))
    _prepare_for_filing(probationary, admin2, date(2024, 10, 8))
    later.make_activist(probationary, admin2, committee, date(2025, 5, 20), date(2025, 6, 1))
    later.make_target(probationary, admin2, committee, date(2026, 6, 10), date(2026, 6, 15),
                      notice=(date(2026, 6, 24), date(2026, 6, 30)), confirm_on=date(2026, 7, 1))
    later.prepare_admission(probationary, admin2, committee, {
        "introducers": date(2026, 7, 2), "review": date(2026, 7, 10), "training": (date(2026, 7, 13), date(2026, 7, 16)),
        "examination": date(2026, 7, 20), "pre_review": date(2026, 7, 25), "volunteer": date(2026, 7, 26)},
        "DEMO-2026-0002")
    later.admit(probationary, admin2, committee, {"meeting": date(2026, 8, 10), "talk": date(2026, 8, 15),
                                                  "approval": date(2026, 8, 25)})
    later.after_admission(probationary, admin2, {"placement": date(2026, 8, 28), "oath": date(2026, 9, 1)})

    target = _paper(admin1, b1, _person("周明轩", 23, date(2004, 2, 29), 10), date(2025, 3, 3))
    _prepare_for_filing(target, admin1, date(2025, 3, 3))
    later.make_activist(target, admin1, committee, date(2025, 8, 25), date(2025, 9, 1))
    later.make_target(target, admin1, committee, date(2026, 9, 15), date(2026, 9, 20),
                      notice=(date(2026, 9, 28), date(2026, 10, 9)), confirm_on=date(2026, 10, 12))


@transaction.atomic
def load_demo() -> None:
    orgs = build_tree()
    build_rosters(orgs)
    users = build_accounts(orgs)
    build_cases(orgs, users)


def demo_present() -> bool:
    return Organisation.objects.exists() or RegistrationCode.objects.exists()
