"""培养联系人: one or two full members of the own branch or of another branch under the same committee;
replacing one ends the old assignment with its dates kept; everything else is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import ContactAssignment, Deadline, StageChange
from partydev.cases.services import contacts_set

pytestmark = pytest.mark.usefixtures("english")


def edit_url(case):
    return reverse("pc:contacts_edit", args=[case.public_id])


def search_url(case):
    return reverse("pc:contacts_search", args=[case.public_id])


def post(client, case, members, on):
    return client.post(edit_url(case), {"contacts": [m.pk for m in members], "assigned_on": on.isoformat()})


def active_contacts(case):
    return set(ContactAssignment.objects.filter(case=case, ended_on__isnull=True).values_list("member__name", flat=True))


def test_form_lists_own_branch_members(w, login, kit):
    response = login(w.b1_admin).get(edit_url(w.activist))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王建国" in html and "李红梅" in html
    assert "何平" not in html  # another committee's roster is never offered


@pytest.mark.parametrize("names", [["wang"], ["wang", "li"], ["wang", "zhou"], ["zhou", "wu"]])
def test_one_or_two_full_members_of_the_committee_are_saved(w, login, kit, names):
    members = [getattr(w, n) for n in names]
    client = login(w.b1_admin)
    mark = kit.last_audit_id()
    response = post(client, w.activist, members, w.today)
    assert response.status_code == 302
    assert response.url == reverse("pc:case_detail", args=[w.activist.public_id]) + "#contacts"
    rows = ContactAssignment.objects.filter(case=w.activist)
    assert {(r.member_id, r.assigned_on, r.ended_on, r.created_by_id) for r in rows} == {
        (m.pk, w.today, None, w.b1_admin.pk) for m in members}
    assert kit.new_audit(mark) == ["contacts.set"]
    assert StageChange.objects.filter(case=w.activist, action="contacts_changed").count() == 1
    # The "appoint contacts" duty is done.
    assert not Deadline.objects.filter(case=w.activist, kind="contacts").exists()


def test_replacing_a_contact_ends_the_old_assignment_and_keeps_its_dates(w, login, kit):
    first_day = w.today - timedelta(days=30)
    contacts_set(case=w.activist, members=[w.wang, w.li], assigned_on=first_day, actor=w.b1_admin)
    wang_row = ContactAssignment.objects.get(case=w.activist, member=w.wang)
    client = login(w.b1_admin)
    mark = kit.last_audit_id()

    response = post(client, w.activist, [w.wang, w.zhou], w.today)

    assert response.status_code == 302
    li_row = ContactAssignment.objects.get(case=w.activist, member=w.li)
    assert (li_row.assigned_on, li_row.ended_on) == (first_day, w.today)
    kept = ContactAssignment.objects.get(pk=wang_row.pk)
    assert (kept.assigned_on, kept.ended_on) == (first_day, None)
    zhou_row = ContactAssignment.objects.get(case=w.activist, member=w.zhou)
    assert (zhou_row.assigned_on, zhou_row.ended_on) == (w.today, None)
    assert ContactAssignment.objects.filter(case=w.activist).count() == 3
    assert active_contacts(w.activist) == {"王建国", "周杰"}
    assert kit.new_audit(mark) == ["contacts.set"]
    # The detail page keeps the ended appointment with both dates.
    html = client.get(reverse("pc:case_detail", args=[w.activist.public_id])).content.decode()
    assert f"{first_day:%Y-%m-%d} — {w.today:%Y-%m-%d}" in html


def test_saving_the_same_contacts_again_writes_nothing(w, login, kit):
    contacts_set(case=w.activist, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = post(client, w.activist, [w.wang], w.today)
    assert response.status_code == 302
    assert kit.snapshot() == before


@pytest.mark.parametrize("names, message", [
    (["wang", "li", "zhou"], "Choose one or two cultivation contacts."),
    ([], "Choose one or two cultivation contacts."),
    (["probationary"], "probationary member"),
    (["wang", "b2_probationary"], "probationary member"),
    (["retired"], "Select a valid choice"),
    # Another committee's member is refused like an id that does not exist (issue 10, finding 5).
    (["he"], "Select a valid choice"),
    (["wang", "he"], "Select a valid choice"),
])
def test_refused_with_a_form_error_and_nothing_written(w, login, kit, names, message):
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = post(client, w.activist, [getattr(w, n) for n in names], w.today)
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors["contacts"])
    assert message in errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert kit.snapshot() == before


def test_refused_replacement_keeps_the_current_contacts(w, login, kit):
    contacts_set(case=w.activist, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = post(client, w.activist, [w.he], w.today)
    assert response.status_code == 400
    assert kit.snapshot() == before
    assert active_contacts(w.activist) == {"王建国"}


def test_a_future_appointment_date_is_refused(w, login, kit):
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = post(client, w.activist, [w.wang], w.today + timedelta(days=1))
    assert response.status_code == 400
    assert response.context["form"].errors["assigned_on"]
    assert kit.snapshot() == before


@pytest.mark.parametrize("actor", ["c_admin", "b2_admin", "ob_admin", "oc_admin", "auditor",
                                   "activist_user", "applicant_user"])
def test_only_the_branch_admin_of_the_activist_may_edit(w, login, kit, actor):
    client = login(getattr(w, actor))
    before = kit.snapshot()
    assert client.get(edit_url(w.activist)).status_code == 404
    assert post(client, w.activist, [w.wang], w.today).status_code == 404
    assert client.get(search_url(w.activist), {"q": "周"}).status_code == 404
    assert kit.snapshot() == before


def test_anonymous_is_sent_to_login(w, login, kit):
    client = login(None)
    response = client.get(edit_url(w.activist))
    assert response.status_code == 302 and "/login" in response.url


def test_an_applicant_stage_case_has_no_contacts_page(w, login, kit):
    client = login(w.b1_admin)
    before = kit.snapshot()
    assert client.get(edit_url(w.applicant)).status_code == 404
    assert post(client, w.applicant, [w.wang], w.today).status_code == 404
    assert client.get(search_url(w.applicant), {"q": "周"}).status_code == 404
    assert kit.snapshot() == before


def test_search_returns_members_of_other_branches_of_the_same_committee_only(w, login, kit):
    response = login(w.b1_admin).get(search_url(w.activist), {"q": "周"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "周杰" in html and f'value="{w.zhou.pk}"' in html
    assert "周远方" not in html  # the other committee's member with a matching name
    assert "周退休" not in html  # no longer on the roster
    assert "<html" not in html  # a fragment for htmx


def test_search_never_returns_the_own_branch_or_another_committee(w, login, kit):
    client = login(w.b1_admin)
    own = client.get(search_url(w.activist), {"q": "王建国"}).content.decode()
    assert f'value="{w.wang.pk}"' not in own
    other = client.get(search_url(w.activist), {"q": "何平"}).content.decode()
    assert f'value="{w.he.pk}"' not in other and "何平" not in other


def test_browsing_a_branch_lists_its_active_roster_by_name(w, login, kit):
    client = login(w.b1_admin)
    page = client.get(edit_url(w.activist)).content.decode()
    assert f'<option value="{w.b2.pk}">第二党支部</option>' in page  # the other branches of the 党委
    options = page.split('id="contact-branch"', 1)[1].split("</select>", 1)[0]
    assert f'value="{w.b1.pk}"' not in options and f'value="{w.ob.pk}"' not in options
    html = client.get(search_url(w.activist), {"branch": w.b2.pk}, HTTP_HX_REQUEST="true").content.decode()
    names = [m for m in ("吴静", "周杰", "朱琳") if m in html]
    assert names == ["吴静", "周杰", "朱琳"] and html.index("吴静") < html.index("周杰")  # by name
    assert "周退休" not in html  # no longer on the roster


def test_browsing_another_committees_branch_is_like_a_missing_branch(w, login, kit):
    client = login(w.b1_admin)
    foreign = client.get(search_url(w.activist), {"branch": w.ob.pk}).content.decode()
    missing = client.get(search_url(w.activist), {"branch": 999999}).content.decode()
    own = client.get(search_url(w.activist), {"branch": w.b1.pk}).content.decode()
    assert foreign == missing == own
    assert "何平" not in foreign and "王建国" not in own


def test_search_is_get_only(w, login, kit):
    client = login(w.b1_admin)
    before = kit.snapshot()
    assert client.post(search_url(w.activist), {"q": "周"}).status_code == 405
    assert kit.snapshot() == before
