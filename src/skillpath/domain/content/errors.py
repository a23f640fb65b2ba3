"""Errors found in a content package, each pointing at a file and a path inside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PathPart = str | int


def format_path(parts: Sequence[PathPart]) -> str:
    """Render ``("roles", 0, "stages", "application", 1)`` as ``roles[0].stages.application[1]``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in a package: ``FILE: PATH: message`` (the path is empty for whole-file problems)."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        if self.path:
            return f"{self.file}: {self.path}: {self.message}"
        return f"{self.file}: {self.message}"


class PackageInvalid(Exception):
    """Raised when a package has errors; ``errors`` lists every one of them."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
