"""思想汇报: the activist writes on the phone, the branch reads and comments, and a gap in reports
shows as an overdue deadline (one a quarter by default, THOUGHT_REPORT_INTERVAL_MONTHS)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import Deadline, ThoughtReport
from partydev.cases.services import report_submit
from partydev.common.dates import add_months

pytestmark = pytest.mark.usefixtures("english")

NEW = reverse("mobile:report_new")


def report_data(on, **extra):
    return {"title": "第一季度思想汇报", "content": "认真学习党章，提高认识。", "written_on": on.isoformat()} | extra


def pc_url(name, report):
    return reverse(name, args=[report.case.public_id, report.pk])


def submit(w, on=None, **data):
    return report_submit(case=w.activist, actor=w.activist_user, data={
        "title": "思想汇报", "content": "汇报内容", "written_on": on or w.today} | data)


def due(case, kind="thought_report"):
    return Deadline.objects.get(case=case, kind=kind).due_date


# --- writing on the phone ----------------------------------------------------------------------

def test_the_activist_submits_a_report_on_the_phone(w, login, kit):
    client = login(w.activist_user)
    assert client.get(NEW).status_code == 200
    mark = kit.last_audit_id()
    response = client.post(NEW, report_data(w.today - timedelta(days=2)))
    assert response.status_code == 302 and response.url == reverse("mobile:home")
    report = ThoughtReport.objects.get(case=w.activist)
    assert (report.title, report.written_on, report.created_by, report.read_at) == (
        "第一季度思想汇报", w.today - timedelta(days=2), w.activist_user, None)
    assert kit.new_audit(mark) == ["thoughtreport.submit"]
    home = client.get(reverse("mobile:home")).content.decode()
    assert "第一季度思想汇报" in home and "Not read yet" in home


def test_a_report_with_an_attachment(w, login, kit):
    client = login(w.activist_user)
    response = client.post(NEW, report_data(w.today) | {"attachments": kit.png("手写稿.png")})
    assert response.status_code == 302
    report = ThoughtReport.objects.get(case=w.activist)
    attachment = report.attachments.get()
    assert attachment.original_name == "手写稿.png"
    # The activist and the branch both open it; the file is the one uploaded.
    for who, name in ((w.activist_user, "mobile:attachment"), (w.b1_admin, "pc:attachment")):
        response = login(who).get(reverse(name, args=[attachment.public_id]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == kit.PNG_BYTES


@pytest.mark.parametrize("change, field", [
    ({"title": ""}, "title"),
    ({"content": "  "}, "content"),
    ({"written_on": ""}, "written_on"),
    ({"written_on": "2026-13-45"}, "written_on"),
    ("future", "written_on"),
])
def test_bad_input_is_refused_and_nothing_written(w, login, kit, change, field):
    if change == "future":
        change = {"written_on": (w.today + timedelta(days=1)).isoformat()}
    client = login(w.activist_user)
    before = kit.snapshot()
    response = client.post(NEW, report_data(w.today) | change)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert kit.snapshot() == before


def test_an_applicant_cannot_write_a_report(w, login, kit):
    client = login(w.applicant_user)
    before = kit.snapshot()
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, report_data(w.today)).status_code == 404
    assert kit.snapshot() == before
    assert reverse("mobile:report_new") not in client.get(reverse("mobile:home")).content.decode()


def test_an_admin_account_has_no_phone_report_page(w, login):
    assert login(w.b1_admin).get(NEW).status_code == 404


def test_a_report_of_someone_else_is_not_found_on_the_phone(w, login, kit):
    other = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=w.today - timedelta(days=10),
                         username="activist2")
    theirs = report_submit(case=other, actor=other.user, data={
        "title": "别人的汇报", "content": "内容", "written_on": w.today})
    response = login(w.activist_user).get(reverse("mobile:report_detail", args=[theirs.pk]))
    assert response.status_code == 404


# --- reading on the PC -------------------------------------------------------------------------

def test_the_admin_sees_the_report_on_the_detail_and_report_pages(w, login):
    report = submit(w, title="学习全会精神的汇报", content="全会精神内容ABC")
    client = login(w.b1_admin)
    detail = client.get(reverse("pc:case_detail", args=[w.activist.public_id])).content.decode()
    assert "学习全会精神的汇报" in detail and pc_url("pc:report_detail", report) in detail
    assert f"Last report: {w.today:%Y-%m-%d}" in detail
    page = client.get(pc_url("pc:report_detail", report))
    assert page.status_code == 200
    html = page.content.decode()
    assert "全会精神内容ABC" in html and "Not read yet" in html
    assert pc_url("pc:report_read", report) in html


def test_the_committee_admin_reads_but_cannot_mark(w, login, kit):
    report = submit(w)
    client = login(w.c_admin)
    page = client.get(pc_url("pc:report_detail", report))
    assert page.status_code == 200 and page.context["can_mark"] is False
    before = kit.snapshot()
    assert client.post(pc_url("pc:report_read", report), {"comment": "好"}).status_code == 404
    assert kit.snapshot() == before


@pytest.mark.parametrize("actor", ["b2_admin", "ob_admin", "oc_admin", "auditor", "activist_user"])
def test_others_cannot_see_or_mark_the_report(w, login, kit, actor):
    report = submit(w)
    client = login(getattr(w, actor))
    before = kit.snapshot()
    assert client.get(pc_url("pc:report_detail", report)).status_code == 404
    assert client.post(pc_url("pc:report_read", report), {"comment": "好"}).status_code == 404
    assert kit.snapshot() == before


def test_mark_read_with_a_comment(w, login, kit):
    report = submit(w)
    client = login(w.b1_admin)
    mark = kit.last_audit_id()
    response = client.post(pc_url("pc:report_read", report), {"comment": "  认识深入，继续保持。 "}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("pc:case_detail", args=[w.activist.public_id]) + "#reports"
    assert "has been marked as read" in response.content.decode()
    report.refresh_from_db()
    assert (report.read_by, report.comment) == (w.b1_admin, "认识深入，继续保持。")
    assert report.read_at is not None
    assert kit.new_audit(mark) == ["thoughtreport.read"]
    # The activist sees the read state and the comment on the phone.
    phone = login(w.activist_user)
    assert '">Read</span>' in phone.get(reverse("mobile:home")).content.decode()
    page = phone.get(reverse("mobile:report_detail", args=[report.pk])).content.decode()
    assert "认识深入，继续保持。" in page and "Branch's comment" in page


def test_mark_read_without_a_comment(w, login, kit):
    report = submit(w)
    mark = kit.last_audit_id()
    assert login(w.b1_admin).post(pc_url("pc:report_read", report)).status_code == 302
    report.refresh_from_db()
    assert report.read_at is not None and report.comment == ""
    assert kit.new_audit(mark) == ["thoughtreport.read"]


def test_marking_twice_says_already_handled_and_writes_nothing(w, login, kit):
    report = submit(w)
    client = login(w.b1_admin)
    client.post(pc_url("pc:report_read", report), {"comment": "第一次"})
    before = kit.snapshot()
    response = client.post(pc_url("pc:report_read", report), {"comment": "第二次"}, follow=True)
    assert "already been handled" in response.content.decode()
    assert kit.snapshot() == before
    report.refresh_from_db()
    assert report.comment == "第一次"


def test_mark_read_is_post_only(w, login, kit):
    report = submit(w)
    client = login(w.b1_admin)
    before = kit.snapshot()
    assert client.get(pc_url("pc:report_read", report)).status_code == 405
    assert kit.snapshot() == before


def test_a_too_long_comment_is_refused(w, login, kit):
    report = submit(w)
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = client.post(pc_url("pc:report_read", report), {"comment": "长" * 501})
    assert response.status_code == 400
    assert response.context["form"].errors["comment"]
    assert kit.snapshot() == before


def test_a_report_of_another_case_is_not_found_under_this_case(w, login, kit):
    other = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=w.today - timedelta(days=10))
    theirs = report_submit(case=other, actor=w.b1_admin, data={
        "title": "别人的汇报", "content": "内容", "written_on": w.today})
    url = reverse("pc:report_detail", args=[w.activist.public_id, theirs.pk])
    assert login(w.b1_admin).get(url).status_code == 404


# --- the gap flag ------------------------------------------------------------------------------

def test_no_report_for_more_than_the_interval_is_overdue(w, login, kit):
    since = w.today - timedelta(days=200)
    late = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=since)
    assert due(late) == add_months(since, 3) < w.today
    html = login(w.b1_admin).get(reverse("pc:case_detail", args=[late.public_id])).content.decode()
    assert "No report yet" in html
    assert f"Next report was due {add_months(since, 3):%Y-%m-%d}" in html
    rows = login(w.b1_admin).get(reverse("pc:reminders"), {"kind": "thought_report", "window": "overdue"})
    assert late.name in rows.content.decode()


def test_a_new_report_moves_the_due_date_to_three_months_after_it(w, login, kit):
    since = w.today - timedelta(days=200)
    late = kit.activist(w.b1, w.b1_admin, w.c_admin, "孙悦", since=since, username="activist2")
    written = w.today - timedelta(days=5)
    login(late.user).post(NEW, report_data(written))
    assert due(late) == add_months(written, 3) > w.today
    html = login(w.b1_admin).get(reverse("pc:case_detail", args=[late.public_id])).content.decode()
    assert f"Next report due {add_months(written, 3):%Y-%m-%d}" in html
    assert "Next report was due" not in html


def test_the_latest_report_counts_not_the_last_entered(w, kit):
    submit(w, on=w.today - timedelta(days=3))
    submit(w, on=w.today - timedelta(days=30))  # entered later, written earlier
    assert due(w.activist) == add_months(w.today - timedelta(days=3), 3)


def test_the_interval_follows_the_setting(w, settings):
    settings.THOUGHT_REPORT_INTERVAL_MONTHS = 6
    written = w.today - timedelta(days=5)
    submit(w, on=written)
    assert due(w.activist) == add_months(written, 6)
