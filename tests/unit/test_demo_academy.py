"""The demo academy ships what the product promises: five roles, rich paths, every interaction type."""

from __future__ import annotations

import pytest

from skillpath.content.reader import read_package
from skillpath.domain.content import ACTIVITY_TYPES, Package, parse_package
from skillpath.domain.content.model import ImageBlock, RevealBlock, TextBlock, TimelineBlock, VideoBlock
from tests.helpers import DEMO


@pytest.fixture(scope="module")
def academy() -> Package:
    return parse_package(read_package(DEMO))


def test_the_academy_has_the_five_roles(academy: Package) -> None:
    titles = [r.title for r in academy.header.roles]
    assert titles == ["Sales Executive", "Customer Support", "Operations", "Leadership", "Technical"]


def test_the_sales_path_is_the_one_customers_quote(academy: Package) -> None:
    sales = academy.header.roles[0]
    path = [academy.modules[m].title for _, ids in sales.stages.items() for m in ids]
    assert path == [
        "Product fundamentals",
        "Objection handling techniques",
        "CRM system proficiency",
        "Negotiation conversations",
        "Advanced relationship-building",
    ]


@pytest.mark.parametrize("role_index", range(5))
def test_each_role_has_a_full_path_levels_certificate_and_onboarding(academy: Package, role_index: int) -> None:
    role = academy.header.roles[role_index]
    module_ids = [m for _, ids in role.stages.items() for m in ids]
    assert len(module_ids) >= 5
    assert role.stages.foundation and role.stages.application and role.stages.mastery
    assert len(role.levels) >= 2
    assert role.certificate is not None
    assert any(ms.day <= 30 for ms in role.milestones)
    kinds = [v.type for m in module_ids for c in academy.modules[m].concepts for v in c.variants]
    assert set(kinds) == set(ACTIVITY_TYPES)
    assert kinds.count("scenario") >= 2


@pytest.mark.parametrize("role_index", range(5))
def test_required_levels_are_reachable_through_the_stages(academy: Package, role_index: int) -> None:
    """A level k ≤ 3 needs a module of stage k teaching the skill (DESIGN: proficiency)."""
    role = academy.header.roles[role_index]
    stage_number = {"foundation": 1, "application": 2, "mastery": 3}
    taught: dict[str, set[int]] = {}
    for stage, ids in role.stages.items():
        for module_id in ids:
            for skill in academy.modules[module_id].skills:
                taught.setdefault(skill, set()).add(stage_number.get(stage, 0))
    requirements = [lv.requires for lv in role.levels] + [role.certificate.requires if role.certificate else {}]
    for requires in requirements:
        for skill, level in requires.items():
            assert min(level, 3) in taught.get(skill, set()) or level == 0, (role.id, skill, level)


def test_every_module_is_a_real_micro_lesson(academy: Package) -> None:
    for module in academy.modules.values():
        assert 3 <= module.minutes <= 7, module.id
        assert len(module.concepts) >= 3, module.id
        assert all(len(c.variants) >= 2 for c in module.concepts), module.id
        words = 0
        for block in module.lesson:
            if isinstance(block, TextBlock):
                words += len(block.text.split())
            elif isinstance(block, RevealBlock):
                words += sum(len(s.split()) for s in block.reveal)
            elif isinstance(block, TimelineBlock):
                words += sum(len(s.text.split()) for s in block.timeline)
        assert words >= 300, (module.id, words)
        assert any(isinstance(b, RevealBlock | TimelineBlock) for b in module.lesson), module.id


def test_media_is_used_and_present(academy: Package) -> None:
    blocks = [b for m in academy.modules.values() for b in m.lesson]
    used = {b.image.src for b in blocks if isinstance(b, ImageBlock)}
    used |= {b.video.url for b in blocks if isinstance(b, VideoBlock) and b.video.url.startswith("media/")}
    assert used == set(academy.media)
