from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "partydev.api"
    label = "api"
