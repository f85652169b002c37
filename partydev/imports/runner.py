"""Running the check and the confirmation of a batch in the background: a worker thread per batch, the
progress kept in the batch row (progress_done / progress_total) and polled by the page
(static/js/import-progress.js). No new infrastructure (no queue, no Redis): the trade-off is that a
restart of the server process stops a running batch; `manage.py import_run <id>` runs it again (a
check starts over; a confirmation goes on with the rows not yet written, since a row already
written is found unchanged). docs/import.md says more.

IMPORT_IN_BACKGROUND = False (the test settings) runs the work inline in the request."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from .models import BatchStatus, ImportBatch
from .services import check_batch, confirm_batch

log = logging.getLogger(__name__)


def run(batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.select_related("importer").get(pk=batch_id)
    if batch.status == BatchStatus.PREVIEWING:
        return check_batch(batch)
    if batch.status == BatchStatus.CONFIRMING:
        return confirm_batch(batch)
    return batch


def _thread(batch_id: int) -> None:
    close_old_connections()
    try:
        run(batch_id)
    except Exception:  # noqa: BLE001  (the batch row says it stopped; the log has the trace)
        log.exception("import batch %s stopped", batch_id)
    finally:
        connection.close()


def start(batch: ImportBatch) -> None:
    if getattr(settings, "IMPORT_IN_BACKGROUND", True):
        threading.Thread(target=_thread, args=(batch.pk,), name=f"import-{batch.pk}", daemon=True).start()
    else:
        run(batch.pk)
