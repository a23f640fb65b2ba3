"""What managers and admins ask of people and record with them: assigned work with a due date, performance
goals with check-ins, and notes (a nudge, a coaching conversation). Each row belongs to one person, who sees it."""

from __future__ import annotations

from django.db import models

from skillpath.people.models import Organization, Person, Team


class Assignment(models.Model):
    """Work assigned to one person (a team assignment is one row per member, sharing ``batch``).

    ``modules`` are the module slugs to pass; ``concepts`` the ``module/concept`` keys to recall again after
    ``assigned_at`` (a refresher). Titles are kept as they were when assigned, so a page needs no content rows."""

    class Kind(models.TextChoices):
        PATH = "path", "role path"
        STAGE = "stage", "stage"
        MODULES = "modules", "modules"
        REFRESHER = "refresher", "refresher"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    batch = models.UUIDField(help_text="One assigning action: every row it made shares it.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300)
    modules = models.JSONField(default=list, help_text="[[module slug, title], ...] to pass")
    concepts = models.JSONField(default=list, help_text="[[module slug, concept slug, title], ...] to recall again")
    note = models.CharField(max_length=500, blank=True)
    assigned_at = models.DateTimeField()
    assigned_on = models.DateField(help_text="The assigner's local date.")
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["person", "due_on"]), models.Index(fields=["organization", "due_on"])]

    def __str__(self) -> str:
        return f"{self.title} for {self.person} by {self.due_on}"


class Goal(models.Model):
    """A performance goal a manager sets with a report: a skill level by a date, or an on-the-job outcome
    (``outcome``) with a measure (``target`` times ``unit``) recorded through check-ins."""

    class Kind(models.TextChoices):
        SKILL = "skill", "skill level"
        OUTCOME = "outcome", "on-the-job outcome"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="goals")
    set_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    skill = models.ForeignKey("content.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The skill level to reach, 1..4.")
    start_level = models.PositiveSmallIntegerField(default=0, help_text="The skill's level when the goal was set.")
    outcome = models.CharField(max_length=300, blank=True)
    target = models.PositiveIntegerField(null=True, blank=True, help_text="How many, for an outcome.")
    unit = models.CharField(max_length=80, blank=True, help_text='What is counted, e.g. "discovery calls".')
    set_at = models.DateTimeField()
    set_on = models.DateField()
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["person", "due_on"])]

    def __str__(self) -> str:
        return f"goal of {self.person} by {self.due_on}"


class GoalCheckIn(models.Model):
    """Progress recorded on an outcome goal (by the person or their manager), or a note on any goal."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checkins")
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    amount = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]


class Note(models.Model):
    """A word from a manager to a report: a nudge ("time to finish Objection handling"), or a coaching
    conversation scheduled for a day with what it is about. The person sees it under "From your manager"."""

    class Kind(models.TextChoices):
        NUDGE = "nudge", "nudge"
        COACHING = "coaching", "coaching conversation"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_notes")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(max_length=500)
    on = models.DateField(null=True, blank=True, help_text="The day of a coaching conversation.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "-created_at"])]
