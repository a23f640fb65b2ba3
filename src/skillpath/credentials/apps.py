from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "skillpath.credentials"
    label = "credentials"
    verbose_name = "Certificates and credentials"

    def ready(self) -> None:
        from skillpath.credentials.tasks import certificates_award_task
        from skillpath.learning.followups import on_progress

        on_progress(certificates_award_task)
