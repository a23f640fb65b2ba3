from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "skillpath.analytics"
    label = "analytics"
    verbose_name = "Item analytics for authors"
