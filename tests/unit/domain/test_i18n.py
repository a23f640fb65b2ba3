"""The core's translation hook: English until an application installs a translator, then that one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skillpath.domain import i18n


@pytest.fixture
def restore_translator() -> Iterator[None]:
    saved = (i18n._translate, i18n._translate_plural)
    yield
    i18n._translate, i18n._translate_plural = saved


def test_without_a_translator_messages_stay_english(restore_translator: None) -> None:
    i18n.install(str, i18n._english_plural)
    assert i18n.gettext("Module {module} is locked.") == "Module {module} is locked."
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} day"
    assert i18n.ngettext("{n} day", "{n} days", 3) == "{n} days"
    assert i18n.gettext_noop("Kept as it is") == "Kept as it is"


def test_an_installed_translator_is_used(restore_translator: None) -> None:
    i18n.install(lambda m: {"Locked": "Gesperrt"}.get(m, m), lambda s, p, n: "Tag" if n == 1 else "Tage")
    assert i18n._("Locked") == "Gesperrt"
    assert i18n.ngettext("day", "days", 2) == "Tage"
    assert i18n.gettext_noop("Locked") == "Locked"  # only marks it
