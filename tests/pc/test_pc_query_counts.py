"""Constant query counts (ARCHITECTURE §9): a list or detail page costs the same number of
queries with 1 row as with 30. A difference means an N+1 somewhere in the view or template."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partydev.audit.services import audit_record
from partydev.cases.models import StageChange
from partydev.orgs.models import Role
from tests.factories import (
    CaseFactory,
    FilingFactory,
    LetterFactory,
    MemberFactory,
    RecommendationFactory,
    ResolutionFactory,
    TalkFactory,
    admin,
    attach,
    branch_admin,
    child,
    committee,
)

pytestmark = pytest.mark.usefixtures("english")


def queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, session) first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.fixture
def tree(db):
    top = committee("计数党委")
    branch = child(top, "计数支部")
    return top, branch, branch_admin(branch), admin(Role.COMMITTEE_ADMIN, top), admin(Role.AUDITOR, top)


def grow(n, add):
    for _ in range(n):
        add()


@pytest.mark.parametrize("who, url_name, stage", [
    (2, "pc:applicant_list", "applicant"),
    (3, "pc:applicant_list", "applicant"),
    (2, "pc:activist_list", "activist"),
    (3, "pc:activist_list", "activist"),
])
def test_case_lists(tree, client, who, url_name, stage):
    _top, branch, *users = tree
    client.force_login(tree[who])
    add = lambda: CaseFactory(branch=branch, stage=stage, activist_since=timezone.localdate())  # noqa: E731
    add()
    one = queries(client, reverse(url_name))
    grow(29, add)
    assert queries(client, reverse(url_name)) == one


def test_filing_inbox(tree, client):
    _top, branch, admin_, committee_admin, _auditor = tree
    client.force_login(committee_admin)
    add = lambda: FilingFactory(case=CaseFactory(branch=branch), created_by=admin_,  # noqa: E731
                                warnings=[{"code": "late_talk", "blocking": False, "rule": "talk_within_month", "version": "2026"}])
    add()
    one = queries(client, reverse("pc:filing_inbox"))
    grow(29, add)
    assert queries(client, reverse("pc:filing_inbox")) == one


def test_audit_list(tree, client):
    _top, branch, admin_, _committee_admin, auditor = tree
    client.force_login(auditor)
    add = lambda: audit_record(actor=admin_, action="case.test", obj=(c := CaseFactory(branch=branch)), case=c)  # noqa: E731
    add()
    one = queries(client, reverse("pc:audit_list"))
    grow(29, add)
    assert queries(client, reverse("pc:audit_list")) == one


def _records(case, actor, roster, n, *, talkers_each=3, files_each=2):
    day = timezone.localdate() - timedelta(days=200)
    LetterFactory(case=case, received_date=day, status="returned", return_reason="重写")
    for i in range(n):
        talk = TalkFactory(case=case, talk_date=day + timedelta(days=i))
        talk.talkers.set(roster[:talkers_each])
        for record in (talk, RecommendationFactory(case=case, recommended_on=day + timedelta(days=i)),
                       ResolutionFactory(case=case, meeting_date=day + timedelta(days=i), result="failed")):
            for _ in range(files_each):
                attach(record, actor)
        StageChange.objects.create(case=case, action="entered", effective_date=day, actor=actor)


@pytest.mark.parametrize("who", [2, 3])  # the branch admin (may edit) and the committee admin (reads)
def test_case_detail(tree, client, who):
    _top, branch, admin_, *_ = tree
    roster = [MemberFactory(branch=branch) for _ in range(3)]
    client.force_login(tree[who])
    small, big = CaseFactory(branch=branch), CaseFactory(branch=branch)
    _records(small, admin_, roster, 1, talkers_each=1, files_each=1)
    _records(big, admin_, roster, 30)
    one = queries(client, reverse("pc:case_detail", args=[small.public_id]))
    assert queries(client, reverse("pc:case_detail", args=[big.public_id])) == one
    # Issue 15: within 15 (was 27–28), the request's session, user, grants and 2FA check included;
    # tables without a row for the case cost no query (tests/perf/test_person_page.py: an activist).
    assert one <= 15


def test_filing_detail(tree, client):
    _top, branch, admin_, committee_admin, _ = tree
    roster = [MemberFactory(branch=branch) for _ in range(3)]
    client.force_login(committee_admin)
    small, big = CaseFactory(branch=branch), CaseFactory(branch=branch)
    _records(small, admin_, roster, 1, talkers_each=1, files_each=0)
    _records(big, admin_, roster, 30, files_each=0)
    f_small = FilingFactory(case=small, created_by=admin_)
    f_big = FilingFactory(case=big, created_by=admin_, warnings=[{"code": "late_talk", "blocking": False, "rule": "talk_within_month",
                                                       "version": "2026"}] * 30)
    one = queries(client, reverse("pc:filing_detail", args=[f_small.pk]))
    assert queries(client, reverse("pc:filing_detail", args=[f_big.pk])) == one
