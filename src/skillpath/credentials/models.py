"""Signing keys and issued certificates (Open Badges 3.0 credentials)."""

from __future__ import annotations

from django.db import models

from skillpath.content.models import CertificateSpec, Role
from skillpath.people.models import Organization, Person


class SigningKey(models.Model):
    """An organization's Ed25519 key. The private half is stored encrypted; retired keys still verify."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="signing_keys")
    public_multibase = models.CharField(max_length=64, unique=True)
    private_encrypted = models.BinaryField()
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(retired_at=None), name="one_active_key_per_org"
            )
        ]


class Certificate(models.Model):
    """A certificate issued to a person, with the signed credential exactly as issued."""

    id = models.UUIDField(primary_key=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    spec = models.ForeignKey(CertificateSpec, on_delete=models.PROTECT, related_name="issued")
    title = models.CharField(max_length=200)
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField()
    status_index = models.PositiveIntegerField(help_text="Position in the organization's revocation status list.")
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    credential = models.JSONField(help_text="The signed AchievementCredential, as issued.")
    evidence = models.JSONField(help_text="What was shown: modules passed and spaced recalls, per skill.")
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewed_by")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "status_index"], name="status_index_unique_in_org")
        ]
        indexes = [models.Index(fields=["person", "spec", "-issued_at"])]
