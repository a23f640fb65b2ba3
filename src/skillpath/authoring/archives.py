"""Package files ↔ zip archives, reproducibly (the same files always give the same bytes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed timestamp: the same files make the same archive


def zip_files(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return buffer.getvalue()
