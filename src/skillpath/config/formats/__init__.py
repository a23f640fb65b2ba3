"""Dates as each language writes them (``FORMAT_MODULE_PATH``: ``<language>/formats.py`` here, then Django's).

Templates use Django's named formats: ``{{ d|date:"DATE_FORMAT" }}`` (7 December 2026 · 7. Dezember 2026 ·
7 de diciembre de 2026), ``"SHORT_DATE_FORMAT"`` (7 Dec 2026 · 07.12.2026 · 07/12/2026), ``"MONTH_DAY_FORMAT"``
(7 Dec · 7. Dezember · 7 de diciembre), ``"SHORT_DATETIME_FORMAT"`` and ``"TIME_FORMAT"``. Three more are ours,
through ``{{ d|local_date:"WEEKDAY_FORMAT" }}`` (web's template tags) or :func:`local_date` in Python:
``DAY_MONTH_FORMAT`` (7 December), ``WEEKDAY_FORMAT`` (Monday 7 December · Montag, 7. Dezember · lunes, 7 de
diciembre) and ``SHORT_WEEKDAY_FORMAT`` (Monday 7 Dec). Aware datetimes are shown in the active time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from importlib import import_module

from django.utils import formats, timezone, translation

OURS = ("DAY_MONTH_FORMAT", "WEEKDAY_FORMAT", "SHORT_WEEKDAY_FORMAT")


def _our_format(name: str) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    try:
        module = import_module(f"skillpath.config.formats.{language}.formats")
    except ImportError:
        module = import_module("skillpath.config.formats.en.formats")
    return str(getattr(module, name))


def local_date(value: date | datetime | None, name: str = "DATE_FORMAT") -> str:
    """``value`` in the active language's ``name`` format (one of Django's named formats, or of ``OURS``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, _our_format(name) if name in OURS else name)
