from django.apps import AppConfig


class PcConfig(AppConfig):
    name = "partydev.pc"
