"""Lists and details cost a constant number of queries: 1 row or many, the same count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partydev.cases.services import filing_submit
from tests.factories import paper_case, prepare_for_filing


def count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def more_people(world, n):
    for i in range(n):
        case = prepare_for_filing(paper_case(world.branch, world.branch_admin, name=f"查询{i}"), world.branch_admin)
        filing_submit(case=case, actor=world.branch_admin, sent_on=world.today)


@pytest.mark.parametrize(("who", "url", "params", "rows"), [
    ("branch", "/api/v1/cases/", {"stage": "applicant"}, "results"),
    ("committee", "/api/v1/cases/", {"stage": "applicant", "q": "查"}, "results"),
    ("committee", "/api/v1/filings/", None, "results"),
    ("branch", "/api/v1/reminders/", {"window": "all"}, "results"),
])
def test_list_query_count_is_constant(world, token_for, who, url, params, rows):
    client = token_for(world.actors[who])
    few, first = count(client, url, params)
    more_people(world, 6)
    many, second = count(client, url, params)
    assert len(second[rows]) > len(first[rows])
    assert many == few


def test_record_list_and_timeline_query_counts_are_constant(world, token_for):
    from partydev.cases.services import record_save

    client = token_for(world.branch_admin)
    base = f"/api/v1/cases/{world.case.public_id}/"
    talks_few, _ = count(client, base + "records/talks/")
    timeline_few, _ = count(client, base + "timeline/")
    for i in range(4):
        record_save(kind="talks", case=world.case, actor=world.branch_admin, data={
            "talk_date": world.today, "place": f"会议室{i}", "content": "谈话", "talkers": world.roster[:2]})
    talks_many, body = count(client, base + "records/talks/")
    assert len(body) == 5 and talks_many == talks_few
    assert count(client, base + "timeline/")[0] == timeline_few


def test_introducers_and_meetings_query_counts_are_constant(world_with_activist, token_for):
    from datetime import date

    from partydev.cases.services import introducers_set

    world = world_with_activist
    client = token_for(world.branch_admin)
    url = f"/api/v1/cases/{world.target.public_id}/introducers/"
    none, body = count(client, url)
    assert body == []
    introducers_set(case=world.target, members=world.roster[:2], assigned_on=date(2026, 2, 9), actor=world.branch_admin)
    two, body = count(client, url)
    assert len(body) == 2 and two == none
    meetings, body = count(client, f"/api/v1/cases/{world.member.public_id}/meetings/")
    assert len(body) == 1
    assert count(client, f"/api/v1/cases/{world.target.public_id}/meetings/")[0] == meetings
