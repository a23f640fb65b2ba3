from __future__ import annotations

import time
from typing import Any

from skillpath.learning.rebuild import rebuild_organization
from skillpath.people.management.organizations import OrganizationCommand


class Command(OrganizationCommand):
    help = "Recompute memory, module progress, skill levels and milestones of an organization from its attempts."

    def handle(self, *args: Any, **options: Any) -> None:
        org = self.organization(options)
        started = time.perf_counter()
        result = rebuild_organization(org)
        self.stdout.write(
            f"rebuilt {org.slug}: {result.people} people, {result.attempts} attempts replayed, "
            f"{result.memories} memory states, in {time.perf_counter() - started:.1f} s"
        )
