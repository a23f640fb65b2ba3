from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "skillpath.demo"
    label = "demo"
    verbose_name = "Demo academy"
