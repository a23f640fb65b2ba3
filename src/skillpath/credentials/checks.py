"""The result of one verification check (shared by the verifier's modules)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: could not be checked
    message: str
