"""Media files must be what their name says: the bytes are checked against the type of the extension, so
a ``.png`` that holds HTML (or a script) is refused instead of being served as an image."""

from __future__ import annotations

import re

from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop

_SVG_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE\s+svg[^>]*>)\s*)*<svg[\s>/]",
    re.DOTALL,
)
_NAMES = {
    ".png": gettext_noop("a PNG image"),
    ".jpg": gettext_noop("a JPEG image"),
    ".jpeg": gettext_noop("a JPEG image"),
    ".gif": gettext_noop("a GIF image"),
    ".webp": gettext_noop("a WebP image"),
    ".svg": gettext_noop("an SVG image"),
    ".mp4": gettext_noop("an MP4 video"),
    ".webm": gettext_noop("a WebM video"),
}


def _matches(suffix: str, data: bytes) -> bool:
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return data.startswith((b"GIF87a", b"GIF89a"))
    if suffix == ".webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if suffix == ".mp4":
        return data[4:8] == b"ftyp"
    if suffix == ".webm":
        return data.startswith(b"\x1a\x45\xdf\xa3")
    if suffix == ".svg":
        return _SVG_ROOT.match(data[:4096]) is not None
    return False


def media_problem(suffix: str, data: bytes) -> str | None:
    """Why ``data`` is not a file of type ``suffix`` (``.png``, …), or None when it is."""
    if _matches(suffix, data):
        return None
    what = _(_NAMES.get(suffix, gettext_noop("a media file")))
    if re.match(rb"\s*<(?:!doctype\s+html|html|script)", data[:256], re.I):
        return _("the file is not {what} (it looks like HTML); save it in the format its name says").format(what=what)
    return _("the file is not {what}; save it in the format its name says").format(what=what)
