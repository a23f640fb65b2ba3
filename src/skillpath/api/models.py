"""API tokens: a person's (or an admin's) key for the JSON API, stored only as a hash."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from skillpath.people.models import Organization, Person


class ApiToken(models.Model):
    """One API token. The secret is shown once when it is made; only its SHA-256 digest is kept.

    ``prefix`` (the token's first characters, not secret) finds the row; the digest of the whole token is
    then compared in constant time. ``scope`` bounds what the token may do (see ``skillpath.api.auth``):
    never more than its person may do in the pages.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read: see what you can see in the pages")
        LEARNER = "learner", _("Learner: read, and answer, start modules")
        ADMIN = "admin", _("Admin: everything an admin can do")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the whole token, hex.")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
