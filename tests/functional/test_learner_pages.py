from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.core import signing
from django.test import Client

from skillpath import clock
from skillpath.content import models as cm
from skillpath.domain.grading.answers import answer_with_mistakes, model_answer
from skillpath.learning import models as lm
from skillpath.learning.services import activity_of, module_start
from skillpath.web import answering
from tests.helpers import form_fields
from tests.integration.learning_helpers import do_check, learner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_clock() -> Any:
    yield
    clock.travel(timedelta(0))


def signed_in(client: Client, now: datetime, email: str = "lee@acme.test", org: str = "acme") -> Any:
    person = learner(now, org=org, email=email)
    client.force_login(person.user)
    return person


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def answer_current(client: Client, url: str, *, right: bool = True, htmx: bool = False) -> str:
    """Answer the activity shown at ``url`` the way a browser without JavaScript would; returns the feedback."""
    page = client.get(url).content.decode()
    variant = cm.Variant.objects.get(pk=hidden(page, "variant"))
    activity = activity_of(variant)
    action = re.search(r'<form method="post" action="([^"]+)" hx-post', page).group(1)  # type: ignore[union-attr]
    base = {"attempt_id": hidden(page, "attempt_id"), "stamp": hidden(page, "stamp"), "variant": str(variant.pk)}
    headers: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = model_answer(activity) if right else answer_with_mistakes(activity, 99)
    if activity.type != "scenario":
        return client.post(action, {**base, **form_fields(activity, response)}, **headers).content.decode()
    path: list[int] = []
    shown = None
    for step in response["path"]:
        consequence = client.post(action, {**base, "path": ",".join(map(str, path)), "stage": "choose", "step": step})
        assert "What happened" in consequence.content.decode()
        path.append(step)
        # Continuing shows the next situation, or, after an ending, grades the whole path.
        shown = client.post(action, {**base, "path": ",".join(map(str, path)), "stage": "continue"}, **headers)
    assert shown is not None
    return shown.content.decode()


def test_a_learner_learns_a_module_practises_passes_and_unlocks_the_next(client: Client, now: datetime) -> None:
    signed_in(client, now)
    lesson = client.get("/modules/basics/").content.decode()
    assert "Listen first" in lesson and "Start practice" in lesson
    started = client.post("/modules/basics/start")
    check_url = started["Location"]
    feedback = answer_current(client, check_url)
    assert "Correct" in feedback and "Continue" in feedback
    answer_current(client, check_url)
    result = client.get(check_url, follow=True).content.decode()
    assert "Passed" in result and "100%" in result
    assert "Discovery questions" in result  # unlocked
    path = client.get("/path/").content.decode()
    assert "Passed" in path and "Pass <em>Discovery questions</em> with 70%" in path  # closing-talk still locked


