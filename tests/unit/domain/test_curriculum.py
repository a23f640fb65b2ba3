from __future__ import annotations

from skillpath.domain.curriculum import concept_key
from tests.unit.domain.builders import curriculum, module


def test_skills_are_listed_once_in_the_order_the_path_first_teaches_them() -> None:
    c = curriculum(
        {
            "foundation": [module("intro", skills=("listening", "closing"))],
            "application": [module("calls", requires=("intro",), skills=("closing", "pricing"))],
        },
        extra=[module("elective", skills=("negotiation",))],
    )
    assert c.skills() == ["listening", "closing", "pricing"]


def test_a_module_title_comes_from_its_spec() -> None:
    c = curriculum({"foundation": [module("cold-calls")]})
    assert c.title("cold-calls") == "Cold calls"


def test_the_module_of_a_concept_key_is_its_first_part() -> None:
    c = curriculum({"foundation": [module("cold-calls")]})
    assert c.module_of(concept_key("cold-calls", "open-questions")) == "cold-calls"
