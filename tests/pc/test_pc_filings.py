"""确定积极分子并备案 (branch), the committee's inbox (accept / return), and 退回重新备案."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partydev.audit.models import AuditEvent
from partydev.cases.models import ApplicationLetter, Case, Filing, StageChange
from tests.factories import db_state, seen

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def branch(world, login):
    return login(world.branch_admin)


@pytest.fixture
def committee(world, login):
    return login(world.committee_admin)


def codes(response):
    return [p.code for p in response.context["problems"]]


# --- the branch files -------------------------------------------------------------------------

def test_blocked_filing_lists_every_problem_with_its_article(world, branch):
    response = branch.get(reverse("pc:case_filing", args=[world.pending_case.public_id]))
    assert response.status_code == 200
    assert codes(response) == ["letter_not_approved", "no_talk", "no_recommendation", "no_resolution"]
    assert response.context["blocked"] is True
    html = response.content.decode()
    assert "Art. 6" in html and "Art. 7" in html and "Art. 8" in html
    assert "The application letter has not been approved." in html


def test_blocked_filing_post_writes_nothing(world, branch):
    before = db_state()
    response = branch.post(reverse("pc:case_filing", args=[world.pending_case.public_id]))
    assert response.status_code == 400
    assert "cannot be made until the problems below are corrected" in response.content.decode()
    assert "no_talk" in codes(response)
    assert db_state() == before


def test_filing_creates_pending_filing_history_and_audit(world, branch):
    response = branch.get(reverse("pc:case_filing", args=[world.case.public_id]))
    assert response.context["blocked"] is False and codes(response) == []
    response = branch.post(reverse("pc:case_filing", args=[world.case.public_id]), follow=True)
    filing = Filing.objects.get(case=world.case)
    assert (filing.status, filing.committee, filing.created_by) == ("pending", world.committee, world.branch_admin)
    assert StageChange.objects.filter(case=world.case, action="activist_filed").count() == 1
    assert AuditEvent.objects.filter(action="filing.submit", object_id=str(filing.pk)).count() == 1
    assert "Filed, awaiting the committee" in response.content.decode()
    assert Case.objects.get(pk=world.case.pk).stage == "applicant"  # only the committee makes an activist


def test_filing_keeps_warnings(world, branch):
    talk_url = reverse("pc:record_edit", args=[world.case.public_id, "talks", world.talk.pk])
    early = world.letter.received_date - timedelta(days=2)
    branch.post(talk_url, {"talk_date": early.isoformat(), "other_talkers": "书记", "place": "p", "content": "c"}
                | seen(world.talk))
    branch.post(reverse("pc:case_filing", args=[world.case.public_id]))
    filing = Filing.objects.get(case=world.case)
    assert [w["code"] for w in filing.warnings] == ["talk_before_letter"]


def test_filing_twice_is_refused(world, branch):
    before = db_state()
    response = branch.post(reverse("pc:case_filing", args=[world.filed_case.public_id]))
    assert response.status_code == 404  # records are frozen while the filing is pending
    assert db_state() == before


# --- the committee decides ----------------------------------------------------------------------

def test_inbox_lists_pending_filings_of_the_subtree(world, committee, login):
    response = committee.get(reverse("pc:filing_inbox"))
    assert [f.pk for f in response.context["page"]] == [world.filing.pk]
    assert "王浩然" in response.content.decode()
    other = login(world.other_committee_admin).get(reverse("pc:filing_inbox"))
    assert list(other.context["page"]) == []


def test_filing_detail_offers_decision(world, committee):
    response = committee.get(reverse("pc:filing_detail", args=[world.filing.pk]))
    assert response.status_code == 200
    assert response.context["can_decide"] is True
    assert reverse("pc:filing_accept", args=[world.filing.pk]) in response.content.decode()


def test_filing_detail_does_not_count_the_filing_against_itself(world, committee):
    """The case was complete when filed: the committee must not be told it is blocked because a
    filing (this very one) is pending."""
    response = committee.get(reverse("pc:filing_detail", args=[world.filing.pk]))
    assert codes(response) == []
    assert "A filing is already waiting for the Party committee." not in response.content.decode()


def test_accept_makes_an_activist(world, committee):
    effective = world.today
    response = committee.post(reverse("pc:filing_accept", args=[world.filing.pk]),
                              {"effective_date": effective.isoformat()}, follow=True)
    assert "王浩然 is now an activist." in response.content.decode()
    case = Case.objects.get(pk=world.filed_case.pk)
    assert (case.stage, case.activist_since) == ("activist", effective)
    filing = Filing.objects.get(pk=world.filing.pk)
    assert (filing.status, filing.effective_date, filing.decided_by) == ("accepted", effective, world.committee_admin)
    change = StageChange.objects.get(case=case, action="activist_accepted")
    assert (change.from_stage, change.to_stage, change.effective_date) == ("applicant", "activist", effective)
    actions = set(AuditEvent.objects.filter(case=case).values_list("action", flat=True))
    assert {"filing.accept", "case.activist_accepted"} <= actions

    activists = committee.get(reverse("pc:activist_list"))
    assert "王浩然" in {c.name for c in activists.context["page"]}


def test_accept_cannot_be_dated_before_the_filing_was_sent(world, committee):
    before = db_state()
    response = committee.post(reverse("pc:filing_accept", args=[world.filing.pk]),
                              {"effective_date": (world.filing.sent_on - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "The date cannot be earlier than the day the request was sent" in response.content.decode()
    assert db_state() == before


def test_second_accept_is_already_handled(world, committee):
    url = reverse("pc:filing_accept", args=[world.filing.pk])
    committee.post(url, {"effective_date": world.today.isoformat()})
    before = db_state()
    response = committee.post(url, {"effective_date": world.today.isoformat()}, follow=True)
    assert "already been handled" in response.content.decode()
    assert db_state() == before
    assert StageChange.objects.filter(case=world.filed_case, action="activist_accepted").count() == 1


def test_accept_after_return_is_already_handled(world, committee):
    committee.post(reverse("pc:filing_return", args=[world.filing.pk]), {"reason": "材料不全"})
    before = db_state()
    response = committee.post(reverse("pc:filing_accept", args=[world.filing.pk]),
                              {"effective_date": world.today.isoformat()}, follow=True)
    assert "already been handled" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("value", ["", "2099-01-01", "31/12/2026"])
def test_accept_needs_a_valid_date(world, committee, value):
    before = db_state()
    response = committee.post(reverse("pc:filing_accept", args=[world.filing.pk]), {"effective_date": value})
    assert response.status_code == 400
    assert response.context["accept_form"].errors["effective_date"]
    assert db_state() == before


def test_accept_refuses_a_date_before_the_branch_resolution(world, committee):
    """The person becomes an activist from the committee's date; it cannot precede the 支委会决议
    that determined them (第八条), let alone the application."""
    resolution = world.filed_case.branchresolutions.get()
    before = db_state()
    response = committee.post(reverse("pc:filing_accept", args=[world.filing.pk]),
                              {"effective_date": (resolution.meeting_date - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert response.context["accept_form"].errors["effective_date"]
    assert db_state() == before


def test_return_shows_the_reason_to_the_branch_who_can_file_again(world, committee, login):
    committee.post(reverse("pc:filing_return", args=[world.filing.pk]), {"reason": "谈话记录不完整"})
    filing = Filing.objects.get(pk=world.filing.pk)
    assert (filing.status, filing.return_reason) == ("returned", "谈话记录不完整")
    assert StageChange.objects.get(case=world.filed_case, action="activist_filing_returned").reason == "谈话记录不完整"
    assert AuditEvent.objects.filter(action="filing.return", object_id=str(filing.pk)).count() == 1

    branch = login(world.branch_admin)
    page = branch.get(reverse("pc:case_detail", args=[world.filed_case.public_id]))
    assert "谈话记录不完整" in page.content.decode()
    assert page.context["can_edit"] is True
    assert branch.post(reverse("pc:case_filing", args=[world.filed_case.public_id])).status_code == 302
    assert Filing.objects.filter(case=world.filed_case, status="pending").count() == 1


def test_return_needs_a_reason(world, committee):
    before = db_state()
    response = committee.post(reverse("pc:filing_return", args=[world.filing.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["return_form"].errors["reason"]
    assert db_state() == before


@pytest.mark.parametrize("name", ["pc:filing_accept", "pc:filing_return"])
def test_decisions_are_post_only(world, committee, name):
    assert committee.get(reverse(name, args=[world.filing.pk])).status_code == 405


@pytest.mark.parametrize("who", ["other_committee_admin", "branch_admin", "auditor"])
def test_others_cannot_decide(world, login, who):
    client = login(getattr(world, who))
    before = db_state()
    response = client.post(reverse("pc:filing_accept", args=[world.filing.pk]),
                           {"effective_date": world.today.isoformat()})
    assert response.status_code == 404
    assert db_state() == before


# --- 退回重新备案 -------------------------------------------------------------------------------

def return_case(client, case, **data):
    data = {"point": "letter", "reason": "材料有误，重新办理", "stage": case.stage,
            "effective_date": timezone.localdate().isoformat()} | data
    return client.post(reverse("pc:case_return", args=[case.public_id]), data, follow=True)


def test_return_applicant_to_letter(world, branch, login):
    response = return_case(branch, world.case)
    assert "The person has been returned." in response.content.decode()
    letter = ApplicationLetter.objects.get(pk=world.letter.pk)
    assert (letter.status, letter.return_reason) == ("returned", "材料有误，重新办理")
    change = StageChange.objects.get(case=world.case, action="returned_letter")
    assert change.reason == "材料有误，重新办理"
    assert AuditEvent.objects.filter(case=world.case, action="case.returned_letter").count() == 1
    page = branch.get(reverse("pc:case_detail", args=[world.case.public_id]))
    assert "材料有误，重新办理" in page.content.decode()  # the history keeps the reason
    # The applicant sees why and may write the letter again.
    home = login(world.applicant).get(reverse("mobile:home"))
    assert "材料有误，重新办理" in home.content.decode()
    assert home.context["can_submit"] is True


def test_return_pending_filing_withdraws_it(world, branch):
    return_case(branch, world.filed_case, point="filing")
    assert Filing.objects.get(pk=world.filing.pk).status == "withdrawn"
    assert StageChange.objects.filter(case=world.filed_case, action="returned_filing").count() == 1
    assert Case.objects.get(pk=world.filed_case.pk).stage == "applicant"


@pytest.mark.parametrize("point, letter_status", [("letter", "returned"), ("filing", "approved")])
def test_return_activist_to_applicant(world, login, point, letter_status):
    client = login(world.sibling_admin)
    case = world.sibling_activist
    return_case(client, case, point=point)
    case.refresh_from_db()
    assert (case.stage, case.activist_since) == ("applicant", None)
    change = StageChange.objects.get(case=case, action=f"returned_{point}")
    assert (change.from_stage, change.to_stage) == ("activist", "applicant")
    assert not case.filings.filter(status="accepted").exists()
    assert case.applicationletters.get().status == letter_status
    # Both entries are kept: when the person became an activist and when they were sent back.
    assert StageChange.objects.filter(case=case, action="activist_accepted").exists()


def test_stale_stage_changes_nothing(world, login):
    client = login(world.sibling_admin)
    before = db_state()
    response = return_case(client, world.sibling_activist, stage="applicant")
    assert "already been handled" in response.content.decode()
    assert db_state() == before


def test_missing_stage_field_changes_nothing(world, branch):
    before = db_state()
    response = branch.post(reverse("pc:case_return", args=[world.case.public_id]),
                           {"point": "letter", "reason": "x",
                            "effective_date": timezone.localdate().isoformat()}, follow=True)
    assert "already been handled" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("data, field", [({"reason": " "}, "reason"), ({"point": "birth"}, "point")])
def test_return_bad_input_writes_nothing(world, branch, data, field):
    before = db_state()
    response = branch.post(reverse("pc:case_return", args=[world.case.public_id]),
                           {"point": "letter", "reason": "x", "stage": "applicant",
                            "effective_date": timezone.localdate().isoformat()} | data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert db_state() == before


def test_return_page_carries_the_current_stage(world, branch):
    response = branch.get(reverse("pc:case_return", args=[world.case.public_id]))
    assert '<input type="hidden" name="stage" value="applicant">' in response.content.decode()


# 退回重新备案 of a development target (issue 11: any earlier step of the stage history) -------------

def test_return_form_offers_the_points_of_the_persons_stage(world_with_activist, login):
    client = login(world_with_activist.branch_admin)
    applicant = client.get(reverse("pc:case_return", args=[world_with_activist.case.public_id]))
    target = client.get(reverse("pc:case_return", args=[world_with_activist.target.public_id]))
    assert [v for v, _l in applicant.context["form"].fields["point"].choices] == ["letter", "filing"]
    assert [v for v, _l in target.context["form"].fields["point"].choices] == ["letter", "filing", "activist"]
    # Nothing is chosen at first; the date is today unless changed.
    assert 'checked' not in str(target.context["form"]["point"])
    assert target.context["form"]["effective_date"].value() == timezone.localdate()


def test_return_target_to_activist_keeps_the_activist_filing(world_with_activist, login):
    w = world_with_activist
    client = login(w.branch_admin)
    on = timezone.localdate()
    response = return_case(client, w.target, point="activist", reason="政审材料不全，重新考察")
    assert "The person has been returned." in response.content.decode()
    case = Case.objects.get(pk=w.target.pk)
    assert (case.stage, case.target_since) == ("activist", None)
    assert case.activist_since is not None
    assert case.filings.get(kind="activist").status == "accepted"
    assert not case.filings.filter(kind="target", status__in=["pending", "accepted"]).exists()
    change = StageChange.objects.get(case=case, action="returned_activist")
    assert (change.from_stage, change.to_stage, change.effective_date, change.reason) == (
        "target", "activist", on, "政审材料不全，重新考察")
    assert AuditEvent.objects.filter(case=case, action="case.returned_activist").count() == 1
    # The person page now offers the activist stage's requests again.
    page = client.get(reverse("pc:case_detail", args=[case.public_id])).content.decode()
    assert "政审材料不全，重新考察" in page


def test_return_target_to_the_letter(world_with_activist, login):
    w = world_with_activist
    return_case(login(w.branch_admin), w.target, point="letter")
    case = Case.objects.get(pk=w.target.pk)
    assert (case.stage, case.activist_since, case.target_since) == ("applicant", None, None)
    assert not case.filings.filter(status__in=["pending", "accepted"]).exists()


def test_return_cannot_be_dated_before_the_latest_history_entry(world_with_activist, login):
    w = world_with_activist
    latest = w.target.history.order_by("-effective_date").first().effective_date
    client = login(w.branch_admin)
    before = db_state()
    response = return_case(client, w.target, point="activist",
                           effective_date=(latest - timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert latest.isoformat() in str(response.context["form"].errors["effective_date"])
    assert db_state() == before


def test_a_point_the_stage_does_not_offer_is_refused(world, branch):
    before = db_state()
    response = return_case(branch, world.case, point="activist")
    assert response.status_code == 400
    assert response.context["form"].errors["point"]
    assert db_state() == before


def test_the_applicant_sees_the_reason_of_a_return_on_the_phone(world_with_activist, login):
    w = world_with_activist
    return_case(login(w.branch_admin), w.activist_case, point="filing", reason="培养考察材料需补充")
    home = login(w.activist_case.user).get(reverse("mobile:home")).content.decode()
    assert "培养考察材料需补充" in home
    assert "Returned for re-filing: back to the applicant stage" in home
