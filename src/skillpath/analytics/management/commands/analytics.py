from __future__ import annotations

from typing import Any

from django.utils import timezone

from skillpath.analytics.services import analytics_refresh
from skillpath.people.management.organizations import OrganizationCommand


class Command(OrganizationCommand):
    help = "Recompute an organization's item analytics now (the nightly job does it every night)."

    def handle(self, *args: Any, **options: Any) -> None:
        org = self.organization(options)
        result = analytics_refresh(org, now=timezone.now())
        self.stdout.write(
            f"{org.slug}: {result.answers} answers → figures for {result.variants} activities and "
            f"{result.concepts} ideas' memory predictions in {result.seconds:.2f} s"
        )
