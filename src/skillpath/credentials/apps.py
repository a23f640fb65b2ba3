from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "skillpath.credentials"
    label = "credentials"
    verbose_name = "Certificates and credentials"

    def ready(self) -> None:
        from skillpath.credentials.keys import organization_created
        from skillpath.credentials.services import certificates_award_for
        from skillpath.events import subscribe
        from skillpath.learning.followups import on_progress

        on_progress(certificates_award_for)
        subscribe("organization.created", organization_created)
