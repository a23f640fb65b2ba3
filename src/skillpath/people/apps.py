from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skillpath.people"
    label = "people"
    verbose_name = "Organizations and people"
