"""Shared by management commands that act on one organization (``--org SLUG``)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skillpath.people.models import Organization


class OrganizationCommand(BaseCommand):
    """A command with a required ``--org SLUG``; ``self.organization(options)`` fetches it or fails clearly."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")

    def organization(self, options: dict[str, object]) -> Organization:
        org = Organization.objects.filter(slug=str(options["org"])).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}' (see the organizations in the admin)")
        return org
