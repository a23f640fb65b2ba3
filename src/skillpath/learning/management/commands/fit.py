from __future__ import annotations

from typing import Any

from django.utils import timezone

from skillpath.learning.fitting import organization_fit
from skillpath.people.management.organizations import OrganizationCommand


class Command(OrganizationCommand):
    help = "Fit FSRS parameters to an organization's review history; adopt them if held-out log loss improves."

    def handle(self, *args: Any, **options: Any) -> None:
        org = self.organization(options)
        fit = organization_fit(org, now=timezone.now())
        r = fit.report
        if fit.split_at is None:
            self.stdout.write(f"{org.slug}: not enough reviews to fit yet ({fit.histories} histories); nothing changed")
            return
        self.stdout.write(
            f"{org.slug}: {fit.histories} review histories; trained on {r.train_reviews} reviews before "
            f"{fit.split_at:%Y-%m-%d %H:%M}, tested on {r.test_reviews} later ones"
        )
        self.stdout.write(f"  log loss with default parameters: {r.default_loss:.4f}")
        self.stdout.write(f"  log loss with fitted parameters:  {r.fitted_loss:.4f}")
        verdict = "adopted (memory states rebuilt with them)" if r.adopted else "kept the current parameters"
        self.stdout.write(f"  {verdict}")
