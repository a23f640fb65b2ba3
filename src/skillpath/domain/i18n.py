"""Marks the core's human-facing messages for translation without importing Django.

`gettext` translates at once through the translator the running application installed (the web app installs
Django's, so a message made during a request is in that person's language); without one (the CLI, the
benchmarks, the core's own tests) it returns the English text. `gettext_noop` only marks a message for the
catalogue: use it for module-level constants, and translate them where they are shown. Messages with values
use named fields filled after translation, so a translation may reorder them:
`gettext("Module {module} needs {skill}.").format(module=..., skill=...)`.
"""

from __future__ import annotations

from collections.abc import Callable


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


_translate: Callable[[str], str] = str
_translate_plural: Callable[[str, str, int], str] = _english_plural


def install(translate: Callable[[str], str], translate_plural: Callable[[str, str, int], str]) -> None:
    """Called once by the application at start-up."""
    global _translate, _translate_plural
    _translate, _translate_plural = translate, translate_plural


def gettext(message: str) -> str:
    return _translate(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translate_plural(singular, plural, n)


def gettext_noop(message: str) -> str:
    return message


_ = gettext
