"""The activist's phone pages: its own stage, contacts (names only), its reports and their read
state — and never an opinion about it, nor an opinion's file."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.services import contacts_set, letter_approve, report_mark_read, report_submit
from partydev.process.enums import ACTIVIST_OPINIONS, OpinionKind

pytestmark = pytest.mark.usefixtures("english")

HOME = reverse("mobile:home")


@pytest.fixture
def followed(w, kit):
    """Two contacts (one from the sibling branch), a read report with a comment, an unread one, and
    one opinion of every kind with content, author and a file the activist must never see."""
    contacts_set(case=w.activist, members=[w.wang, w.zhou], assigned_on=w.today - timedelta(days=30),
                 actor=w.b1_admin)
    w.read = report_submit(case=w.activist, actor=w.activist_user, data={
        "title": "第一季度思想汇报", "content": "内容一", "written_on": w.today - timedelta(days=20)})
    report_mark_read(report=w.read, actor=w.b1_admin, comment="认识深入，继续保持。")
    w.unread = report_submit(case=w.activist, actor=w.activist_user, data={
        "title": "第二次思想汇报", "content": "内容二", "written_on": w.today - timedelta(days=2)})
    w.secrets = []
    w.opinion_files = []
    for n, kind in enumerate(ACTIVIST_OPINIONS):
        opinion = kit.add_opinion(
            w.activist, w.b1_admin, kind, given_on=w.today - timedelta(days=5),
            contact=w.wang if kind == OpinionKind.CONTACT_CONFIRMATION else None,
            content=f"机密意见内容{n}号", author=f"考察人{n}号", files=[kit.png(f"意见扫描{n}.png")])
        w.secrets += [f"机密意见内容{n}号", f"考察人{n}号", f"意见扫描{n}.png", str(kind.label)]
        w.opinion_files.append(opinion.attachments.get())
    return w


def phone_pages(w, client):
    urls = [HOME, reverse("mobile:report_new"), reverse("mobile:report_detail", args=[w.read.pk]),
            reverse("mobile:report_detail", args=[w.unread.pk]),
            reverse("mobile:letter_detail", args=[w.activist.applicationletters.get().pk])]
    pages = {}
    for u in urls:
        response = client.get(u)
        assert response.status_code == 200, u
        pages[u] = response.content.decode()
    return pages


def test_home_shows_stage_contacts_and_reports(followed, login):
    w = followed
    html = login(w.activist_user).get(HOME).content.decode()
    assert "Activist" in html and w.activist.name in html
    assert "王建国、周杰" in html or "周杰、王建国" in html
    assert f"Activist since {w.activist.activist_since:%Y-%m-%d}" in html
    assert "第一季度思想汇报" in html and "第二次思想汇报" in html
    assert html.count('text-bg-success">Read</span>') == 1 and html.count("Not read yet") == 1
    assert reverse("mobile:report_new") in html


def test_contacts_are_shown_by_name_only(followed, login):
    html = login(followed.activist_user).get(HOME).content.decode()
    assert "周杰" in html
    assert "第二党支部" not in html  # the contact's branch
    assert "Full member" not in html


def test_the_report_page_shows_read_state_and_comment(followed, login):
    w = followed
    client = login(w.activist_user)
    read = client.get(reverse("mobile:report_detail", args=[w.read.pk])).content.decode()
    assert "认识深入，继续保持。" in read and '">Read</span>' in read
    unread = client.get(reverse("mobile:report_detail", args=[w.unread.pk])).content.decode()
    assert "Not read yet" in unread and "认识深入" not in unread


def test_no_opinion_appears_on_any_phone_page(followed, login):
    w = followed
    for url, html in phone_pages(w, login(w.activist_user)).items():
        for secret in w.secrets:
            assert secret not in html, (url, secret)


def test_an_opinion_file_cannot_be_downloaded_by_the_activist(followed, login):
    """Even with the link (its random id), the activist never gets a file of an opinion about it."""
    w = followed
    client = login(w.activist_user)
    for attachment in w.opinion_files:
        assert client.get(reverse("mobile:attachment", args=[attachment.public_id])).status_code == 404
    # The branch opens them.
    admin = login(w.b1_admin)
    assert admin.get(reverse("pc:attachment", args=[w.opinion_files[0].public_id])).status_code == 200


def test_an_applicant_sees_no_activist_sections(w, login):
    letter_approve(letter=w.applicant.applicationletters.get(), actor=w.b1_admin)
    html = login(w.applicant_user).get(HOME).content.decode()
    assert "Applicant" in html
    assert "My thought reports" not in html and reverse("mobile:report_new") not in html


def test_a_probationary_member_keeps_writing_thought_reports(db, settings):
    """Thought reports are due during the probation too (deadline kind thought_report), so the phone
    keeps the button open; a development target has no report duty and gets 404."""
    from partydev.cases.models import Case
    from partydev.cases.permissions import can_submit_report

    user = Case.objects.model._meta.get_field("user").related_model.objects.create_user("p1", password="x")
    for stage, allowed in (("activist", True), ("target", False), ("probationary", True), ("full", False)):
        assert can_submit_report(user, Case(user=user, stage=stage)) is allowed
