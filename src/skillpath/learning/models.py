"""The learning record. ``Attempt`` is the append-only source of truth; every other table here is
derived from attempts (and can be rebuilt with ``skillpath rebuild``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillpath.content.models import Concept, Module, Skill, Variant
from skillpath.people.models import Organization, Person


class ModuleCheck(models.Model):
    """One go at a module's check: the variant chosen for each concept, and the score once complete."""

    id = models.UUIDField(primary_key=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="module_checks")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="checks")
    variants = models.JSONField(help_text="concept id (pk, as text) → variant position")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the learner went through what they missed (a failed check)."
    )

    class Meta:
        indexes = [models.Index(fields=["person", "module", "started_at"])]


class DiagnosticRun(models.Model):
    """One sitting of the skill-gap diagnostic (its questions are the attempts that point at it)."""

    id = models.UUIDField(primary_key=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="diagnostics")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)


class Attempt(models.Model):
    """One answer to one activity. Append-only: never updated, never deleted."""

    class Kind(models.TextChoices):
        CHECK = "check", _("Module check")
        REINFORCEMENT = "reinforcement", _("Spaced reinforcement")
        DIAGNOSTIC = "diagnostic", _("Diagnostic")

    # Every answer inserts a row into each of this table's indexes: a key an index below already starts with
    # gets no index of its own, and the optional keys are indexed only where they are set.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    client_id = models.UUIDField(help_text="Chosen by the client; submitting the same id twice records it once.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    module_check = models.ForeignKey(
        ModuleCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="attempts", db_index=False
    )
    diagnostic = models.ForeignKey(
        DiagnosticRun, null=True, blank=True, on_delete=models.PROTECT, related_name="attempts", db_index=False
    )
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="attempts")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="attempts", db_index=False)
    response = models.JSONField()
    score = models.FloatField()
    rating = models.PositiveSmallIntegerField()
    duration_seconds = models.FloatField(
        null=True, blank=True, help_text="Time taken as measured by the server; empty when it could not be trusted."
    )
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "client_id"], name="attempt_client_id_once")]
        indexes = [
            models.Index(fields=["organization", "submitted_at", "id"]),
            models.Index(fields=["variant", "-submitted_at"]),
            models.Index(fields=["person", "concept"]),
            models.Index(fields=["person", "-submitted_at"]),
            models.Index(fields=["module_check"], condition=Q(module_check__isnull=False), name="attempt_in_check"),
            models.Index(fields=["diagnostic"], condition=Q(diagnostic__isnull=False), name="attempt_in_diagnostic"),
        ]


class MemoryState(models.Model):
    """FSRS memory of one concept for one person (derived from attempts)."""

    # Keys that the unique constraint or an index below already starts with get no index of their own
    # (each answer rewrites a row, and with it every index entry).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memories", db_index=False)
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="memories")
    stability = models.FloatField()
    difficulty = models.FloatField()
    first_review = models.DateTimeField()
    last_review = models.DateTimeField()
    due = models.DateTimeField()
    reviews = models.PositiveIntegerField()
    lapses = models.PositiveIntegerField()
    retained_days = models.FloatField(default=0)
    retained_at = models.DateTimeField(null=True, blank=True)
    last_recall = models.DateTimeField(null=True, blank=True, help_text="Latest successful reinforcement.")
    last_lapse = models.DateTimeField(null=True, blank=True, help_text="Latest review answered poorly (Again).")
    spaced_recalls = models.PositiveIntegerField(
        default=0, help_text="Successful recalls a day or more apart since learning or the last lapse."
    )
    held_days = models.FloatField(
        default=0, help_text="Longest time since learning or the last lapse at which a spaced recall succeeded."
    )
    variants_seen = models.JSONField(default=list, help_text="Variant positions shown, oldest first (last 20).")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "concept"], name="memory_once_per_concept")]
        indexes = [models.Index(fields=["organization", "due"])]


class ModuleProgress(models.Model):
    """A person's standing on a module (derived from module checks)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="module_progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField()
    best_score = models.FloatField(null=True, blank=True)
    checks = models.PositiveIntegerField(default=0)
    passed_at = models.DateTimeField(null=True, blank=True)
    tested_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "module"], name="progress_once_per_module")]


class SkillState(models.Model):
    """A person's earned level of a skill (0–4, before fading, which depends on the moment of asking)."""

    # Keys that the unique constraint or an index below already starts with get no index of their own
    # (each answer rewrites a row, and with it every index entry).
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="skill_states", db_index=False)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="states")
    level = models.PositiveSmallIntegerField()
    reached_at = models.DateTimeField()
    fading_on = models.DateTimeField(
        null=True, blank=True, help_text="When mean predicted recall falls below 70% without practice (fading)."
    )

    observed_at = models.DateTimeField(
        null=True, blank=True, help_text="The first observation on the job that met the skill's rubric."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "skill"], name="skill_state_once")]
        indexes = [models.Index(fields=["organization", "skill", "level"])]


class MilestoneReached(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="milestones")
    milestone = models.ForeignKey("content.Milestone", on_delete=models.CASCADE, related_name="reached")
    reached_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "milestone"], name="milestone_reached_once")]


class ConceptDifficulty(models.Model):
    """How long memories of a concept last compared with the organization's others (fitted nightly, shrunk).

    A scale below 1 is a concept forgotten faster than most; new learners of the concept get it from
    their first review. Not derived from attempts by ``rebuild``: the nightly fit writes it.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    concept = models.OneToOneField(Concept, on_delete=models.CASCADE, related_name="difficulty")
    stability_scale = models.FloatField(help_text="Memories of this concept last this many times as long.")
    reviews = models.PositiveIntegerField(help_text="Scored reviews (by everyone) the estimate rests on.")
    fitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organization"])]


class MemoryFit(models.Model):
    """An organization's latest nightly memory fit: its calibration, and what was adopted and why (for admins)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="memory_fit")
    fitted_at = models.DateTimeField()
    calibration = models.JSONField(null=True, blank=True, help_text='{"offset": a, "slope": b}; empty = none.')
    decisions = models.JSONField(default=list, help_text="[{part, adopted, reason}] of the latest fit.")
    reliability = models.JSONField(default=list, help_text="Held-out [low, high, reviews, predicted, observed] bins.")
    reviews = models.PositiveIntegerField(default=0, help_text="Scored reviews the latest fit saw.")


class Observation(models.Model):
    """A manager's (or a named reviewer's) observation of a person's skill in real work, scored against the
    skill's rubric: evidence beside answers, append-only like attempts (``skillpath rebuild`` replays both)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="observations")
    scores = models.JSONField(help_text="criterion id → 1 (not yet) … 4 (exemplary)")
    meets = models.BooleanField(help_text="Every criterion scored 3 or more.")
    note = models.CharField(max_length=1000, blank=True)
    observed_on = models.DateField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["person", "skill"])]
