"""Run (again) the check or the confirmation of an import batch in this process: after a server
restart stopped a worker thread, or to run a large batch outside the web server."""

from django.core.management.base import BaseCommand, CommandError

from partydev.imports import runner
from partydev.imports.models import BatchStatus, ImportBatch


class Command(BaseCommand):
    help = "Run the check or the confirmation of an import batch that is waiting or was interrupted."

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int)

    def handle(self, *args, batch, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"No import batch {batch}.")
        if found.status not in (BatchStatus.PREVIEWING, BatchStatus.CONFIRMING):
            raise CommandError(f"Batch {batch} is {found.status}: nothing to run.")
        done = runner.run(found.pk)
        self.stdout.write(f"Batch {batch}: {done.status}, {done.progress_done}/{done.progress_total} rows.")
