from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "partydev.mobile"
