from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "partydev.common"

    def ready(self):
        # Imported in ready(): models and checks may load only once the app registry is complete.
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415

        # checks registers the 等保 system checks; language restores a user's language at login.
        from . import checks, language  # noqa: F401, PLC0415
        from .middleware import seen_at_login  # noqa: PLC0415

        user_logged_in.connect(seen_at_login, dispatch_uid="partydev_seen_at_login")
