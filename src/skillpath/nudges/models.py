"""Reminder digests sent (one row per person, local day and channel) and each organization's chat webhook."""

from __future__ import annotations

from django.db import models

from skillpath.people.models import Organization, Person


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"
    WEBHOOK = "webhook", "chat webhook"
    NONE = "none", "nothing to say (checked)"


class NudgeSent(models.Model):
    """A digest on one channel for one person's local day. The unique row is written before the message goes
    out (and removed if sending fails), so a retried or duplicated job never sends twice. ``none`` records
    that the day's check found nothing worth saying, so the dispatcher stops asking until tomorrow."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nudges_sent")
    local_date = models.DateField(help_text="the day in the person's time zone")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    sent_at = models.DateTimeField()
    summary = models.CharField(max_length=255, blank=True, help_text="the message's subject line")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "local_date", "channel"], name="one_nudge_per_day_and_channel")
        ]
        indexes = [models.Index(fields=["local_date", "person"]), models.Index(fields=["organization", "local_date"])]

    def __str__(self) -> str:
        return f"{self.person} {self.local_date} {self.channel}"


class NudgeSettings(models.Model):
    """An organization's reminder settings: where chat messages go (Slack or Teams incoming webhook)."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="nudge_settings")
    webhook_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Incoming-webhook URL (Slack or Microsoft Teams): each digest is also posted there as "
        '{"text": …}. Empty: e-mail only.',
    )

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminders of {self.organization}"
