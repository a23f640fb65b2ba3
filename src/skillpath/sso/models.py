"""Single sign-on and provisioning records, kept beside people's own rows (one-to-one) so the people app's
tables stay as they are.

SCIM: an organization's bearer tokens (stored hashed), and what SCIM says about a person or team that SkillPath
has no column for (external id, name parts, the e-mail's type). A person deleted through SCIM is deactivated
(``deleted_at``; their account cannot sign in), never removed: their answers and certificates stay.

OpenID Connect: an organization's identity provider (the client secret encrypted at rest), and the identity
(issuer, subject) each person signed in with.
"""

from __future__ import annotations

from django.db import models

from skillpath.people.models import Organization, Person, Team


class ScimToken(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120, help_text="What uses it, e.g. “Workday”.")
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token (hex).")
    prefix = models.CharField(max_length=16, help_text="The token's first characters, to recognise it.")
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"SCIM token {self.prefix}… ({self.name})"


class ScimUser(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(max_length=255, blank=True)
    given_name = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    formatted_name = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    email_type = models.CharField(max_length=20, blank=True)
    email_primary = models.BooleanField(null=True, blank=True, help_text="As the SCIM client sent it; empty: true.")
    updated_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="Deleted through SCIM: deactivated, kept.")

    class Meta:
        indexes = [models.Index(fields=["organization", "external_id"])]

    def __str__(self) -> str:
        return f"SCIM user {self.person_id}"


class ScimGroup(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="scim")
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"SCIM group {self.team_id}"


class OidcConnection(models.Model):
    """An organization's OpenID Connect identity provider."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="oidc")
    issuer = models.URLField(max_length=500)
    client_id = models.CharField(max_length=255)
    client_secret_encrypted = models.BinaryField(blank=True, default=b"")
    email_domains = models.JSONField(default=list, blank=True, help_text="Domains whose people sign in here.")
    enabled = models.BooleanField(default=True)
    sso_only = models.BooleanField(default=False, help_text="People of the organization cannot use a password.")
    create_people = models.BooleanField(default=True, help_text="Unknown people are created at first sign-in.")
    discovery = models.JSONField(null=True, blank=True, help_text="The provider's discovery document, last fetched.")
    discovered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"OpenID Connect of {self.organization_id}: {self.issuer}"


class OidcIdentity(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
