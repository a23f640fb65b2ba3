from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "skillpath.web"
    label = "web"
    verbose_name = "Web"
