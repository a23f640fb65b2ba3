"""Organizations (tenants), teams and people (a Django user's membership of one organization)."""

from __future__ import annotations

from datetime import time
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Organization(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    desired_retention = models.FloatField(
        default=0.9,
        validators=[MinValueValidator(0.7), MaxValueValidator(0.97)],
        help_text="Predicted recall at which a concept comes back for reinforcement.",
    )
    daily_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    timezone = models.CharField(max_length=64, default="UTC")
    reminders_enabled = models.BooleanField(default=True, help_text="New people get a daily digest (their own choice).")
    reminder_time = models.TimeField(default=time(9, 0), help_text="New people's local time of the daily digest.")
    quiet_start = models.TimeField(null=True, blank=True, help_text="New people's quiet hours start…")
    quiet_end = models.TimeField(null=True, blank=True, help_text="…and end.")
    memory_parameters = models.JSONField(
        null=True, blank=True, help_text="FSRS parameters fitted on this organization's reviews; empty = defaults."
    )
    memory_parameters_fitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The practice habit (domain/habit.py): a streak of days with enough answers, and a weekly goal.
    habit_enabled = models.BooleanField(default=True, help_text="Show a practice streak and a weekly goal.")
    habit_daily_reviews = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Answers that make a day a practice day.",
    )
    habit_weekly_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(7)], help_text="Practice days a week asked."
    )
    habit_holidays = models.JSONField(default=list, blank=True, help_text="ISO dates that freeze everyone's streak.")
    # Kept by the integrations app whenever an LRS connection or a webhook endpoint is saved or deleted. An
    # answer reads them from its organization, which comes with the signed-in user, to know without a query
    # whether it has anything to write to the outboxes.
    has_lrs = models.BooleanField(default=False, editable=False, help_text="It has an LRS connection.")
    has_webhooks = models.BooleanField(default=False, editable=False, help_text="It has a webhook endpoint.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SettingsChange(models.Model):
    """One change of an organization's settings: who, when, which setting, from what to what (append-only)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="settings_changes")
    changed_by = models.ForeignKey("Person", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField()
    field = models.CharField(max_length=40)
    old = models.CharField(max_length=200, blank=True)
    new = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-changed_at"])]


class Team(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="team_name_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A user's membership of an organization. Everyone is a learner; the flags add permissions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="direct_reports")
    is_manager = models.BooleanField(default=False, help_text="Sees the skills and progress of their reports.")
    is_author = models.BooleanField(default=False, help_text="Imports content and sees content analytics.")
    is_admin = models.BooleanField(default=False, help_text="Manages people, roles, teams and settings.")
    started_on = models.DateField(help_text="Start in the role; milestone days count from here.")
    daily_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="Personal daily time budget; empty means the organization's default.",
    )
    REVIEW_SHARES = tuple(range(10, 100, 10))  # the splits offered: percent kept for reinforcement
    plan_review_share = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(90)],
        help_text="Percent of the daily budget kept for reinforcement (the rest for new learning); empty: automatic.",
    )
    timezone = models.CharField(max_length=64, blank=True, default="", help_text="Empty: the organization's.")
    language = models.CharField(
        max_length=8,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text="The interface's language; empty: the one the browser asks for.",
    )
    reminders_enabled = models.BooleanField(default=True, help_text="A daily digest when reinforcement is due.")
    reminder_time = models.TimeField(default=time(9, 0), help_text="Local time of the daily digest.")
    quiet_start = models.TimeField(null=True, blank=True, help_text="No messages from this local time…")
    quiet_end = models.TimeField(null=True, blank=True, help_text="…until this local time.")
    memory_parameters = models.JSONField(
        null=True,
        blank=True,
        help_text="How long this person's memories last compared with the organization's, fitted nightly: "
        '{"scale": k, "reviews": n}; empty = the organization\'s (k = 1).',
    )
    habit_days_off = models.JSONField(default=list, blank=True, help_text="ISO dates off: they freeze the streak.")
    welcomed_at = models.DateTimeField(null=True, blank=True, help_text="When the first-run welcome was completed.")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "manager"])]

    def __str__(self) -> str:
        return self.name


class PersonRole(models.Model):
    """A job role a person holds, at a level of that role's career ladder."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.ForeignKey("content.Role", on_delete=models.PROTECT, related_name="holders")
    level = models.ForeignKey("content.RoleLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField()

    class Meta:
        ordering = ["person", "role"]
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="person_role_unique")]

    def __str__(self) -> str:
        return f"{self.person} as {self.role}"


class Invitation(models.Model):
    """The set-password invitation of a person created without a password: when it was last sent, and
    when it was used. Links themselves are not stored (see ``skillpath.people.invitations``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="invitation")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the last invitation was sent.")
    times_sent = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True, help_text="When the person chose their password.")

    def __str__(self) -> str:
        return f"invitation of {self.person}"


class PeopleImport(models.Model):
    """A people CSV imported in the background (web uploads): its progress, then its outcome.

    ``status`` moves queued → checking → preparing → applying → done, or ends in refused (the file has
    problems: ``errors``) or failed (``message``). The file's text is kept only until it has run."""

    FINISHED = ("done", "refused", "failed")

    id = models.UUIDField(primary_key=True, default=uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    text = models.TextField(blank=True)
    invite = models.BooleanField(default=True, help_text="Send new people a set-password invitation.")
    status = models.CharField(max_length=16, default="queued")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="[{row, column, problem}] when refused")
    message = models.TextField(blank=True)
    staged_user_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"people import {self.filename or self.pk} ({self.status})"
