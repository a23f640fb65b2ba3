from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "skillpath.people"
    label = "people"
    verbose_name = "Organizations and people"

    def ready(self) -> None:
        from skillpath.config import checks  # noqa: F401 - registers the production start-up checks
