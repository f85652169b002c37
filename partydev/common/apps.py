from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "partydev.common"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the 等保 system checks)
        from .middleware import seen_at_login

        user_logged_in.connect(seen_at_login, dispatch_uid="partydev_seen_at_login")