def test_a_branching_scenario_shows_each_consequence_then_the_path_taken(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    client.post("/modules/basics/start")
    check = lm.ModuleCheck.objects.get(person=person)
    url = f"/checks/{check.pk}/"
    answer_current(client, url)
    answer_current(client, url)
    client.post("/modules/questions/start")
    check = lm.ModuleCheck.objects.get(person=person, module__slug="questions")
    answer_current(client, f"/checks/{check.pk}/", right=False)  # its one concept, first variant: categorize
    retry = client.post("/modules/questions/start")["Location"]  # a retry asks the other variant: the scenario
    summary = answer_current(client, retry, right=False)
    assert "Your path" in summary and "How it ended:" in summary
    assert "Deal closed at a loss." in summary and "Not quite: 0%" in summary


def test_wrong_answers_get_feedback_and_the_right_answer(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    feedback = answer_current(client, url, right=False)
    assert "Not quite" in feedback and "Why:" in feedback


def test_htmx_gets_only_the_activity_card(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    card = answer_current(client, url, htmx=True)
    assert card.lstrip().startswith("<section") and "<html" not in card


def test_an_unreadable_answer_is_refused_with_a_reason_and_the_form_again(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    page = client.get(url).content.decode()
    form = {
        "attempt_id": hidden(page, "attempt_id"),
        "stamp": hidden(page, "stamp"),
        "variant": hidden(page, "variant"),
    }
    response = client.post(url + "answer", {**form, "selected": "seven"})
    assert response.status_code == 422
    assert "choices must be whole numbers" in response.content.decode()
    assert not lm.Attempt.objects.exists()


def test_an_empty_answer_is_refused_with_a_prompt_and_nothing_is_recorded(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    page = client.get(url).content.decode()
    variant = cm.Variant.objects.get(pk=hidden(page, "variant"))
    activity = activity_of(variant)
    empties: dict[str, dict[str, Any]] = {
        "choice": {"selected": []},
        "categorize": {"placements": [None] * len(getattr(activity, "items", []))},
        "match": {"pairs": [None] * len(getattr(activity, "pairs", []))},
        "cloze": {"blanks": [""] * len(getattr(activity, "blanks", []))},
    }
    empty = empties[activity.type]
    form = {"attempt_id": hidden(page, "attempt_id"), "stamp": hidden(page, "stamp"), "variant": str(variant.pk)}
    response = client.post(url + "answer", {**form, **form_fields(activity, empty)})
    assert response.status_code == 422
    assert "before checking your answer." in response.content.decode()
    assert not lm.Attempt.objects.exists()
    assert not lm.MemoryState.objects.exists()
    assert lm.ModuleCheck.objects.get().completed_at is None


def test_reinforcement_days_later_uses_another_variant(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    clock.travel(timedelta(days=6))
    today = client.get("/").content.decode()
    assert "Reinforce" in today and "/reinforcement/basics/open-questions/" in today
    practice = client.get("/reinforcement/basics/open-questions/").content.decode()
    shown = cm.Variant.objects.get(pk=hidden(practice, "variant"))
    assert shown.position == 1
    assert "Correct" in answer_current(client, "/reinforcement/basics/open-questions/")
    assert lm.MemoryState.objects.get(concept=shown.concept).reviews == 2


def test_a_learner_cannot_open_another_persons_check_or_module_outside_their_path(
    client: Client, now: datetime
) -> None:
    kim = learner(now, org="acme", email="kim@acme.test")
    signed_in(client, now)
    check = module_start(kim, "basics", now=now)
    assert client.get(f"/checks/{check.pk}/").status_code == 404
    assert client.post(f"/checks/{check.pk}/answer", {}).status_code == 404
    assert client.get(f"/checks/{check.pk}/result").status_code == 404
    assert client.get("/modules/not-a-module/").status_code == 404
    assert client.get("/reinforcement/basics/open-questions/").status_code == 404  # not learned yet
    variant = cm.Variant.objects.filter(concept__slug="open-questions").first()
    assert variant is not None
    activity = activity_of(variant)
    form = {
        "attempt_id": str(uuid4()),
        "stamp": "",
        "variant": str(variant.pk),
        **form_fields(activity, model_answer(activity)),
    }
    refused = client.post("/reinforcement/basics/open-questions/", form)  # a posted answer to it: refused, kept out
    assert refused.status_code == 422 and "has not been learned yet" in refused.content.decode()
    assert not lm.Attempt.objects.filter(variant=variant).exists()


def test_the_old_reinforcement_address_moved_for_good(client: Client, now: datetime) -> None:
    signed_in(client, now)
    moved = client.get("/practice/basics/open-questions/")
    assert moved.status_code == 301 and moved["Location"] == "/reinforcement/basics/open-questions/"
    assert client.post("/practice/basics/open-questions/", {}).status_code == 405


def test_another_organizations_module_is_not_found(client: Client, now: datetime) -> None:
    learner(now, org="globex", email="ana@globex.test")
    cm.Module.objects.filter(organization__slug="globex", slug="basics").update(slug="globex-only")
    signed_in(client, now)
    assert client.get("/modules/globex-only/").status_code == 404


def test_settings_are_saved_or_every_problem_is_named(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    good = {"daily_minutes": "15", "timezone": "Europe/Lisbon", "reminder_time": "08:30", "reminders_enabled": "on"}
    ok = client.post("/settings/", {**good, "quiet_start": "22:00", "quiet_end": "07:00"})
    assert ok.status_code == 200 and "Saved." in ok.content.decode()
    person.refresh_from_db()
    assert (person.daily_minutes, person.timezone, person.reminder_time.hour) == (15, "Europe/Lisbon", 8)
    bad = client.post(
        "/settings/",
        {"daily_minutes": "900", "timezone": "Mars/Olympus", "reminder_time": "8pm", "quiet_start": "22:00"},
    )
    text = bad.content.decode()
    assert bad.status_code == 422
    assert "from 1 to 240" in text and "&#x27;Mars/Olympus&#x27; is not a time zone" in text
    assert "is not a time; write it like 09:00" in text and "give both ends of the quiet hours" in text
    person.refresh_from_db()
    assert person.daily_minutes == 15  # nothing half-written


def test_skills_page_explains_levels_and_draws_a_recall_forecast(client: Client, now: datetime) -> None:
    signed_in(client, now)
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    page = client.get("/skills/").content.decode()
    assert "Why level 1" in page and "Of its 4 ideas: 2 shown, 0 recalled a day or more after learning" in page
    assert '<svg class="chart"' in page and "Predicted recall of Listening without practice" in page
    assert page.count("Predicted recall of Listening without practice") == 1  # said once, not as alt and caption
    clock.travel(timedelta(days=60))
    assert "Fading since" in client.get("/skills/").content.decode()


def test_a_session_runs_the_queue_item_by_item_and_ends_with_a_summary(client: Client, now: datetime) -> None:
    signed_in(client, now)
    first = client.post("/session/start", follow=True)
    assert first.redirect_chain[-1][0] == "/modules/basics/?session=1"
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    nxt = client.get("/session/next")
    assert nxt["Location"] == "/session/done"
    done = client.get("/session/done").content.decode()
    assert "Session complete" in done and "<strong>Listening</strong>: not started → foundation" in done
    assert "Discovery questions" in done


@pytest.mark.parametrize(("url", "queries"), [("/", 13), ("/path/", 11), ("/skills/", 9)])  # Today: coaching, habit
def test_learner_pages_take_a_fixed_number_of_queries(
    client: Client, now: datetime, url: str, queries: int, django_assert_max_num_queries: Any
) -> None:
    signed_in(client, now)
    start = client.post("/modules/basics/start")["Location"]
    answer_current(client, start)
    answer_current(client, start)
    client.get(url)  # warm the curriculum cache
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_completing_a_stage_is_a_milestone_on_the_path_and_in_the_session_summary(
    client: Client, now: datetime
) -> None:
    signed_in(client, now)
    client.post("/session/start")
    url = client.post("/modules/basics/start")["Location"]
    answer_current(client, url)
    answer_current(client, url)
    done = client.get("/session/done").content.decode()
    assert "Seller: Foundation stage complete" in done
    assert "Completed " in client.get("/path/").content.decode()


def test_reveal_and_timeline_steps_render_inline_markdown_safely(client: Client, now: datetime) -> None:
    from skillpath.content.services import package_import
    from tests.helpers import edit_yaml, mini_source

    source = edit_yaml(
        mini_source(),
        "modules/basics.yaml",
        lambda d: d["lesson"].__setitem__(1, {"reveal": ["**Ask** first", "Then <script>alert(1)</script> listen"]}),
    )
    source = edit_yaml(source, "package.yaml", lambda d: d.update(version="1.1.0"))
    signed_in(client, now)
    package_import("acme", source, now=now)
    page = client.get("/modules/basics/").content.decode()
    assert "<strong>Ask</strong> first" in page
    assert "<script>alert(1)</script>" not in page


def _first_check_item(client: Client, now: datetime) -> tuple[str, dict[str, str], Any]:
    person = signed_in(client, now)
    check = module_start(person, "basics", now=now)
    url = f"/checks/{check.pk}/"
    page = client.get(url).content.decode()
    variant = cm.Variant.objects.get(pk=hidden(page, "variant"))
    activity = activity_of(variant)
    fields = {"attempt_id": hidden(page, "attempt_id"), "stamp": hidden(page, "stamp"), "variant": str(variant.pk)}
    return url + "answer", {**fields, **form_fields(activity, model_answer(activity))}, page


def test_the_answer_time_is_measured_from_the_display_stamp(client: Client, now: datetime) -> None:
    clock.travel_to(now)
    action, fields, _ = _first_check_item(client, now)
    shown = signing.loads(fields["stamp"], salt=answering.SALT)[
        "t"
    ]  # when the page was made (a loaded machine is slow)
    clock.travel_to(datetime.fromtimestamp(shown, tz=UTC) + timedelta(seconds=25))
    client.post(action, fields)
    assert lm.Attempt.objects.get().duration_seconds == pytest.approx(25, abs=1)


def test_a_display_stamp_counts_only_for_its_own_attempt(client: Client, now: datetime) -> None:
    """Regression: stamps were reusable, so a script could refresh one just before answering."""
    clock.travel_to(now)
    action, fields, _ = _first_check_item(client, now)
    clock.travel_to(now + timedelta(seconds=25))
    fresh = client.get(action.removesuffix("answer")).content.decode()  # a new display: a new attempt id and stamp
    client.post(action, {**fields, "stamp": hidden(fresh, "stamp")})  # the fresh stamp with the old attempt id
    attempt = lm.Attempt.objects.get()
    assert attempt.duration_seconds is None  # untimed: it cannot rate Easy nor move the usual time


def test_an_answer_sent_right_after_the_display_is_untimed(client: Client, now: datetime) -> None:
    clock.travel_to(now)
    action, fields, _ = _first_check_item(client, now)
    clock.travel_to(now + timedelta(seconds=1))
    client.post(action, fields)
    attempt = lm.Attempt.objects.get()
    assert attempt.duration_seconds is None and attempt.rating != 4


def test_a_practice_post_with_a_variant_that_is_not_a_number_is_answered_normally(
    client: Client, now: datetime
) -> None:
    do_check(signed_in(client, now), "basics", now)
    concept = cm.Concept.objects.filter(module__slug="basics").first()
    assert concept is not None
    url = f"/reinforcement/basics/{concept.slug}/"
    for bad in ("abc", "1e5", "²", "9" * 5000):
        assert client.post(url, {"variant": bad, "attempt_id": "x"}).status_code == 422


def test_a_failed_check_is_reviewed_before_its_retake_opens_after_a_wait(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    clock.travel_to(now)
    url = client.post("/modules/basics/start")["Location"]
    while lm.ModuleCheck.objects.get(person=person).completed_at is None:
        answer_current(client, url, right=False)
    check = lm.ModuleCheck.objects.get(person=person)
    result = client.get(f"/checks/{check.pk}/result").content.decode()
    assert "Not passed yet" in result and "Review what you missed" in result
    assert client.post("/modules/basics/start").status_code == 409  # not before the review
    review = client.get(f"/checks/{check.pk}/review").content.decode()
    assert "What you missed" in review and "Why:" in review
    assert client.post(f"/checks/{check.pk}/reviewed").status_code == 302
    module = client.get("/modules/basics/").content.decode()
    assert "Your retake opens in 10 minutes" in module
    clock.travel_to(now + timedelta(minutes=11))
    retake = client.post("/modules/basics/start")
    assert retake.status_code == 302 and retake["Location"] != url
    kim = learner(now, email="kim@acme.test")
    client.force_login(kim.user)
    assert client.get(f"/checks/{check.pk}/review").status_code == 404  # another learner's check


def test_the_path_always_shows_the_reinforcement_stage(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    before = client.get("/path/").content.decode()
    assert "4. Reinforcement" in before and "Nothing learned yet" in before
    do_check(person, "basics", now)
    clock.travel_to(now + timedelta(days=1))
    after = client.get("/path/").content.decode()
    assert "ideas in spaced reinforcement" in after and "Listening" in after


def test_a_chosen_split_of_the_daily_minutes_is_saved_and_today_keeps_to_it(client: Client, now: datetime) -> None:
    person = signed_in(client, now)
    do_check(person, "basics", now - timedelta(days=40))  # its ideas are all due for reinforcement by now
    clock.travel_to(now)
    good = {"daily_minutes": "4", "timezone": "", "reminder_time": "09:00"}
    assert client.post("/settings/", good).status_code == 200
    reviews_only = client.get("/").content.decode()
    assert "kept for reinforcement" not in reviews_only and "/modules/questions/" not in reviews_only
    page = client.get("/settings/").content.decode()
    assert '<option value="20">20 % reinforcement, 80 % new learning (about 1 + 3 min)</option>' in page
    assert client.post("/settings/", {**good, "review_share": "20"}).status_code == 200
    person.refresh_from_db()
    assert person.plan_review_share == 20
    split = client.get("/").content.decode()
    assert "About" in split and "(1 kept for reinforcement, the rest for new learning)" in split
    assert "/modules/questions/" in split  # new learning keeps its share although reviews are due
    assert '<option value="20" selected>' in client.get("/settings/").content.decode()
    bad = client.post("/settings/", {**good, "review_share": "45"})
    assert bad.status_code == 422 and "pick a split from the list" in bad.content.decode()
    person.refresh_from_db()
    assert person.plan_review_share == 20
