"""The five kinds of opinion about an activist: new, view, edit and delete by the branch admin, through
the generic record views (kind slugs opinion-<kind>). 培养联系人确定意见 names a current contact."""

from datetime import timedelta

import pytest
from django.urls import reverse

from partydev.cases.models import Opinion
from partydev.cases.services import contacts_set
from partydev.process.enums import ACTIVIST_OPINIONS, OpinionKind
from tests.factories import seen

pytestmark = pytest.mark.usefixtures("english")

KINDS = list(ACTIVIST_OPINIONS)
CONTACT = OpinionKind.CONTACT_CONFIRMATION


def slug(kind):
    return f"opinion-{kind.value}"


def url(name, case, kind, pk=None):
    return reverse(name, args=[case.public_id, slug(kind)] + ([pk] if pk else []))


@pytest.fixture
def contacts(w):
    """The activist's current contacts: 王建国 (own branch) and 周杰 (sibling branch)."""
    contacts_set(case=w.activist, members=[w.wang, w.zhou], assigned_on=w.today - timedelta(days=20),
                 actor=w.b1_admin)
    return [w.wang, w.zhou]


def form_data(w, kind, **extra):
    data = {"given_on": (w.today - timedelta(days=3)).isoformat(), "author": "王建国",
            "content": f"{kind.value} 意见：学习认真。"}
    if kind == CONTACT:
        data["contact"] = w.zhou.pk
    return data | extra


@pytest.mark.parametrize("kind", KINDS)
def test_new_opinion(w, login, kit, contacts, kind):
    client = login(w.b1_admin)
    assert client.get(url("pc:record_new", w.activist, kind)).status_code == 200
    mark = kit.last_audit_id()
    response = client.post(url("pc:record_new", w.activist, kind), form_data(w, kind))
    assert response.status_code == 302
    assert response.url == reverse("pc:case_detail", args=[w.activist.public_id]) + f"#{slug(kind)}"
    opinion = Opinion.objects.get(case=w.activist)
    assert (opinion.kind, opinion.given_on, opinion.author, opinion.created_by) == (
        kind.value, w.today - timedelta(days=3), "王建国", w.b1_admin)
    assert opinion.contact == (w.zhou if kind == CONTACT else None)
    assert kit.new_audit(mark) == ["opinion.create"]
    detail = client.get(reverse("pc:case_detail", args=[w.activist.public_id])).content.decode()
    assert f"{kind.value} 意见" in detail


@pytest.mark.parametrize("kind", KINDS)
def test_view_edit_and_delete(w, login, kit, contacts, kind):
    opinion = kit.add_opinion(w.activist, w.b1_admin, kind, given_on=w.today - timedelta(days=10),
                              contact=w.wang if kind == CONTACT else None, content="原来的内容")
    client = login(w.b1_admin)

    view = client.get(url("pc:record_detail", w.activist, kind, opinion.pk))
    assert view.status_code == 200
    assert "原来的内容" in view.content.decode()

    assert client.get(url("pc:record_edit", w.activist, kind, opinion.pk)).status_code == 200
    mark = kit.last_audit_id()
    response = client.post(url("pc:record_edit", w.activist, kind, opinion.pk),
                           form_data(w, kind, content="改过的内容") | seen(opinion))
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.content, opinion.kind) == ("改过的内容", kind.value)
    assert kit.new_audit(mark) == ["opinion.update"]

    assert client.get(url("pc:record_delete", w.activist, kind, opinion.pk)).status_code == 200
    assert Opinion.objects.filter(pk=opinion.pk).exists()  # GET only asks
    mark = kit.last_audit_id()
    assert client.post(url("pc:record_delete", w.activist, kind, opinion.pk)).status_code == 302
    assert not Opinion.objects.filter(pk=opinion.pk).exists()
    assert kit.new_audit(mark) == ["opinion.delete"]


