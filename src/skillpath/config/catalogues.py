"""Compiles the translation catalogues (``locale/<lang>/LC_MESSAGES/django.po`` → ``django.mo``) with Babel,
which needs no GNU gettext. The ``.mo`` files are build output (not in git): ``make install``, ``skillpath
serve``, ``skillpath demo`` and the test suite compile whatever is missing or older than its ``.po``.

``python -m skillpath.config.catalogues`` compiles them all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # src/skillpath


def compile_catalogues(root: Path = ROOT, *, force: bool = False) -> list[Path]:
    """Compile every catalogue under ``root`` whose ``.mo`` is missing or stale; the ``.mo`` files written.
    Fuzzy entries are left out (as GNU msgfmt does), so a fuzzy translation is never shown."""
    written = []
    for po in sorted(root.rglob("locale/*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        partial = mo.with_suffix(".mo.tmp")
        _compile(po, partial)
        partial.replace(mo)  # a server reading catalogues never sees half a file
        written.append(mo)
    return written


def _compile(po: Path, mo: Path) -> None:
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # an environment installed before Babel was a dependency: GNU msgfmt, if there
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            raise RuntimeError("compiling translations needs Babel: run `make install`") from None
        subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603
        return
    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, abort_invalid=True)
    with mo.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)


def main() -> int:
    written = compile_catalogues(force="--force" in sys.argv)
    print(f"compiled {len(written)} translation catalogue(s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
