from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "skillpath.coaching"
    label = "coaching"
    verbose_name = "Coaching: assignments, goals and notes"
