from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "partydev.structure"
    verbose_name = "组织管理"
