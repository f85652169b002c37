"""The applicant's home page: own case only, progress, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import LetterFactory, attach

pytestmark = pytest.mark.usefixtures("english")


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_home_shows_own_case_and_progress(world, login):
    response = login(world.applicant).get(reverse("mobile:home"))
    html = response.content.decode()
    assert response.context["case"] == world.case
    assert "陈思远" in html and world.branch.name in html
    assert "赵一鸣" not in html
    steps = [(row.step.code, row.state) for row in response.context["timeline"]]
    assert steps[:2] == [("application", "done"), ("talk", "done")]


def test_home_query_count_is_constant(world, login):
    client = login(world.stranger)
    case = world.sibling_case
    LetterFactory(case=case, status="returned", return_reason="重写")
    one = queries(client, reverse("mobile:home"))
    LetterFactory.create_batch(29, case=case, status="returned", return_reason="重写")
    assert queries(client, reverse("mobile:home")) == one


def test_letter_detail_query_count_is_constant(world, login):
    client = login(world.applicant)
    attach(world.letter, world.branch_admin)
    one = queries(client, reverse("mobile:letter_detail", args=[world.letter.pk]))
    for _ in range(29):
        attach(world.letter, world.branch_admin)
    assert queries(client, reverse("mobile:letter_detail", args=[world.letter.pk])) == one
