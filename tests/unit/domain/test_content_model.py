from __future__ import annotations

import pytest

from skillpath.domain.content import Module, parse_package
from skillpath.domain.content.model import (
    ImageBlock,
    RevealBlock,
    TextBlock,
    Video,
    VideoBlock,
    version_key,
)
from tests.helpers import mini_source

PACKAGE = parse_package(mini_source())


def test_a_module_built_from_block_objects_keeps_each_block_kind() -> None:
    basics = PACKAGE.modules["basics"]
    video = VideoBlock(video=Video(url="https://example.com/clip.mp4", transcript="Listen first."))
    rebuilt = Module(**{**dict(basics), "lesson": [*basics.lesson, video]})
    kinds: list[type] = [TextBlock, RevealBlock, ImageBlock, VideoBlock]
    assert [type(block) for block in rebuilt.lesson] == kinds
    assert rebuilt.lesson[3] == video


def test_a_concept_trains_its_own_skill_or_else_its_modules_first_skill() -> None:
    closing = PACKAGE.modules["closing-talk"]
    ask, confirm = closing.concepts
    assert closing.concept_skill(ask) == "closing"
    assert closing.concept_skill(confirm) == "listening"


def test_a_package_exposes_its_headers_id_and_version() -> None:
    assert (PACKAGE.id, PACKAGE.version) == ("mini-academy", "1.0.0")


@pytest.mark.parametrize(
    ("version", "key"), [("2", (2, 0, 0)), ("1.4", (1, 4, 0)), ("1.10.3", (1, 10, 3)), ("0.0.1", (0, 0, 1))]
)
def test_a_version_key_fills_missing_parts_with_zero(version: str, key: tuple[int, ...]) -> None:
    assert version_key(version) == key


def test_versions_compare_by_number_not_by_text() -> None:
    assert version_key("1.10.0") > version_key("1.9.9")
    assert version_key("2") == version_key("2.0.0")
