"""The person page (全程纪实) within 15 queries (issue 15; it made 27–30, then 7–25 by the kinds of
records a person has): the request's own (session, user, grants, 2FA device) included, for the
bench's two people — the activist with the most records of the biggest branch and an applicant filed
with the 党委 — on generate_data's T0 university (which has no one past the activist stage), and for
every person of the demo, from the applicant without a talk to the full member (16 kinds of records)
and the probationary member (17): the same count for all of them, since every record is read in one
query (partydev/cases/selectors/case_rows.py)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.datagen.generation import Options, generate
from partydev.cases.models import Case
from partydev.orgs.models import RoleGrant
from partydev.process.enums import FilingStatus, Stage

TODAY = date(2026, 11, 20)
BUDGET = 15


@pytest.fixture
def world(db):
    generate(Options(tier="T0", seed=3, today=TODAY, password="Bench@2026x", audit=False), out=lambda s: None)
    user = get_user_model().objects.get(username="bench_branch")
    return user, RoleGrant.objects.get(user=user).org


def page_queries(client, case) -> tuple[int, bytes]:
    url = reverse("pc:case_detail", args=[case.public_id])
    client.get(url)  # per-process caches (content types) first
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content


def test_person_page_within_budget(world, client):
    user, branch = world
    client.force_login(user)
    activists = list(Case.objects.filter(branch=branch, stage=Stage.ACTIVIST)
                     .annotate(n=Count("thoughtreports")).order_by("-n", "id")[:2])
    applicant = (Case.objects.filter(branch=branch, stage=Stage.APPLICANT, filings__status=FilingStatus.PENDING)
                 .order_by("id").first())
    assert activists and activists[0].n > 0 and applicant
    most, content = page_queries(client, activists[0])
    assert most <= BUDGET
    assert activists[0].name.encode() in content
    assert page_queries(client, applicant)[0] <= BUDGET


def test_every_person_of_the_demo_within_budget_whatever_records_they_have(demo_world, client):
    client.force_login(demo_world["committee"])  # sees every branch of the demo
    counts = {}
    for case in Case.objects.order_by("id"):
        counts[(case.name, case.stage)], content = page_queries(client, case)
        assert case.name.encode() in content
    stages = {stage for _name, stage in counts}
    assert {Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY, Stage.FULL} <= stages
    assert max(counts.values()) <= BUDGET, counts
    # The count does not depend on the kinds of records (the holiday calendar, read for an activist's
    # 公示 only, is the one possible difference).
    assert max(counts.values()) - min(counts.values()) <= 1, counts
