"""The authors' preview: a draft module in the learners' templates, framed by this site only, answered and graded
without writing anything to a learner's record."""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import Client

from skillpath.authoring.models import PackageDraft
from skillpath.domain.content import Module
from skillpath.domain.grading.answers import model_answer
from skillpath.learning import models as lm
from tests.helpers import form_fields

pytestmark = pytest.mark.django_db

FRAME = "/content/mini-academy/modules/basics/preview/frame"
ANSWER = "/content/mini-academy/modules/basics/preview/answer"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match
    return match.group(1)


def test_the_preview_page_frames_the_lesson_at_desktop_and_phone_width(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    page = author_client.get("/content/mini-academy/modules/basics/preview/")
    assert page["Content-Security-Policy"].count("frame-ancestors 'none'") == 1  # the page itself is not framable
    html = page.content.decode()
    assert html.count(f'<iframe src="{FRAME}"') == 2 and "phone width" in html
    frame = author_client.get(FRAME)
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert "'none'" not in frame["Content-Security-Policy"].split("frame-ancestors")[1].split(";")[0]
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    text = frame.content.decode()
    assert '<article class="lesson"' in text and "Listen first" in text  # the learners' lesson partial
    assert 'class="activity-card card" id="activity"' in text  # the learners' activity card
    assert "/content/mini-academy/draft-media/ear.svg" in text


@pytest.mark.parametrize("pick", ["0.0", "0.1", "1.0", "1.1"])
def test_each_activity_is_answered_and_graded_with_feedback_and_nothing_is_stored(
    author_client: Client, pick: str
) -> None:
    author_client.post("/content/mini-academy/")
    module = Module.model_validate(yaml.safe_load(PackageDraft.objects.get().files["modules/basics.yaml"]))
    c, v = map(int, pick.split("."))
    activity = module.concepts[c].variants[v]
    shown = author_client.get(f"{FRAME}?v={pick}").content.decode()
    base = {"attempt_id": hidden(shown, "attempt_id"), "stamp": "preview", "variant": pick}
    feedback = author_client.post(
        f"{ANSWER}?v={pick}", {**base, **form_fields(activity, model_answer(activity))}, HTTP_HX_REQUEST="true"
    )
    assert feedback.status_code == 200
    assert "Correct" in feedback.content.decode() and 'id="feedback-h"' in feedback.content.decode()
    assert "frame-ancestors 'self'" in feedback["Content-Security-Policy"]
    assert not lm.Attempt.objects.exists()


def test_a_scenario_is_played_turn_by_turn_in_the_preview(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    files = PackageDraft.objects.get().files
    module_id, pick = next(
        (p.split("/")[1][:-5], f"{c}.{v}")
        for p, text in sorted(files.items())
        if p.startswith("modules/")
        for c, concept in enumerate(yaml.safe_load(text)["concepts"])
        for v, variant in enumerate(concept["variants"])
        if variant["type"] == "scenario"
    )
    frame = f"/content/mini-academy/modules/{module_id}/preview/frame?v={pick}"
    answer = f"/content/mini-academy/modules/{module_id}/preview/answer?v={pick}"
    shown = author_client.get(frame).content.decode()
    base = {"attempt_id": hidden(shown, "attempt_id"), "stamp": "preview"}
    path: list[str] = []
    for _ in range(10):
        turn = author_client.post(answer, {**base, "path": ",".join(path), "stage": "choose", "step": "0"})
        assert "What happened" in turn.content.decode()
        path.append("0")
        after = author_client.post(answer, {**base, "path": ",".join(path), "stage": "continue"}).content.decode()
        if 'id="feedback-h"' in after:
            assert "How it ended" in after or "Your path" in after
            break
    else:
        pytest.fail("the scenario never ended")
    assert not lm.Attempt.objects.exists()


def test_an_empty_answer_shows_the_learners_error_in_the_card(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    shown = author_client.get(f"{FRAME}?v=0.0").content.decode()
    response = author_client.post(f"{ANSWER}?v=0.0", {"attempt_id": hidden(shown, "attempt_id"), "stamp": "x"})
    assert response.status_code == 422 and 'role="alert"' in response.content.decode()


def test_a_module_with_errors_lists_them_in_the_frame(author_client: Client) -> None:
    author_client.post("/content/mini-academy/")
    draft = PackageDraft.objects.get()
    draft.files = {**draft.files, "modules/basics.yaml": "id: basics\ntitle: Basics\n"}
    draft.save()
    frame = author_client.get(FRAME).content.decode()
    assert "cannot be shown until these are fixed" in frame and "missing required field" in frame
