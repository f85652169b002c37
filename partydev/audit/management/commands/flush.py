"""Django's ``flush`` (what pytest-django's transactional tests run between tests), allowed to empty
the append-only audit table on SQLite as TRUNCATE does on PostgreSQL (partydev/audit/append_only.py)."""

from django.core.management.commands import flush

from partydev.audit.append_only import flush_allowed


class Command(flush.Command):
    def handle(self, **options):
        with flush_allowed():
            return super().handle(**options)
