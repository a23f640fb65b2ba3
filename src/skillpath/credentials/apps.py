from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "skillpath.credentials"
    label = "credentials"
    verbose_name = "Certificates and credentials"

    def ready(self) -> None:
        from skillpath.credentials.keys import organization_created
        from skillpath.credentials.tasks import certificates_award_task
        from skillpath.events import subscribe
        from skillpath.learning.followups import on_progress

        on_progress(certificates_award_task)
        subscribe("organization.created", organization_created)
