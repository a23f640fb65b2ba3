"""Imported content. Rows keep their identity across package versions (learner progress points at them);
an id that disappears from a newer version is retired (``retired_at``), never deleted."""

from __future__ import annotations

from django.db import models

from skillpath.people.models import Organization


class ContentPackage(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="packages")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=64, help_text="sha256 of the normalized package.")
    imported_at = models.DateTimeField()
    translations = models.JSONField(
        default=dict, blank=True, help_text="language -> its translations/<lang>/package.yaml (titles by id)."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="package_slug_unique_in_org")]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Retirable(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Skill(Retirable):
    package = models.ForeignKey(ContentPackage, on_delete=models.CASCADE, related_name="skills")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    rubric = models.JSONField(default=dict, blank=True, help_text="The observation rubric as authored; {} = none.")

    class Meta:
        ordering = ["package", "position"]
        constraints = [models.UniqueConstraint(fields=["package", "slug"], name="skill_slug_unique_in_package")]

    def __str__(self) -> str:
        return self.title


class Module(Retirable):
    package = models.ForeignKey(ContentPackage, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    skills = models.JSONField(default=list, help_text="Skill slugs, in order.")
    requires = models.JSONField(default=list, help_text="Module slugs to pass first.")
    minutes = models.PositiveSmallIntegerField()
    pass_score = models.FloatField()
    lesson = models.JSONField(default=list, help_text="Lesson blocks as authored (Markdown source).")
    lesson_html = models.JSONField(default=list, help_text="Text blocks rendered to sanitised HTML, by block index.")
    translations = models.JSONField(
        default=dict, blank=True, help_text="language -> {title, lesson, lesson_html} of its translated module."
    )

    class Meta:
        ordering = ["package", "slug"]
        constraints = [models.UniqueConstraint(fields=["package", "slug"], name="module_slug_unique_in_package")]

    def __str__(self) -> str:
        return self.title


class Concept(Retirable):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="concepts")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="concepts")
    declared_skill = models.BooleanField(default=False, help_text="The author wrote `skill:` explicitly.")
    position = models.PositiveIntegerField(default=0)
    translations = models.JSONField(default=dict, blank=True, help_text="language -> translated title.")

    class Meta:
        ordering = ["module", "position"]
        constraints = [models.UniqueConstraint(fields=["module", "slug"], name="concept_slug_unique_in_module")]

    def __str__(self) -> str:
        return self.title


class Variant(Retirable):
    """One activity of a concept; position 0 is the immediate practice, the rest rotate in reinforcement."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="variants")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    activity = models.JSONField()
    translations = models.JSONField(
        default=dict, blank=True, help_text="language -> the translated activity (same structure and answers)."
    )

    class Meta:
        ordering = ["concept", "position"]
        constraints = [models.UniqueConstraint(fields=["concept", "position"], name="variant_position_unique")]


class Role(Retirable):
    package = models.ForeignKey(ContentPackage, on_delete=models.CASCADE, related_name="roles")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    stages = models.JSONField(default=dict, help_text="stage -> module slugs, in order.")

    class Meta:
        ordering = ["package", "position"]
        constraints = [models.UniqueConstraint(fields=["package", "slug"], name="role_slug_unique_in_package")]

    def __str__(self) -> str:
        return self.title


class RoleLevel(Retirable):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    requires = models.JSONField(default=dict, help_text="skill slug -> level 0..4")

    class Meta:
        ordering = ["role", "position"]
        constraints = [models.UniqueConstraint(fields=["role", "slug"], name="level_slug_unique_in_role")]

    def __str__(self) -> str:
        return self.title


class Milestone(Retirable):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="milestones")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    day = models.PositiveIntegerField()
    modules = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]
        constraints = [models.UniqueConstraint(fields=["role", "slug"], name="milestone_slug_unique_in_role")]

    def __str__(self) -> str:
        return self.title


class CertificateSpec(Retirable):
    """What a role's certificate requires (one per role; retired when the role drops it)."""

    role = models.OneToOneField(Role, on_delete=models.CASCADE, related_name="certificate")
    title = models.CharField(max_length=200)
    requires = models.JSONField(default=dict)
    retention_days = models.PositiveIntegerField()
    valid_days = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.title


class MediaFile(models.Model):
    """A package's media, kept in the database so every web process serves the same bytes."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(ContentPackage, on_delete=models.CASCADE, related_name="media")
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=80)
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["package", "path"], name="media_path_unique_in_package")]
