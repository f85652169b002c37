"""推迟讨论转正 on the PC site (2026 §35 / 2014 §36): the branch now holding a probationary member
transferred in during the probation puts off the conversion discussion, at most six months after the
probation ends, with a reason; the conversion date stays the end of the probation.

The world's probationer (钱多多) was admitted on 2026-03-20: the probation ends on 2027-03-20 (the 2026
rules are in force then: Art. 35), so the discussion can be put off to 2027-09-20 at the latest."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, Deadline, StageChange
from partydev.cases.services import case_transfer
from tests.factories import db_state

pytestmark = pytest.mark.usefixtures("english")

END = date(2027, 3, 20)
LATEST = date(2027, 9, 20)
TRANSFERRED_ON = date(2026, 6, 1)


@pytest.fixture
def moved(world_with_activist):
    """The world's probationer, transferred during the probation to the sibling branch (第二党支部)."""
    w = world_with_activist
    case_transfer(case=w.member, to_branch=w.sibling, actor=w.branch_admin, transferred_on=TRANSFERRED_ON,
                  reason="工作调动")
    return Case.objects.get(pk=w.member.pk)


def url(case):
    return reverse("pc:conversion_postpone", args=[case.public_id])


def data(w, **changes):
    return {"until": LATEST.isoformat(), "decided_on": w.today.isoformat(), "reason": "转入后需进一步考察",
            **changes}


def state(case):
    return {**db_state(), "postponed": Case.objects.get(pk=case.pk).conversion_postponed_until}


def test_the_world_probationer_dates(world_with_activist):
    member = world_with_activist.member
    assert (member.probation_start, member.probation_end) == (date(2026, 3, 20), END)


# --- the page -------------------------------------------------------------------------------------

def test_the_page_shows_the_dates_the_transfer_and_the_rule(world_with_activist, moved, login):
    response = login(world_with_activist.sibling_admin).get(url(moved))
    assert response.status_code == 200
    assert response.context["problems"] == []
    html = response.content.decode()
    for text in ("2026-03-20", "2027-03-20", "2027-09-20", "2026-06-01", "第一党支部 → 第二党支部",
                 "2026 Rules, Art. 35", "Postponed until", "Reason for postponing"):
        assert text in html, text


def test_without_a_transfer_in_the_page_shows_the_refusal(world_with_activist, login):
    w = world_with_activist
    response = login(w.branch_admin).get(url(w.member))
    assert response.status_code == 200
    assert [p.code for p in response.context["problems"]] == ["postponement_no_transfer"]
    assert "Only the conversion of a probationary member transferred in" in response.content.decode()


def test_the_person_page_offers_the_button_only_after_a_transfer_in(world_with_activist, moved, login):
    w = world_with_activist
    page = login(w.sibling_admin).get(reverse("pc:case_detail", args=[moved.public_id]))
    assert page.context["can_postpone_conversion"] is True
    assert url(moved) in page.content.decode()
    # The committee sees the person but may not postpone.
    page = login(w.committee_admin).get(reverse("pc:case_detail", args=[moved.public_id]))
    assert page.status_code == 200 and url(moved) not in page.content.decode()


def test_no_button_for_a_probationer_not_transferred_in(world_with_activist, login):
    w = world_with_activist
    page = login(w.branch_admin).get(reverse("pc:case_detail", args=[w.member.public_id]))
    assert page.status_code == 200
    assert page.context["can_postpone_conversion"] is False
    assert url(w.member) not in page.content.decode()


# --- success --------------------------------------------------------------------------------------

def test_postponing_moves_the_reminder_not_the_conversion_date(world_with_activist, moved, login):
    w = world_with_activist
    client = login(w.sibling_admin)
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(url(moved), data(w))
    assert response.status_code == 302
    assert response["Location"] == reverse("pc:case_detail", args=[moved.public_id]) + "#membership"
    case = Case.objects.get(pk=moved.pk)
    assert (case.conversion_postponed_until, case.probation_end) == (LATEST, END)
    assert Deadline.objects.get(case=case, kind="conversion").due_date == LATEST
    last = StageChange.objects.filter(case=case).order_by("-id").first()
    assert (last.action, last.effective_date, last.reason) == ("conversion_postponed", w.today,
                                                               "2027-09-20：转入后需进一步考察")
    assert list(AuditEvent.objects.filter(pk__gt=mark).values_list("action", flat=True)) == [
        "case.conversion_postponed"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "has been postponed until 2027-09-20" in html
    assert "2027-09-20" in html and url(moved) in html  # shown, and may still be changed


# --- refused: 404 ---------------------------------------------------------------------------------

@pytest.mark.parametrize("actor", ["branch_admin", "committee_admin", "other_branch_admin",
                                   "other_committee_admin", "auditor"])
def test_anyone_but_the_branch_now_holding_the_person_gets_404(world_with_activist, moved, login, actor):
    """The old branch no longer holds the person; the committee reads but does not act."""
    w = world_with_activist
    client = login(getattr(w, actor))
    before = state(moved)
    assert client.get(url(moved)).status_code == 404
    assert client.post(url(moved), data(w)).status_code == 404
    assert state(moved) == before


def test_the_applicant_of_the_case_gets_404(world_with_activist, moved, login):
    w = world_with_activist
    client = login(w.activist_case.user)
    before = state(moved)
    assert client.post(url(moved), data(w)).status_code == 404
    assert state(moved) == before


def test_an_activist_has_no_postponement_page(world_with_activist, login):
    w = world_with_activist
    client = login(w.branch_admin)
    before = state(w.activist_case)
    assert client.get(url(w.activist_case)).status_code == 404
    assert client.post(url(w.activist_case), data(w)).status_code == 404
    assert state(w.activist_case) == before


# --- refused: a form error, nothing written ---------------------------------------------------------

@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"reason": ""}, "reason", "This field is required."),
    ({"reason": "   "}, "reason", "This field is required."),
    ({"until": ""}, "until", "This field is required."),
    ({"until": (LATEST + timedelta(days=1)).isoformat()}, "until",
     "at most six months after it (2027-09-20)"),
    ({"until": END.isoformat()}, "until", "a day after the end of the probation (2027-03-20)"),
    ({"decided_on": (date.today() + timedelta(days=2)).isoformat()}, "decided_on", "cannot be later than today"),
])
def test_bad_input_is_a_form_error_and_nothing_is_written(world_with_activist, moved, login, changes, field,
                                                          message):
    w = world_with_activist
    client = login(w.sibling_admin)
    before = state(moved)
    response = client.post(url(moved), data(w, **changes))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert state(moved) == before


def test_a_probationer_not_transferred_in_is_refused_with_nothing_written(world_with_activist, login):
    w = world_with_activist
    client = login(w.branch_admin)
    before = state(w.member)
    response = client.post(url(w.member), data(w))
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert any("Only the conversion of a probationary member transferred in" in e for e in errors)
    assert "Only the conversion of a probationary member transferred in" in response.content.decode()
    assert state(w.member) == before
