"""The generated secret key of development and demo set-ups (no Django here: settings import it)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def generated_secret_key(path: Path) -> str:
    """A stable key kept in ``path`` (development and demo), readable only by its owner (0600).

    A key file left readable by others (older versions wrote it 0644) is narrowed to 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(50))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path.read_text().strip()
