from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "skillpath.operations"
    label = "operations"
    verbose_name = "Operations (background tasks)"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from skillpath.operations.tasklog import connect

        connect()
        # Every app's ``tasks`` module registers its periodic and nightly tasks when imported.
        autodiscover_modules("tasks")
