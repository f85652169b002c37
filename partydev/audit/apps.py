from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "partydev.audit"
    verbose_name = _("Audit")

    def ready(self):
        from . import auth_events  # noqa: F401, PLC0415  (connects receivers once the app registry is ready)
