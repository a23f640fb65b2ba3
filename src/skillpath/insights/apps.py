from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "skillpath.insights"
    label = "insights"
    verbose_name = "Career growth and team insights"
