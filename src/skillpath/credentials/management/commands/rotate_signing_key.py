from __future__ import annotations

from typing import Any

from django.utils import timezone

from skillpath.credentials.keys import signing_key_rotate
from skillpath.people.management.organizations import OrganizationCommand


class Command(OrganizationCommand):
    help = "Start signing an organization's credentials with a new key; earlier credentials keep verifying."

    def handle(self, *args: Any, **options: Any) -> None:
        org = self.organization(options)
        key = signing_key_rotate(org, now=timezone.now())
        self.stdout.write(f"{org.slug}: new signing key {key.public_multibase}; earlier keys are kept for verification")
