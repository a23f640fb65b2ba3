from __future__ import annotations

import math
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from skillpath.domain.personal import Verdict
from skillpath.learning.fitting import OrganizationFit, PersonFit, organization_fit
from skillpath.people.models import Organization


class Command(BaseCommand):
    help = (
        "Fit FSRS parameters to an organization's review history (adopted if held-out log loss drops clearly), "
        "and each person's own on top (where their reviews support one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Organization.objects.filter(slug=options["org"]).first()
        if org is None:
            raise CommandError(f"no organization '{options['org']}'")
        fit = organization_fit(org, now=timezone.now())
        if fit.split_at is None:
            self.stdout.write(f"{org.slug}: not enough reviews to fit yet ({fit.histories} histories); nothing changed")
            return
        r = fit.report
        self.stdout.write(
            f"{org.slug}: {fit.histories} review histories of {len(fit.people)} people; trained on "
            f"{r.train_reviews} reviews before {fit.split_at:%Y-%m-%d %H:%M}, tested on {r.test_reviews} later ones"
        )
        self.stdout.write(f"  log loss with default parameters: {r.default_loss:.4f}")
        self.stdout.write(
            f"  log loss with fitted parameters:  {r.fitted_loss:.4f} "
            f"(gain {r.default_loss - r.fitted_loss:+.4f} ± {r.standard_error:.4f})"
        )
        if r.adopted:
            self.stdout.write("  organization: adopted the fitted parameters (refitted on all reviews)")
        else:
            self.stdout.write("  organization: default parameters (the fit was not clearly and materially better)")
        self._people(fit)
        self.stdout.write("  memory states rebuilt with the new parameters" if fit.rebuilt else "  nothing changed")

    def _people(self, fit: OrganizationFit) -> None:
        self.stdout.write(
            f"  personal parameters for {len(fit.personal)} of {len(fit.people)} people "
            f"(memory differs between people by about x{math.exp(fit.spread):.2f} at one standard deviation)"
        )
        for person in fit.people:
            self.stdout.write(f"    {person.name}: {_describe(person)}")


def _describe(person: PersonFit) -> str:
    fit = person.fit
    if fit.verdict is Verdict.TOO_FEW_REVIEWS:
        return f"the organization's parameters (too few reviews: {fit.reviews}, {fit.held_out_reviews} held out)"
    losses = f"held-out log loss {fit.organization_loss:.4f} → {fit.personal_loss:.4f} ({fit.held_out_reviews} reviews)"
    if fit.adopted:
        return f"memories last x{fit.scale:.2f} as long as the organization's; {losses}"
    if fit.verdict is Verdict.WORSE:
        return f"the organization's parameters (personal ones predicted worse: {losses})"
    return f"the organization's parameters ({fit.verdict.value})"
