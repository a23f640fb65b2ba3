from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "skillpath.nudges"
    label = "nudges"
    verbose_name = "Reminder digests"
