"""Start-up checks of a production set-up (``SKILLPATH_PRODUCTION=1``); they run before ``serve``, ``worker``,
``migrate`` and ``check --deploy``. Errors stop the command; warnings are printed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# Backends that keep messages on this machine: reset and invitation links would end up in a log or a folder.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@checks.register(checks.Tags.security)
def production_email(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION or settings.DEMO or settings.EMAIL_BACKEND not in LOCAL_EMAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} in production: password-reset and invitation links "
            "would be written to the server's log instead of reaching people",
            hint="set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (docs/operations.md)",
            id="skillpath.E001",
        )
    ]


@checks.register(checks.Tags.security)
def production_key_secret(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION or settings.KEY_SECRET != settings.SECRET_KEY:
        return []
    return [
        checks.Warning(
            "SKILLPATH_KEY_SECRET is not set: organizations' signing keys are encrypted with SECRET_KEY, so "
            "whoever reads the web server's settings can also decrypt them",
            hint="set SKILLPATH_KEY_SECRET to its own long random value and keep it apart from database backups",
            id="skillpath.W001",
        )
    ]
