"""Issue 10, finding 5: a form that takes member ids answers an id of another Party committee's
roster exactly as it answers an id that does not exist: same status, same errors, no name and no
member type. Before the fix the contacts page answered 400 with "何秘书 belongs to another Party
committee" and the member type, so any branch admin could read every committee's roster."""

import re

import pytest
from django.urls import reverse

from partydev.orgs.models import Member, MemberType
from tests.factories import MemberFactory

SECRET_NAME = "何秘书"


@pytest.fixture
def outsider(world_with_activist):
    """A full member (and a probationary one) of the other committee's branch, and an id nobody has."""
    w = world_with_activist
    # Six-digit ids, so that the pages can be compared with the id replaced.
    w.outsider = MemberFactory(pk=900001, branch=w.other_branch, name=SECRET_NAME, member_type=MemberType.FULL)
    w.outsider_probationary = MemberFactory(pk=900002, branch=w.other_branch, name="何预备",
                                            member_type=MemberType.PROBATIONARY)
    w.missing_id = 900003
    assert not Member.objects.filter(pk=w.missing_id).exists()
    return w


def _contacts(w, ids):
    return reverse("pc:contacts_edit", args=[w.activist_case.public_id]), {
        "contacts": ids, "assigned_on": w.today.isoformat()}


def _introducers(w, ids):
    return reverse("pc:introducers_edit", args=[w.target.public_id]), {
        "members": ids, "assigned_on": w.today.isoformat()}


def _talk(w, ids):
    return reverse("pc:record_new", args=[w.pending_case.public_id, "talks"]), {
        "talk_date": w.today.isoformat(), "talkers": ids, "place": "党员活动室", "content": "谈话"}


def _meeting(w, ids):
    data = {"meeting_date": w.today.isoformat(), "votes_for": 3, "votes_against": 0, "votes_abstain": 0,
            "voting_method": "secret_ballot", "voted_alone": "yes", "resolution": "同意", "outcome": "full"}
    for i in ids:
        data[f"status_{i}"] = "present"
    return reverse("pc:meeting_new", args=[w.member.public_id, "conversion"]), data


FORMS = {"contacts": _contacts, "introducers": _introducers, "talk": _talk, "meeting": _meeting}


def _normalised(response, ids):
    html = response.content.decode()
    html = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", html)  # the masked CSRF token differs per page
    for i in ids:
        html = re.sub(rf"(?<!\d){i}(?!\d)", "ID", html)  # six-digit ids: nothing else on the page
    return html


def _errors(response, ids):
    form = response.context["form"] if response.context and "form" in response.context else None
    if form is None:
        return None
    return {field: [re.sub(r"\d+", "ID", str(e)) for e in errs] for field, errs in form.errors.items()}


@pytest.mark.parametrize("kind", sorted(FORMS))
@pytest.mark.parametrize("who", ["outsider", "outsider_probationary"])
def test_an_id_of_another_committee_is_answered_like_a_missing_one(outsider, login, kind, who):
    w = outsider
    client = login(w.branch_admin)
    foreign = getattr(w, who)
    url, data = FORMS[kind](w, [foreign.pk])
    answer_foreign = client.post(url, data)
    url, data = FORMS[kind](w, [w.missing_id])
    answer_missing = client.post(url, data)

    assert answer_foreign.status_code == answer_missing.status_code == 400
    html = answer_foreign.content.decode()
    assert foreign.name not in html
    assert _errors(answer_foreign, [foreign.pk]) == _errors(answer_missing, [w.missing_id])
    assert _normalised(answer_foreign, [foreign.pk]) == _normalised(answer_missing, [w.missing_id])


@pytest.mark.parametrize("kind", ["contacts", "introducers", "talk"])
def test_mixed_with_an_own_member_the_foreign_id_still_tells_nothing(outsider, login, kind):
    w = outsider
    client = login(w.branch_admin)
    own = w.roster[0].pk
    url, data = FORMS[kind](w, [own, w.outsider.pk])
    answer_foreign = client.post(url, data)
    url, data = FORMS[kind](w, [own, w.missing_id])
    answer_missing = client.post(url, data)
    assert answer_foreign.status_code == answer_missing.status_code == 400
    assert SECRET_NAME not in answer_foreign.content.decode()
    assert _errors(answer_foreign, [w.outsider.pk]) == _errors(answer_missing, [w.missing_id])
