"""Hostile content packages get the usual ``FILE: PATH: message`` lines and exit 1, never a traceback, and
never more memory or time than the limits allow."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from skillpath.cli import main
from skillpath.content import reader
from skillpath.domain.content.parsing import MAX_YAML_BYTES, MAX_YAML_DEPTH
from tests.helpers import MINI


def mini_zip(path: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in MINI.rglob("*"):
            if f.is_file():
                z.write(f, f.relative_to(MINI).as_posix())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def understate_sizes(path: Path, member: str, claimed: int) -> None:
    """Rewrite the archive's size fields of ``member`` (local header and central directory) to ``claimed``."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04" + b"\x00" * 0)
    while local != -1:
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, claimed)  # uncompressed size
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, claimed)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", str(path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines()


def test_a_zip_that_understates_its_sizes_is_stopped_without_unpacking_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = mini_zip(tmp_path / "bomb.zip", {"media/big.png": b"\x89PNG\r\n\x1a\n" + bytes(300 * 1024 * 1024)})
    assert bomb.stat().st_size < 2 * 1024 * 1024
    understate_sizes(bomb, "media/big.png", 1000)
    tracemalloc.start()
    code, lines = validate(bomb, capsys)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 1
    assert lines == [f"{bomb}: the zip archive cannot be read (Bad CRC-32 for file 'media/big.png'); create it again"]
    assert peak < 64 * 1024 * 1024  # chunks of 1 MiB, not the 300 MiB the member holds


def test_the_bytes_actually_unpacked_are_counted_against_the_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 4 * 1024 * 1024)
    big = mini_zip(tmp_path / "big.zip", {"media/big.png": b"\x89PNG\r\n\x1a\n" + bytes(5 * 1024 * 1024)})
    code, lines = validate(big, capsys)
    assert code == 1
    assert lines == ["media/big.png: unpacks to more than it says (larger than 4 MiB); the archive is not safe to read"]


def test_a_damaged_zip_gets_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = mini_zip(tmp_path / "damaged.zip")
    data = bytearray(damaged.read_bytes())
    start = data.find(b"PK\x03\x04") + 60
    data[start : start + 40] = bytes(40)  # overwrite compressed bytes of the first member
    damaged.write_bytes(bytes(data))
    code, lines = validate(damaged, capsys)
    assert code == 1 and len(lines) == 1 and "the zip archive cannot be read" in lines[0]


def test_deeply_nested_yaml_is_refused_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = mini_zip(tmp_path / "deep.zip", {"modules/deep.yaml": b"id: deep\nx: " + b"[" * 100_000})
    code, lines = validate(deep, capsys)
    assert code == 1
    assert f"modules/deep.yaml: nested more than {MAX_YAML_DEPTH} levels deep at line 2" in lines


def test_a_huge_yaml_file_is_refused_before_it_is_parsed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    huge = b"id: huge\ntitle: " + b"x" * (50 * 1024 * 1024) + b"\n"
    code, lines = validate(mini_zip(tmp_path / "huge.zip", {"modules/huge.yaml": huge}), capsys)
    assert code == 1
    assert f"modules/huge.yaml: larger than {MAX_YAML_BYTES // 2**20} MiB; split it into modules" in lines


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "media/ear.png",
            b"<!doctype html><script>alert(1)</script>",
            "the file is not a PNG image (it looks like HTML)",
        ),
        ("media/pic.jpg", b"\x89PNG\r\n\x1a\n", "the file is not a JPEG image"),
        ("media/pic.svg", b"<html><body onload=alert(1)></body></html>", "the file is not an SVG image (it looks like"),
        ("media/clip.mp4", b"just text", "the file is not an MP4 video"),
    ],
)
def test_media_bytes_must_match_their_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    code, lines = validate(mini_zip(tmp_path / "m.zip", {name: data}), capsys)
    assert code == 1
    assert any(line.startswith(f"{name}: {message}") for line in lines), lines


def test_the_same_limits_hold_for_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "pkg"
    for f in MINI.rglob("*"):
        if f.is_file():
            (package / f.relative_to(MINI)).parent.mkdir(parents=True, exist_ok=True)
            (package / f.relative_to(MINI)).write_bytes(f.read_bytes())
    (package / "media" / "evil.png").write_bytes(b"<html></html>")
    code, lines = validate(package, capsys)
    assert code == 1 and lines[0].startswith("media/evil.png: the file is not a PNG image")
