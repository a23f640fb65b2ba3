from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "skillpath.integrations"
    label = "integrations"
    verbose_name = "Integrations (xAPI, webhooks)"

    def ready(self) -> None:
        from skillpath.events import subscribe
        from skillpath.integrations import recording

        subscribe("module.launched", recording.module_launched)
        subscribe("attempt.recorded", recording.attempt_recorded)
        subscribe("certificate.issued", recording.certificate_issued)
        subscribe("certificate.revoked", recording.certificate_revoked)
