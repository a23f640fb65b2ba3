"""The result of one verification check (shared by the verifier's modules)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

# What each check is called on the pages (its ``name`` stays the same in the JSON verdict).
NAMES = {
    "format": gettext_lazy("format"),
    "signature": gettext_lazy("signature"),
    "issuer": gettext_lazy("issuer"),
    "dates": gettext_lazy("dates"),
    "revocation": gettext_lazy("revocation"),
}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: could not be checked
    message: str

    @property
    def label(self) -> str:
        return str(NAMES.get(self.name, self.name))
