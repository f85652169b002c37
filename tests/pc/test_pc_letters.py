"""入党申请书 on the PC site: open it, 审批通过, or 退回 with a required reason."""

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter
from tests.factories import db_state

pytestmark = pytest.mark.usefixtures("english")


def url(world, name):
    return reverse(name, args=[world.pending_case.public_id, world.pending_letter.pk])


@pytest.fixture
def branch(world, login):
    return login(world.branch_admin)


def test_letter_page_offers_review_to_the_branch_admin(world, branch):
    response = branch.get(url(world, "pc:letter_detail"))
    assert response.status_code == 200
    assert response.context["can_review"] is True
    html = response.content.decode()
    assert world.pending_letter.content in html
    assert url(world, "pc:letter_approve") in html and url(world, "pc:letter_return") in html


def test_committee_admin_reads_but_cannot_review(world, login):
    response = login(world.committee_admin).get(url(world, "pc:letter_detail"))
    assert response.status_code == 200
    assert response.context["can_review"] is False
    assert url(world, "pc:letter_approve") not in response.content.decode()


def test_approve(world, branch):
    response = branch.post(url(world, "pc:letter_approve"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pc:case_detail", args=[world.pending_case.public_id])
    assert "has been approved" in response.content.decode()
    letter = ApplicationLetter.objects.get(pk=world.pending_letter.pk)
    assert (letter.status, letter.reviewed_by) == ("approved", world.branch_admin)
    assert letter.reviewed_at is not None
    assert AuditEvent.objects.filter(action="letter.approved", object_id=str(letter.pk)).count() == 1


def test_approving_twice_changes_nothing_the_second_time(world, branch):
    branch.post(url(world, "pc:letter_approve"))
    before = db_state()
    response = branch.post(url(world, "pc:letter_approve"), follow=True)
    assert "already been handled" in response.content.decode()
    assert db_state() == before


def test_return_with_reason(world, branch):
    response = branch.post(url(world, "pc:letter_return"), {"reason": "  请补充对党的认识  "}, follow=True)
    letter = ApplicationLetter.objects.get(pk=world.pending_letter.pk)
    assert (letter.status, letter.return_reason) == ("returned", "请补充对党的认识")
    assert "请补充对党的认识" in response.content.decode()  # the case page shows the reason
    event = AuditEvent.objects.get(action="letter.returned", object_id=str(letter.pk))
    assert event.after == {"status": "returned", "reason": "请补充对党的认识"}


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_needs_a_reason(world, branch, reason):
    before = db_state()
    response = branch.post(url(world, "pc:letter_return"), {"reason": reason})
    assert response.status_code == 400
    assert response.context["return_form"].errors["reason"]
    assert db_state() == before


def test_returned_letter_cannot_be_approved(world, branch):
    branch.post(url(world, "pc:letter_return"), {"reason": "重写"})
    before = db_state()
    response = branch.post(url(world, "pc:letter_approve"), follow=True)
    assert "already been handled" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("name", ["pc:letter_approve", "pc:letter_return"])
def test_review_urls_are_post_only(world, branch, name):
    assert branch.get(url(world, name)).status_code == 405


@pytest.mark.parametrize("who", ["sibling_admin", "committee_admin", "other_branch_admin"])
def test_others_cannot_approve(world, login, who):
    client = login(getattr(world, who))
    before = db_state()
    assert client.post(url(world, "pc:letter_approve")).status_code == 404
    assert db_state() == before


def test_letter_of_another_case_under_own_case_url_is_404(world, branch):
    mixed = reverse("pc:letter_detail", args=[world.pending_case.public_id, world.letter.pk])
    assert branch.get(mixed).status_code == 404


def test_letter_text_is_escaped(world, login):
    from partydev.cases.services import letter_submit

    letter = letter_submit(case=world.sibling_case, actor=world.stranger, data={
        "title": "<b>标题</b>", "content": "<script>alert(1)</script>", "written_date": world.today})
    html = login(world.sibling_admin).get(
        reverse("pc:letter_detail", args=[world.sibling_case.public_id, letter.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>标题</b>" not in html
