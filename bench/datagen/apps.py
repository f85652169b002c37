from django.apps import AppConfig


class DatagenConfig(AppConfig):
    """No models: the generate_data command and the generator it runs."""

    name = "bench.datagen"
    label = "datagen"
    verbose_name = "Benchmark data generator"
