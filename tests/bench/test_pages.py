"""Every page `make bench` measures answers 200 on generated data, through the same logged-in clients
the benchmark uses (a session for the site, a token for the JSON API): a page that breaks would
otherwise surface only as a crash in a 20-minute benchmark run."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bench.datagen.generation import Options, generate
from bench.pages import pages
from bench.server_timing import _client, _client_key


@pytest.mark.django_db
def test_every_bench_page_answers_with_its_clients(settings):
    settings.ROOT_URLCONF = "bench.urls"
    generate(Options(tier="T0", seed=7, today=date(2026, 11, 20), password="Bench@2026x"), out=lambda s: None)
    measured = pages()
    keys = {p.key for p in measured}
    assert {"api_list_branch", "api_list_top", "stats_committee", "list_committee", "reminders_top"} <= keys
    clients = {}
    # The yardsticks (ok, ref_, admin_) live in the bench app, installed only by bench.settings.
    for page in (p for p in measured if not p.key.startswith(("ok", "ref_", "admin_"))):
        if _client_key(page) not in clients:
            clients[_client_key(page)] = _client(Client, get_user_model(), page)
        response = clients[_client_key(page)].get(page.path)
        assert response.status_code == 200, (page.key, page.path, response.status_code)
    api = clients[("bench_top", True)].get("/api/v1/cases/?stage=applicant").json()
    assert api["results"], "the API list of the top 党委 lists people"
