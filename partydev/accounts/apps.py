from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partydev.accounts"
    label = "accounts"
    verbose_name = _("Accounts and duties")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415  (registers the check once the models are loaded)
