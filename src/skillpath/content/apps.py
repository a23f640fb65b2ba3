from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "skillpath.content"
    label = "content"
    verbose_name = "Content"
