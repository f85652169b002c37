"""Part 二 people of the demo: 刘子涵, an activist for two months with two contacts, thought reports
and an opinion; 孙悦, an activist of more than a year whose half-yearly opinions were missed, so
工作提醒 has work."""

from datetime import date, timedelta

from partydev.cases.services import (
    contacts_set,
    filing_accept,
    filing_submit,
    report_mark_read,
    report_submit,
)
from partydev.orgs.models import Member
from partydev.process.enums import OpinionKind

from . import entries
from .entries import paper
from .records import person, prepare_for_filing


def build_activists(orgs, users, today: date):
    b1, b2, admin1, admin2 = orgs["第一党支部"], orgs["第二党支部"], users["branch1"], users["branch2"]
    # An activist since two months ago (branch 2).
    activist = paper(admin2, b2, person("刘子涵", 16, date(2002, 5, 30), 5, "示范大学经济学院"),
                     today - timedelta(days=300))
    prepare_for_filing(activist, admin2, today - timedelta(days=300))
    filing = filing_submit(case=activist, actor=admin2, sent_on=today - timedelta(days=60))
    filing_accept(filing=filing, actor=users["committee"], effective_date=today - timedelta(days=60))
    _activist_records(activist, admin2, today)
    # An activist of a year and more, whose half-yearly opinions were missed: reminders have work.
    senior = paper(admin1, b1, person("孙悦", 18, date(2001, 12, 12), 7), today - timedelta(days=560))
    prepare_for_filing(senior, admin1, today - timedelta(days=560))
    filing = filing_submit(case=senior, actor=admin1, sent_on=today - timedelta(days=420))
    filing_accept(filing=filing, actor=users["committee"], effective_date=today - timedelta(days=400))
    contacts_set(case=senior, members=list(b1.members.filter(member_type="full")[:1]),
                 assigned_on=today - timedelta(days=395), actor=admin1)


def _activist_records(case, admin, today):
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
    entries.opinion(case, admin, OpinionKind.EDUCATION, today - timedelta(days=20), author=own[0].name,
                    content="该同志学习认真，积极参加组织生活，能发挥模范作用。")
