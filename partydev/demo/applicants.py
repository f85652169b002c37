"""Part 一 people of the demo: applicants at different points, from a letter waiting for approval
to a filing waiting in the committee's inbox, and a letter returned for revision."""

from datetime import date, timedelta

from partydev.cases.services import case_register, filing_submit, letter_approve, letter_return, letter_submit
from partydev.registration.services import code_create

from .entries import LETTER_TEXT, paper
from .records import person, prepare_for_filing
from .world import DEMO_PASSWORD


def build_applicants(orgs, users, today: date):
    b1, admin1 = orgs["第一党支部"], users["branch1"]
    code = code_create(branch=b1, actor=admin1, title="2026年秋季入党申请人集中注册", valid_minutes=30)
    # applicant1: registered by QR code, letter submitted and waiting for approval.
    reg = person("陈思远", 11, date(2005, 3, 14), 1) | {"username": "applicant1"}
    case = case_register(code=code, data=reg, password=DEMO_PASSWORD)
    letter_submit(case=case, actor=case.user, data={"title": "入党申请书", "content": LETTER_TEXT,
                                                   "written_date": today - timedelta(days=3)})
    # Letter approved 40 days ago, no talk yet: the talk is overdue.
    late = paper(admin1, b1, person("李沐阳", 13, date(2004, 7, 2), 2), today - timedelta(days=40))
    letter_approve(letter=late.applicationletters.get(), actor=admin1)
    # Everything recorded: ready for 确定积极分子并备案.
    prepare_for_filing(paper(admin1, b1, person("张雨桐", 14, date(2003, 11, 20), 3), today - timedelta(days=200)),
                       admin1, today - timedelta(days=200))
    # Filed and waiting in the committee's inbox.
    waiting = paper(admin1, b1, person("王浩然", 15, date(2004, 1, 9), 4), today - timedelta(days=240))
    prepare_for_filing(waiting, admin1, today - timedelta(days=240))
    filing_submit(case=waiting, actor=admin1, sent_on=today)


def build_returned_letter(orgs, users, today: date):
    """A letter returned by the branch, waiting for the applicant to rewrite it."""
    b2, admin2 = orgs["第二党支部"], users["branch2"]
    returned = paper(admin2, b2, person("赵一鸣", 17, date(2005, 9, 1), 6, "示范大学经济学院"),
                     today - timedelta(days=5))
    letter_return(letter=returned.applicationletters.get(), actor=admin2,
                  reason="申请书未写明对党的认识和入党动机，请补充后重新提交。")
