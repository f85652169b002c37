"""The applicant's 入党申请书 on the phone: submit, see the status, see the reason after 退回,
rewrite and resubmit (a new row each time, so the history keeps every submission)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter, Attachment, Deadline
from partydev.cases.services import letter_return
from partydev.common.dates import add_months
from tests.factories import db_state, pdf, polyglot

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def stranger(world, login):
    """The sibling branch's applicant: registered, no letter yet."""
    return login(world.stranger)


def letter_data(world, **overrides):
    return {"title": "入党申请书", "content": "我志愿加入中国共产党。",
            "written_date": (world.today - timedelta(days=1)).isoformat()} | overrides


def test_home_invites_the_first_letter(world, stranger):
    response = stranger.get(reverse("mobile:home"))
    assert response.status_code == 200
    assert response.context["can_submit"] is True
    assert "You have not submitted your application letter yet." in response.content.decode()


def test_submit_letter_creates_row_deadline_and_audit(world, stranger, today):
    response = stranger.post(reverse("mobile:letter_new"), letter_data(world, attachments=pdf()))
    assert response.status_code == 302 and response["Location"] == reverse("mobile:home")
    letter = ApplicationLetter.objects.get(case=world.sibling_case)
    assert (letter.status, letter.received_date, letter.created_by) == ("submitted", today, world.stranger)
    assert Attachment.objects.get(object_id=letter.pk, case=world.sibling_case).kind == "pdf"
    assert AuditEvent.objects.filter(action="letter.submit", case=world.sibling_case).count() == 1
    # The branch must talk with the applicant within a month of receiving the letter.
    deadline = Deadline.objects.get(case=world.sibling_case, kind="talk")
    assert (deadline.kind, deadline.due_date) == ("talk", add_months(today, 1))

    home = stranger.get(reverse("mobile:home"))
    assert "Awaiting approval" in home.content.decode()
    assert home.context["can_submit"] is False


@pytest.mark.parametrize("overrides, field", [
    ({"content": ""}, "content"),
    ({"title": ""}, "title"),
    ({"written_date": "2099-01-01"}, "written_date"),
    ({"written_date": "not a date"}, "written_date"),
])
def test_bad_letter_writes_nothing(world, stranger, overrides, field):
    before = db_state()
    response = stranger.post(reverse("mobile:letter_new"), letter_data(world, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert db_state() == before


def test_polyglot_attachment_is_refused(world, stranger):
    before = db_state()
    response = stranger.post(reverse("mobile:letter_new"), letter_data(world, attachments=polyglot()))
    assert response.status_code == 400
    assert "Only PDF, JPG, PNG or DOCX files are accepted." in response.content.decode()
    assert db_state() == before


def test_second_letter_while_one_waits_is_not_written(world, stranger):
    assert stranger.post(reverse("mobile:letter_new"), letter_data(world)).status_code == 302
    before = db_state()
    assert stranger.get(reverse("mobile:letter_new"))["Location"] == reverse("mobile:home")
    response = stranger.post(reverse("mobile:letter_new"), letter_data(world, title="又一份"), follow=True)
    assert "already with the branch" in response.content.decode()
    assert db_state() == before


def test_returned_letter_shows_reason_and_resubmission_is_a_new_row(world, stranger):
    stranger.post(reverse("mobile:letter_new"), letter_data(world, title="第一稿"))
    first = ApplicationLetter.objects.get(case=world.sibling_case)
    letter_return(letter=first, actor=world.sibling_admin, reason="请写明入党动机")

    home = stranger.get(reverse("mobile:home"))
    assert "请写明入党动机" in home.content.decode()
    assert home.context["can_submit"] is True
    assert "Revise and resubmit" in home.content.decode()

    form_page = stranger.get(reverse("mobile:letter_new"))
    assert "请写明入党动机" in form_page.content.decode()
    assert form_page.context["form"].initial["title"] == "第一稿"  # the rewrite starts from the old text

    detail = stranger.get(reverse("mobile:letter_detail", args=[first.pk]))
    assert "请写明入党动机" in detail.content.decode()

    assert stranger.post(reverse("mobile:letter_new"), letter_data(world, title="第二稿")).status_code == 302
    letters = list(ApplicationLetter.objects.filter(case=world.sibling_case).order_by("id"))
    assert [(x.title, x.status) for x in letters] == [("第一稿", "returned"), ("第二稿", "submitted")]
    assert letters[0].return_reason == "请写明入党动机"


def test_letter_detail_of_someone_else_is_404(world, stranger):
    assert stranger.get(reverse("mobile:letter_detail", args=[world.letter.pk])).status_code == 404


def test_admin_on_the_phone_site_gets_404(world, login):
    client = login(world.branch_admin)
    assert client.get(reverse("mobile:home")).status_code == 404
    assert client.post(reverse("mobile:letter_new"), letter_data(world)).status_code == 404


def test_anonymous_is_sent_to_login(db, client):
    response = client.get(reverse("mobile:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_own_attachment_downloads_on_the_phone(world, stranger):
    stranger.post(reverse("mobile:letter_new"), letter_data(world, attachments=pdf()))
    attachment = Attachment.objects.get(case=world.sibling_case)
    detail = stranger.get(reverse("mobile:letter_detail", args=[attachment.object_id]))
    url = reverse("mobile:attachment", args=[attachment.public_id])
    assert url in detail.content.decode()
    response = stranger.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
