"""xAPI question ids come from what a question asks, so reordering variants and re-importing keeps every id."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from skillpath.content import models as cm
from skillpath.content.services import package_import
from skillpath.integrations.models import XapiStatement
from skillpath.learning.services import activity_of
from skillpath.people.models import Person
from tests.helpers import edit_yaml, mini_source
from tests.integration.integrations.conftest import connect_lrs
from tests.integration.learning_helpers import answer, do_check

pytestmark = pytest.mark.django_db


def reordered(source: dict[str, bytes]) -> dict[str, bytes]:
    def reverse_every_concept(module: dict[str, Any]) -> None:
        for concept in module["concepts"]:
            concept["variants"].reverse()

    source = edit_yaml(source, "modules/questions.yaml", reverse_every_concept)
    return edit_yaml(source, "package.yaml", lambda d: d.update(version="2.0.0"))


def question_ids(person: Person, at: datetime) -> dict[str, str]:
    """Answer every variant of the "questions" module; the question id each answer's statement names, by prompt."""
    ids = {}
    for variant in cm.Variant.objects.filter(concept__module__slug="questions", retired_at=None).order_by("pk"):
        answer(person, variant, at)
        statement = XapiStatement.objects.filter(verb="answered").latest("id").statement
        ids[activity_of(variant).prompt] = statement["object"]["id"]
    return ids


def test_reordering_variants_and_reimporting_keeps_every_questions_id(lee: Person, now: datetime) -> None:
    connect_lrs(lee, "https://lrs.acme.example.com")
    do_check(lee, "basics", now)
    do_check(lee, "questions", now)  # every concept of the module is learned: any variant can be answered
    before = question_ids(lee, now)
    positions = dict(cm.Variant.objects.filter(concept__module__slug="questions").values_list("kind", "position"))
    package_import("acme", reordered(mini_source()), now=now + timedelta(days=1))
    moved = dict(cm.Variant.objects.filter(concept__module__slug="questions").values_list("kind", "position"))
    assert moved != positions  # the variants really changed places
    after = question_ids(lee, now + timedelta(days=2))
    assert after == before
    assert len(set(before.values())) == len(before)  # one id per question
    assert all("/questions/q-" in iri for iri in before.values())
