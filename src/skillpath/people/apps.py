from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skillpath.people"
    label = "people"
    verbose_name = "Organizations and people"

    def ready(self) -> None:
        from skillpath.config import checks  # noqa: F401 - registers the production start-up checks
        from skillpath.people import language  # noqa: F401 - keeps a person's language in their session at sign-in
