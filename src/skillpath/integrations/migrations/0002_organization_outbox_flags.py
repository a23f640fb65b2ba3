"""Set the organizations' outbox flags (``people.0009``) from the connections and endpoints they have."""

from typing import Any

from django.db import migrations
from django.db.models import Exists, OuterRef


def set_flags(apps: Any, schema_editor: Any) -> None:
    organization = apps.get_model("people", "Organization")
    lrs = apps.get_model("integrations", "LrsConnection")
    endpoint = apps.get_model("integrations", "WebhookEndpoint")
    organization.objects.update(
        has_lrs=Exists(lrs.objects.filter(organization=OuterRef("pk"))),
        has_webhooks=Exists(endpoint.objects.filter(organization=OuterRef("pk"))),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("people", "0009_organization_outbox_flags"),
    ]

    operations = [migrations.RunPython(set_flags, migrations.RunPython.noop)]