def test_an_opinion_is_reached_only_under_its_own_kind(w, login, kit):
    opinion = kit.add_opinion(w.activist, w.b1_admin, OpinionKind.EDUCATION, given_on=w.today)
    client = login(w.b1_admin)
    other = OpinionKind.BRANCH_INSPECTION
    assert client.get(url("pc:record_detail", w.activist, other, opinion.pk)).status_code == 404
    before = kit.snapshot()
    assert client.post(url("pc:record_delete", w.activist, other, opinion.pk)).status_code == 404
    assert kit.snapshot() == before


@pytest.mark.parametrize("change, field", [
    ({"content": ""}, "content"),
    ({"author": ""}, "author"),
    ({"given_on": ""}, "given_on"),
    ("future", "given_on"),
])
def test_bad_input_is_refused(w, login, kit, change, field):
    if change == "future":
        change = {"given_on": (w.today + timedelta(days=1)).isoformat()}
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = client.post(url("pc:record_new", w.activist, OpinionKind.EDUCATION),
                           form_data(w, OpinionKind.EDUCATION) | change)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert kit.snapshot() == before


@pytest.mark.parametrize("contact", ["", "li", "he", "ended"])
def test_contact_opinion_needs_one_of_the_current_contacts(w, login, kit, contacts, contact):
    if contact == "ended":
        # 周杰 is replaced: a former contact may no longer be named.
        contacts_set(case=w.activist, members=[w.wang], assigned_on=w.today, actor=w.b1_admin)
        value = w.zhou.pk
    else:
        value = getattr(w, contact).pk if contact else ""
    client = login(w.b1_admin)
    before = kit.snapshot()
    response = client.post(url("pc:record_new", w.activist, CONTACT), form_data(w, CONTACT, contact=value))
    assert response.status_code == 400
    assert response.context["form"].errors["contact"]
    assert kit.snapshot() == before


def test_contact_opinion_form_offers_only_the_current_contacts(w, login, contacts):
    form = login(w.b1_admin).get(url("pc:record_new", w.activist, CONTACT)).context["form"]
    assert set(form.fields["contact"].queryset) == {w.wang, w.zhou}
    education = login(w.b1_admin).get(url("pc:record_new", w.activist, OpinionKind.EDUCATION)).context["form"]
    assert "contact" not in education.fields


@pytest.mark.parametrize("actor", ["c_admin", "b2_admin", "ob_admin", "auditor", "activist_user"])
def test_only_the_branch_admin_writes_opinions(w, login, kit, actor):
    opinion = kit.add_opinion(w.activist, w.b1_admin, OpinionKind.EDUCATION, given_on=w.today)
    kind = OpinionKind.EDUCATION
    client = login(getattr(w, actor))
    before = kit.snapshot()
    assert client.get(url("pc:record_new", w.activist, kind)).status_code == 404
    assert client.post(url("pc:record_new", w.activist, kind), form_data(w, kind)).status_code == 404
    assert client.post(url("pc:record_edit", w.activist, kind, opinion.pk),
                       form_data(w, kind, content="改")).status_code == 404
    assert client.post(url("pc:record_delete", w.activist, kind, opinion.pk)).status_code == 404
    assert kit.snapshot() == before


def test_the_committee_admin_may_view_an_opinion(w, login, kit):
    opinion = kit.add_opinion(w.activist, w.b1_admin, OpinionKind.EDUCATION, given_on=w.today,
                              content="党委可以看的意见")
    page = login(w.c_admin).get(url("pc:record_detail", w.activist, OpinionKind.EDUCATION, opinion.pk))
    assert page.status_code == 200 and "党委可以看的意见" in page.content.decode()
    assert page.context["can_edit"] is False


@pytest.mark.parametrize("kind", KINDS)
def test_no_opinions_for_an_applicant(w, login, kit, kind):
    client = login(w.b1_admin)
    before = kit.snapshot()
    assert client.get(url("pc:record_new", w.applicant, kind)).status_code == 404
    assert client.post(url("pc:record_new", w.applicant, kind), form_data(w, kind)).status_code == 404
    assert kit.snapshot() == before
