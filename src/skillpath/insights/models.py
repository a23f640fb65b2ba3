"""A person's 90-day plans (one per role): the target and the plan as first made (the baseline)."""

from __future__ import annotations

from django.db import models

from skillpath.content.models import Role, RoleLevel
from skillpath.people.models import Organization, Person


class LearningPlan(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(RoleLevel, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    baseline = models.JSONField(help_text="module slug → planned week (1–13), as the plan was first made")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="one_plan_per_person_role")]
