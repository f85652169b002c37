from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "partydev.common"

    def ready(self):
        from . import checks  # noqa: F401  (registers the 等保 system checks)
