from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "skillpath.authoring"
    label = "authoring"
    verbose_name = "Authoring"
