from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "partydev.imports"
    verbose_name = "Excel import"
