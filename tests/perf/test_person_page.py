"""The person page (全程纪实) within 15 queries (issue 15; it made 27–30): the request's own (session,
user, grants, 2FA device) included, for the bench's two people — the activist with the most records
of the biggest branch and an applicant filed with the 党委 — on generate_data's T0 university."""

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
