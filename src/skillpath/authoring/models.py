"""Authoring: a package's draft (its ``skillpath/1`` files as text, and its media), what was published, and every
edit. A draft never changes what learners see; publishing imports it through the content app's import service."""

from __future__ import annotations

from django.db import models

from skillpath.people.models import Organization, Person


class PackageDraft(models.Model):
    """The files of one package being edited: ``package.yaml`` and ``modules/<id>.yaml`` as text by path."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    package_slug = models.SlugField(max_length=80)
    files = models.JSONField(default=dict, help_text="relative path → YAML text")
    base_version = models.CharField(max_length=40, blank=True, help_text="the published version it started from")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "package_slug"], name="draft_unique_in_org"),
        ]

    def __str__(self) -> str:
        return f"draft of {self.package_slug}"


class DraftMedia(models.Model):
    draft = models.ForeignKey(PackageDraft, on_delete=models.CASCADE, related_name="media")
    path = models.CharField(max_length=300)
    data = models.BinaryField()
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft", "path"], name="draft_media_path_unique")]

    def __str__(self) -> str:
        return self.path


class PublishedVersion(models.Model):
    """The exact files of each version published (or imported) from the browser, as a ``skillpath/1`` zip."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    package_slug = models.SlugField(max_length=80)
    version = models.CharField(max_length=40)
    archive = models.BinaryField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "package_slug", "version"], name="published_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package_slug} {self.version}"


class ContentEdit(models.Model):
    """One recorded change: who, when, which file and field, and what it was before and after (short)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    package_slug = models.SlugField(max_length=80)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    path = models.CharField(max_length=300, blank=True)
    field = models.CharField(max_length=300, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organization", "-at"], name="content_edit_org_at")]

    def __str__(self) -> str:
        return f"{self.action} {self.path}"
