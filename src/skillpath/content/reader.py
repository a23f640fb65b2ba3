"""Read a content package from a folder or a .zip into memory (``PackageSource``), safely.

Sizes are the bytes actually read: an archive's own size fields can lie (a zip that under-states them would
otherwise unpack far past the limits), so every member is decompressed in chunks and counted.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from skillpath.domain.content import ContentError, PackageInvalid
from skillpath.domain.i18n import gettext as _  # not Django's: ``skillpath validate`` reads packages without it

MAX_FILES = 5_000
MAX_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 100 * 1024 * 1024  # one file (a video); YAML files have their own, smaller bound
SKIPPED_PARTS = {".git", "__MACOSX", ".DS_Store"}
_CHUNK = 1024 * 1024


# What zipfile raises for a damaged, encrypted or oddly compressed archive (NotImplementedError: a compression
# method it does not support; RuntimeError: an encrypted member).
UNREADABLE_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError)


def _invalid(where: str, message: str) -> PackageInvalid:
    return PackageInvalid([ContentError(where, "", message)])


def read_package(path: str | Path) -> dict[str, bytes]:
    """The files of a package folder or .zip, keyed by relative POSIX path.

    A .zip may hold the files at its top or inside one folder. Raises ``PackageInvalid``
    for a missing path, an unsafe archive, or one too large to be a content package.
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.is_file() and zipfile.is_zipfile(path):
        try:
            return _read_zip(path, str(path))
        except UNREADABLE_ZIP as exc:
            # a damaged, encrypted or oddly compressed archive: say so rather than fail with a traceback
            raise _invalid(str(path), _unreadable(exc)) from exc
    if path.exists():
        raise _invalid(str(path), _("not a package: give a folder with package.yaml or a .zip of one"))
    raise _invalid(str(path), _("no such file or folder"))


def _unreadable(exc: Exception) -> str:
    return _("the zip archive cannot be read ({error}); create it again").format(error=exc)


def read_package_zip(data: bytes, name: str = "upload.zip") -> dict[str, bytes]:
    """The files of a package .zip received as bytes (an upload), with the same checks as ``read_package``."""
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise _invalid(name, _("not a .zip archive: send a .zip of a package folder"))
    try:
        return _read_zip(buffer, name)
    except UNREADABLE_ZIP as exc:
        raise _invalid(name, _unreadable(exc)) from exc


def _check_size(files: int, size: int, where: str) -> None:
    if files > MAX_FILES or size > MAX_BYTES:
        message = _("too large for a content package (limits: {files} files, {size} MiB)")
        raise _invalid(where, message.format(files=MAX_FILES, size=MAX_BYTES // 2**20))


def _read_folder(root: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    size = 0
    for item in sorted(root.rglob("*")):
        rel = item.relative_to(root)
        if SKIPPED_PARTS & set(rel.parts) or not item.is_file():
            continue
        if item.is_symlink() and not item.resolve().is_relative_to(root.resolve()):
            raise _invalid(rel.as_posix(), _("a link pointing outside the package is not allowed"))
        if item.stat().st_size > MAX_FILE_BYTES:
            message = _("larger than {size} MiB; make the file smaller").format(size=MAX_FILE_BYTES // 2**20)
            raise _invalid(rel.as_posix(), message)
        data = item.read_bytes()
        size += len(data)
        files[rel.as_posix()] = data
        _check_size(len(files), size, str(root))
    return files


def _read_zip(path: Path | BinaryIO, where: str = "") -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        _check_size(
            len(infos), sum(i.file_size for i in infos), where or str(path)
        )  # what it claims; checked again below
        names = []
        for info in infos:
            name = PurePosixPath(info.filename)
            if name.is_absolute() or ".." in name.parts:
                raise _invalid(info.filename, _("unsafe path in archive"))
            if not SKIPPED_PARTS & set(name.parts):
                names.append((info, name))
        prefix = _common_folder([n for _info, n in names])
        files: dict[str, bytes] = {}
        total = 0
        for info, name in names:
            data = _member(archive, info, MAX_BYTES - total)
            total += len(data)
            files[name.relative_to(prefix).as_posix() if prefix else name.as_posix()] = data
        return files


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int) -> bytes:
    """One member's bytes, decompressed a chunk at a time and counted: stops at the first byte over a limit."""
    limit = min(MAX_FILE_BYTES, room)
    chunks: list[bytes] = []
    read = 0
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            read += len(chunk)
            if read > limit:
                message = (
                    _("unpacks to more than it says (larger than {size} MiB); the archive is not safe to read")
                    if limit == MAX_FILE_BYTES
                    else _(
                        "unpacks to more than it says (past the package limit of {size} MiB); the archive is not safe"
                        " to read"
                    )
                )
                size = (MAX_FILE_BYTES if limit == MAX_FILE_BYTES else MAX_BYTES) // 2**20
                raise _invalid(info.filename, message.format(size=size))
            chunks.append(chunk)
    return b"".join(chunks)


def _common_folder(names: list[PurePosixPath]) -> PurePosixPath | None:
    """The single top folder that holds package.yaml, when the archive wraps the package in one."""
    if any(n.as_posix() == "package.yaml" for n in names):
        return None
    tops = {n.parts[0] for n in names if len(n.parts) > 1}
    if len(tops) == 1:
        top = PurePosixPath(tops.pop())
        if any(n == top / "package.yaml" for n in names):
            return top
    return None
