from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: the load_demo command and the demo world it builds."""

    name = "partydev.demo"
    label = "demo"
    verbose_name = "Demo data"
