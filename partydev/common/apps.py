from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "partydev.common"
