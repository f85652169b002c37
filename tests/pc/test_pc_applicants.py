"""申请人管理 / 积极分子管理 lists, paper entry, and the person's detail page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.audit.models import AuditEvent
from partydev.cases.models import Case, Deadline, StageChange
from partydev.common.dates import add_months
from tests.factories import CaseFactory, db_state, pdf, person

pytestmark = pytest.mark.usefixtures("english")



def filing_problems(response):
    """The problems 下一步 shows beside 确定积极分子并备案 (the activist filing's own gate)."""
    return next(a for a in response.context["next_actions"] if a.code == "activist").problems

def names(response):
    return {c.name for c in response.context["page"]}


def test_branch_admin_lists_own_branch_applicants_only(world, login):
    response = login(world.branch_admin).get(reverse("pc:applicant_list"))
    assert names(response) == {"陈思远", "李沐阳", "王浩然"}


def test_committee_admin_lists_the_whole_subtree(world, login):
    response = login(world.committee_admin).get(reverse("pc:applicant_list"))
    assert names(response) == {"陈思远", "李沐阳", "王浩然", "赵一鸣"}
    activists = login(world.committee_admin).get(reverse("pc:activist_list"))
    assert names(activists) == {"刘子涵"}


def test_other_committee_sees_only_its_own(world, login):
    response = login(world.other_committee_admin).get(reverse("pc:applicant_list"))
    assert names(response) == {"何平"}


def test_search_by_surname_or_full_name(world, login):
    client = login(world.branch_admin)
    assert names(client.get(reverse("pc:applicant_list"), {"q": "李"})) == {"李沐阳"}
    assert names(client.get(reverse("pc:applicant_list"), {"q": "李沐阳"})) == {"李沐阳"}
    assert names(client.get(reverse("pc:applicant_list"), {"q": " 李沐 "})) == {"李沐阳"}
    # A prefix match: the given name alone does not find the person (docs/performance.md M3).
    assert names(client.get(reverse("pc:applicant_list"), {"q": "沐阳"})) == set()
    assert names(client.get(reverse("pc:applicant_list"), {"q": "不存在"})) == set()
    assert "Nobody matches." in client.get(reverse("pc:applicant_list"), {"q": "不存在"}).content.decode()


@pytest.mark.parametrize("status, expected", [
    ("awaiting_letter", {"李沐阳"}),
    ("no_letter", {"李沐阳"}),
    ("filed", {"王浩然"}),
    ("", {"陈思远", "李沐阳", "王浩然"}),
])
def test_status_filter(world, login, status, expected):
    response = login(world.branch_admin).get(reverse("pc:applicant_list"), {"status": status})
    assert names(response) == expected


def test_branch_filter_cannot_reach_outside_scope(world, login):
    client = login(world.committee_admin)
    assert names(client.get(reverse("pc:applicant_list"), {"branch": world.sibling.pk})) == {"赵一鸣"}
    # A branch outside the scope is not a valid choice: the filter is ignored, the scope stays.
    outside = client.get(reverse("pc:applicant_list"), {"branch": world.other_branch.pk})
    assert "何平" not in names(outside)


def test_pagination(world, login):
    CaseFactory.create_batch(25, branch=world.branch)
    client = login(world.branch_admin)
    first = client.get(reverse("pc:applicant_list"))
    second = client.get(reverse("pc:applicant_list"), {"page": 2})
    assert len(first.context["page"]) == 20
    assert len(second.context["page"]) == 8
    assert names(first).isdisjoint(names(second))
    assert "28 in total" in first.content.decode()


def test_list_shows_id_numbers_masked(world, login):
    html = login(world.branch_admin).get(reverse("pc:applicant_list")).content.decode()
    assert world.case.id_number_masked in html
    assert world.case.id_number not in html


# --- paper entry -------------------------------------------------------------------------------

def paper_data(world, n=9002, **letter):
    data = {f"p-{k}": v for k, v in person(n).items()} | {"b-branch": world.branch.pk}
    received = world.today - timedelta(days=3)
    return data | {"l-title": "入党申请书", "l-content": "申请入党",
                   "l-written_date": (received - timedelta(days=1)).isoformat(),
                   "l-received_date": received.isoformat()} | letter


def test_paper_entry_creates_case_letter_history_deadline_and_audit(world, login):
    client = login(world.branch_admin)
    data = paper_data(world) | {"l-attachments": pdf("申请书扫描件.pdf")}
    response = client.post(reverse("pc:applicant_new"), data)
    case = Case.objects.get(name=data["p-name"])
    assert response.status_code == 302
    assert response["Location"] == reverse("pc:case_detail", args=[case.public_id])
    assert (case.branch, case.source, case.user) == (world.branch, "paper", None)
    letter = case.applicationletters.get()
    received = world.today - timedelta(days=3)
    assert (letter.status, letter.received_date) == ("submitted", received)
    assert [a.original_name for a in letter.attachments.all()] == ["申请书扫描件.pdf"]
    assert StageChange.objects.get(case=case).action == "entered"
    assert AuditEvent.objects.filter(case=case, action="case.create_paper").count() == 1
    assert Deadline.objects.get(case=case, kind="talk").due_date == add_months(received, 1)


def test_paper_entry_page_offers_only_managed_branches(world, login):
    response = login(world.branch_admin).get(reverse("pc:applicant_new"))
    assert list(response.context["branch_form"].fields["branch"].queryset) == [world.branch]


@pytest.mark.parametrize("overrides, form, field", [
    ({"p-id_number": "110105200003010011"}, "person_form", "id_number"),  # wrong check digit
    ({"p-name": "   "}, "person_form", "name"),
    ({"p-ethnicity": "火星族"}, "person_form", "ethnicity"),
    ({"l-received_date": "2000-01-01"}, "letter_form", "received_date"),  # before it was written
    ({"l-received_date": "2099-01-01"}, "letter_form", "received_date"),
    ({"l-content": ""}, "letter_form", "content"),
])
def test_paper_entry_bad_input_writes_nothing(world, login, overrides, form, field):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:applicant_new"), paper_data(world) | overrides)
    assert response.status_code in (200, 400)
    # (A future receipt date is reported as a form-wide error, not on the field; either is shown.)
    bound = response.context[form]
    assert bound.errors.get(field) or (field == "received_date" and bound.non_field_errors())
    assert db_state() == before


def test_paper_entry_into_unmanaged_branch_writes_nothing(world, login):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:applicant_new"), paper_data(world, **{"b-branch": world.sibling.pk}))
    assert response.context["branch_form"].errors["branch"]
    assert db_state() == before


def test_paper_entry_with_registered_id_number_is_refused(world, login):
    client = login(world.branch_admin)
    before = db_state()
    response = client.post(reverse("pc:applicant_new"),
                           paper_data(world) | {"p-id_number": world.other_case.id_number})
    assert "already registered" in response.content.decode()
    assert db_state() == before


# --- detail page -------------------------------------------------------------------------------

def test_detail_page_shows_person_records_and_history(world, login):
    response = login(world.branch_admin).get(reverse("pc:case_detail", args=[world.case.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.case.id_number_masked in html and world.case.phone_masked in html
    assert "王建国" in html and "李红梅" in html  # talkers from the roster
    assert "talk.png" in html
    assert "Registered with the QR code" in html  # history
    assert response.context["can_edit"] is True
    assert [p.code for p in filing_problems(response)] == []


def test_detail_page_flags_a_missing_talk_with_its_deadline(world, login):
    response = login(world.branch_admin).get(reverse("pc:case_detail", args=[world.pending_case.public_id]))
    html = response.content.decode()
    due = add_months(world.pending_letter.received_date, 1)
    assert f"A talk is due by {due:%Y-%m-%d}" in html
    assert "2026 Rules, Art. 7" in html


def test_detail_page_flags_an_overdue_talk(world, login):
    old = CaseFactory(branch=world.branch)
    old.applicationletters.create(title="t", content="c", written_date=world.today - timedelta(days=50),
                                  received_date=world.today - timedelta(days=45), status="approved")
    response = login(world.branch_admin).get(reverse("pc:case_detail", args=[old.public_id]))
    assert "No talk recorded: it was due by" in response.content.decode()
    assert "no_talk" in [p.code for p in filing_problems(response)]


def test_committee_sees_detail_read_only(world, login):
    response = login(world.committee_admin).get(reverse("pc:case_detail", args=[world.case.public_id]))
    assert response.context["can_edit"] is False and response.context["can_return"] is False
    html = response.content.decode()
    assert reverse("pc:record_new", args=[world.case.public_id, "talks"]) not in html
    assert reverse("pc:case_filing", args=[world.case.public_id]) not in html
