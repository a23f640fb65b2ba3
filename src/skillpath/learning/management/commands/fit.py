from __future__ import annotations

import math
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from skillpath.learning.fitting import OrganizationFit, organization_fit
from skillpath.people.management.organizations import OrganizationCommand
from skillpath.people.models import Person


class Command(OrganizationCommand):
    help = (
        "Fit memory to an organization's reviews: its FSRS parameters, each person's and each concept's scale, "
        "and a calibration; each part adopted only when it predicts held-out reviews better by more than noise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--people", action="store_true", help="list every person's scale")

    def handle(self, *args: Any, **options: Any) -> None:
        org = self.organization(options)
        fit = organization_fit(org, now=timezone.now())
        proposal = fit.proposal
        if fit.split_at is None:
            reason = proposal.decisions[0].reason if proposal.decisions else "nothing to fit"
            self.stdout.write(f"{org.slug}: {reason} ({fit.histories} review histories); nothing changed")
            return
        self.stdout.write(
            f"{org.slug}: {fit.histories} review histories of {fit.people} people; trained on "
            f"{proposal.train_reviews} reviews before {fit.split_at:%Y-%m-%d %H:%M}, "
            f"tested on {proposal.held_out_reviews} later ones"
        )
        for decision in proposal.decisions:
            self.stdout.write(f"  {decision}")
        self.stdout.write("  calibration on the held-out reviews (predicted → observed recall):")
        for b in proposal.held_out_after:
            self.stdout.write(
                f"    {b.low:.2f}–{b.high:.2f}: {b.reviews:>6} reviews, {b.predicted:.1%} → {b.observed:.1%}"
            )
        self._people(fit, options["people"])
        self.stdout.write("  memory states rebuilt with the new fit" if fit.changed else "  nothing changed")

    def _people(self, fit: OrganizationFit, every: bool) -> None:
        scales = fit.proposal.fit.people
        spread = fit.proposal.scales.people_spread
        self.stdout.write(
            f"  personal scales for {len(scales)} of {fit.people} people "
            f"(memory differs between people by about ×{math.exp(spread):.2f} at one standard deviation); "
            f"{len(fit.proposal.fit.concepts)} concepts with a difficulty of their own"
        )
        if every:
            names = dict(Person.objects.filter(pk__in=list(scales)).values_list("pk", "name"))
            for pk, scale in sorted(scales.items(), key=lambda item: names.get(item[0], "")):
                reviews = fit.proposal.scales.reviews.get(pk, 0)
                self.stdout.write(f"    {names.get(pk, pk)}: memories last ×{scale:.2f} ({reviews} reviews)")
