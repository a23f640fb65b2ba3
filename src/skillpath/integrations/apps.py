from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "skillpath.integrations"
    label = "integrations"
    verbose_name = "Integrations (xAPI, webhooks)"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from skillpath.events import subscribe
        from skillpath.integrations import recording
        from skillpath.integrations.models import LrsConnection, WebhookEndpoint

        for model in (LrsConnection, WebhookEndpoint):
            post_save.connect(recording.targets_changed, sender=model, dispatch_uid=f"targets-{model.__name__}")
            post_delete.connect(recording.targets_changed, sender=model, dispatch_uid=f"targets-del-{model.__name__}")

        subscribe("module.launched", recording.module_launched)
        subscribe("attempt.recorded", recording.attempt_recorded)
        subscribe("certificate.issued", recording.certificate_issued)
        subscribe("certificate.revoked", recording.certificate_revoked)
