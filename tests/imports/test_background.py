"""Large files: the check and the confirmation run in a worker thread, with the progress in the batch
row that the page polls (pc:import_progress)."""

import threading

import pytest
from django.urls import reverse

from partydev.cases.models import Case
from partydev.demo.world import build_accounts, build_rosters, build_tree
from partydev.imports import runner
from partydev.imports.models import BatchStatus
from partydev.imports.services import batch_upload, confirm_start

from .conftest import person, workbook


def _wait(batch):
    for t in threading.enumerate():
        if t.name == f"import-{batch.pk}":
            t.join(timeout=60)
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db(transaction=True)
def test_check_and_confirm_run_in_the_background(settings, client):
    settings.IMPORT_IN_BACKGROUND = True
    orgs = build_tree()
    build_rosters(orgs)
    user = build_accounts(orgs)["branch1"]
    batch = batch_upload(importer=user, file_name="big.xlsx", data=workbook(user, [person(i) for i in range(1, 8)]))
    runner.start(batch)
    batch = _wait(batch)
    assert batch.status == BatchStatus.PREVIEWED
    assert (batch.progress_done, batch.progress_total, batch.created_count) == (7, 7, 7)
    client.force_login(user)
    assert client.get(reverse("pc:import_progress", args=[batch.pk])).json() == {
        "status": "previewed", "done": 7, "total": 7, "running": False}
    runner.start(confirm_start(batch=batch, actor=user))
    batch = _wait(batch)
    assert batch.status == BatchStatus.DONE and Case.objects.count() == 7
