"""What JSON allows but the database and UTF-8 do not: a 400 problem, never a 500, nothing written."""

import json

import pytest

from tests.factories import db_state


@pytest.mark.parametrize("body", [
    {"talkers": [-10317676606108318937290824835640], "talk_date": "2026-01-01", "place": "x", "content": "x"},
    {"talk_date": "2026-01-01", "place": "\udb7f\ude92x", "content": "a\udb7f", "other_talkers": "x"},
    {"\udb7f": 1},
])
def test_hostile_json_is_a_400(world, token_for, body):
    client = token_for(world.branch_admin)
    before = db_state()
    # Sent as a client would: escaped JSON ("\\udb7f"), which the test client's own renderer cannot make.
    response = client.post(f"/api/v1/cases/{world.case.public_id}/records/talks/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert db_state() == before


def test_an_id_too_long_for_the_database_is_a_404(world, token_for):
    client = token_for(world.committee_admin)
    assert client.get("/api/v1/filings/99999999999999999999999999/").status_code == 404
    assert client.get("/api/v1/filings/999999999999999999/").status_code == 404
