from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "skillpath.learning"
    label = "learning"
    verbose_name = "Learning"
