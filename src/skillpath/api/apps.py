from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "skillpath.api"
    label = "api"
    verbose_name = "JSON API"
