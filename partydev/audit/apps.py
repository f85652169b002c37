from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from .append_only import register_sqlite_function


class AuditConfig(AppConfig):
    name = "partydev.audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import auth_events  # noqa: F401, PLC0415  (connects receivers once the app registry is ready)

        connection_created.connect(register_sqlite_function, dispatch_uid="audit_flush_allowed")
