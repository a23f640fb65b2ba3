"""Writes of the coaching app, each in one transaction, scoped to what the acting person may do:
a manager acts for their reports (direct and indirect), an admin for the whole organization."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from skillpath.coaching.models import Assignment, Goal, GoalCheckIn, Note
from skillpath.coaching.selectors import stage_title, whole_path_title
from skillpath.content import models as cm
from skillpath.domain.assignments import stage_modules
from skillpath.domain.content.model import STAGES
from skillpath.insights.access import report_ids
from skillpath.learning import models as lm
from skillpath.learning.observations import ObservationInvalid, ObservationResult, observation_record
from skillpath.learning.selectors import person_zone
from skillpath.people.models import Person

MAX_AHEAD_DAYS = 3 * 366


class CoachingInvalid(ValueError):
    """A form that cannot be saved: ``errors`` maps each field to what is wrong and how to fix it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _ref(text: str, prefix: str) -> int | None:
    """The id in ``prefix:123``, or None when the text is anything else."""
    head, _sep, tail = text.partition(":")
    return int(tail) if head == prefix and tail.isascii() and tail.isdigit() and len(tail) < 12 else None


def targets_resolve(actor: Person, target: str) -> tuple[list[Person], int | None]:
    """The people ``target`` names (``person:ID`` or ``team:ID``) among those ``actor`` may act for, and the
    team's id for a team; refused with a clear error when it names nobody ``actor`` may act for."""
    allowed = report_ids(actor)
    person_id, team_id = _ref(target, "person"), _ref(target, "team")
    if person_id is not None and person_id in allowed:
        return list(Person.objects.filter(pk=person_id)), None
    if team_id is not None:
        members = list(Person.objects.filter(pk__in=allowed, team_id=team_id).order_by("name"))
        if members:
            return members, team_id
    raise CoachingInvalid({"target": _("choose one of your reports or one of their teams")})


def due_date_parse(text: str, today: date, field: str = "due_on") -> date:
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise CoachingInvalid({field: _("enter a date as YYYY-MM-DD (for example 2026-12-24)")}) from None
    if due < today:
        raise CoachingInvalid({field: _("choose today ({today}) or a later day").format(today=today.isoformat())})
    if (due - today).days > MAX_AHEAD_DAYS:
        raise CoachingInvalid({field: _("choose a day within the next three years")})
    return due


Title = str | Callable[[], str]  # a title with interface words is made in each assignee's language


def _titled(person: Person, title: Title) -> str:
    """The assignment's title for ``person``: words of the interface in their language if they chose one, else
    in the assigner's (the module and role titles are the content's own)."""
    if isinstance(title, str):
        return title
    with translation.override(person.language or translation.get_language()):
        return title()


def _work(actor: Person, what: str) -> tuple[str, Title, list[list[str]]]:
    """(kind, title, [[module slug, title], ...]) of ``what``: ``path:ROLE``, ``stage:ROLE:STAGE`` or
    ``module:SLUG``, from the actor's organization's current content only."""
    kind, _sep, rest = what.partition(":")
    org = actor.organization_id
    if kind in ("path", "stage"):
        role_slug, _sep, stage = rest.partition(":")
        role = cm.Role.objects.filter(organization_id=org, slug=role_slug, retired_at=None).first()
        if role is not None and (kind == "path" or stage_modules(role.stages, stage)):
            slugs = stage_modules(role.stages, stage if kind == "stage" else "")
            titles = dict(
                cm.Module.objects.filter(organization_id=org, slug__in=slugs, retired_at=None).values_list(
                    "slug", "title"
                )
            )
            ordered = [m for stage in STAGES for m in role.stages.get(stage, []) if m in titles]  # jsonb sorts keys
            role_title = role.title
            title: Title = (
                (lambda: whole_path_title(role_title)) if kind == "path" else (lambda: stage_title(role_title, stage))
            )
            return kind, title, [[m, titles[m]] for m in dict.fromkeys(ordered)]
    if kind == "module":
        module = cm.Module.objects.filter(organization_id=org, slug=rest, retired_at=None).first()
        if module is not None:
            return "modules", module.title, [[module.slug, module.title]]
    raise CoachingInvalid({"what": _("choose a role path, a stage or a module from the list")})


def assignment_create(actor: Person, data: Mapping[str, str], *, now: datetime) -> list[Assignment]:
    """Assign a role path, a stage or a module (``data["what"]``) to a report or a whole team
    (``data["target"]``) by ``data["due_on"]``; one row per person, all or nothing."""
    today = now.astimezone(person_zone(actor)).date()
    errors: dict[str, str] = {}
    people: list[Person] = []
    team_id = None
    work = None
    due = today
    for step in ("target", "what", "due_on"):
        try:
            if step == "target":
                people, team_id = targets_resolve(actor, data.get("target", ""))
            elif step == "what":
                work = _work(actor, data.get("what", ""))
            else:
                due = due_date_parse(data.get("due_on", ""), today)
        except CoachingInvalid as exc:
            errors |= exc.errors
    note = data.get("note", "").strip()
    if len(note) > 500:
        errors["note"] = _("keep the note within 500 characters (it has {count})").format(count=len(note))
    if errors or work is None:
        raise CoachingInvalid(errors)
    kind, title, modules = work
    return assignments_write(
        actor,
        people,
        team_id=team_id,
        kind=kind,
        title=title,
        modules=modules,
        concepts=[],
        note=note,
        due=due,
        now=now,
    )


def assignments_write(
    actor: Person,
    people: list[Person],
    *,
    team_id: int | None,
    kind: str,
    title: Title,
    modules: list[list[str]],
    concepts: list[list[str]],
    note: str,
    due: date,
    now: datetime,
    batch: UUID | None = None,
) -> list[Assignment]:
    today = now.astimezone(person_zone(actor)).date()
    batch = batch or uuid4()
    rows = [
        Assignment(
            organization_id=actor.organization_id,
            person=p,
            assigned_by=actor,
            team_id=team_id,
            batch=batch,
            kind=kind,
            title=_titled(p, title)[:300],
            modules=modules,
            concepts=concepts,
            note=note,
            assigned_at=now,
            assigned_on=today,
            due_on=due,
        )
        for p in people
    ]
    with transaction.atomic():
        return Assignment.objects.bulk_create(rows)


REFRESHER_DAYS = 7
REFRESHER_MAX_CONCEPTS = 20


def refresher_assign(actor: Person, data: Mapping[str, str], *, now: datetime) -> list[Assignment]:
    """Assign a refresher of concepts (``data["concepts"]``: ``module/concept`` keys, comma-separated) to each of
    ``actor``'s reports who has met any of them (or to ``data["target"]``, a report or a team), due
    ``data["due_on"]`` (default: in a week). Each person is asked to recall only the concepts they have met."""
    today = now.astimezone(person_zone(actor)).date()
    errors = _Errors()
    keys = [k.strip() for k in data.get("concepts", "").split(",") if k.strip()][:REFRESHER_MAX_CONCEPTS]
    pairs = [tuple(k.split("/", 1)) for k in keys if k.count("/") == 1]
    found = {
        (m, c): (pk, title)
        for pk, m, c, title in cm.Concept.objects.filter(
            organization_id=actor.organization_id,
            retired_at=None,
            module__slug__in={m for m, _c in pairs},
            slug__in={c for _m, c in pairs},
        ).values_list("pk", "module__slug", "slug", "title")
        if (m, c) in set(pairs)
    }
    if not found:
        errors.errors["concepts"] = _("choose concepts from the team's weakest (module/concept)")
    people: list[Person] = []
    team_id = None
    with errors:
        if data.get("target"):
            people, team_id = targets_resolve(actor, data["target"])
        else:
            people = list(Person.objects.filter(pk__in=report_ids(actor)).order_by("name"))
    due = today + timedelta(days=REFRESHER_DAYS)
    with errors:
        if data.get("due_on"):
            due = due_date_parse(data["due_on"], today)
    if errors.errors:
        raise CoachingInvalid(errors.errors)
    met: dict[int, set[int]] = {}
    for person_id, concept_id in lm.MemoryState.objects.filter(
        person__in=people, concept_id__in=[pk for pk, _title in found.values()]
    ).values_list("person_id", "concept_id"):
        met.setdefault(person_id, set()).add(concept_id)
    rows = []
    for person in people:
        mine = [[m, c, title] for (m, c), (pk, title) in found.items() if pk in met.get(person.pk, set())]
        if mine:
            rows.append((person, mine))
    if not rows:
        raise CoachingInvalid({"concepts": _("nobody you may assign to has learned these concepts yet")})
    names = ", ".join(t for _m, _c, t in rows[0][1][:3])

    def title() -> str:
        return _("Refresher: {concepts}").format(concepts=names)

    batch = uuid4()
    made = []
    with transaction.atomic():
        for person, mine in rows:
            made += assignments_write(
                actor,
                [person],
                team_id=team_id,
                kind="refresher",
                title=title,
                modules=[],
                concepts=mine,
                note="",
                due=due,
                now=now,
                batch=batch,
            )
    return made


def assignment_withdraw(actor: Person, assignment_id: int) -> bool:
    """Remove an assignment of one of ``actor``'s reports; False when there is none they may remove."""
    with transaction.atomic():
        deleted, _ = Assignment.objects.filter(
            pk=assignment_id, person_id__in=report_ids(actor), organization_id=actor.organization_id
        ).delete()
    return bool(deleted)


def _small_int(text: str, field: str, low: int, high: int, what: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) < 7 and low <= int(text) <= high):
        raise CoachingInvalid(
            {field: _("enter {what}: a whole number from {low} to {high}").format(what=what, low=low, high=high)}
        )
    return int(text)


class _Errors:
    """Collects the problems of a form, field by field, so all of them are reported at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __enter__(self) -> _Errors:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, CoachingInvalid):
            self.errors |= exc.errors
            return True
        return False


def _one_report(actor: Person, target: str) -> Person:
    people, team = targets_resolve(actor, target)
    if team is not None:
        raise CoachingInvalid({"target": _("set a goal with one person at a time")})
    return people[0]


def _skill_goal(actor: Person, data: Mapping[str, str], errors: _Errors) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    skill = cm.Skill.objects.filter(
        organization_id=actor.organization_id, slug=data.get("skill", ""), retired_at=None
    ).first()
    if skill is None:
        errors.errors["skill"] = _("choose a skill from the list")
    fields["skill"] = skill
    with errors:
        fields["level"] = _small_int(data.get("level", ""), "level", 1, 4, _("a level"))
    return fields


def _outcome_goal(data: Mapping[str, str], errors: _Errors) -> dict[str, Any]:
    fields: dict[str, Any] = {"outcome": data.get("outcome", "").strip(), "unit": data.get("unit", "").strip()}
    if not fields["outcome"] or len(fields["outcome"]) > 300:
        errors.errors["outcome"] = _(
            "describe the outcome in 1 to 300 characters (e.g. run discovery calls with the map)"
        )
    if len(fields["unit"]) > 80:
        errors.errors["unit"] = _("keep what is counted within 80 characters")
    with errors:
        fields["target"] = _small_int(data.get("measure", ""), "measure", 1, 10000, _("how many"))
    return fields


def goal_create(actor: Person, data: Mapping[str, str], *, now: datetime) -> Goal:
    """Set a goal with one report (``data["target"]`` = ``person:ID``): a skill level by a date
    (``kind=skill``, ``skill``, ``level``) or an outcome with a measure (``kind=outcome``, ``outcome``,
    ``measure``, ``unit``); refused with every problem at once, nothing written."""
    today = now.astimezone(person_zone(actor)).date()
    errors = _Errors()
    person = None
    with errors:
        person = _one_report(actor, data.get("target", ""))
    kind = data.get("kind", "")
    fields: dict[str, Any] = {}
    if kind == Goal.Kind.SKILL:
        fields = _skill_goal(actor, data, errors)
    elif kind == Goal.Kind.OUTCOME:
        fields = _outcome_goal(data, errors)
    else:
        errors.errors["kind"] = _("choose a skill level or an on-the-job outcome")
    with errors:
        fields["due_on"] = due_date_parse(data.get("due_on", ""), today)
    if errors.errors or person is None:
        raise CoachingInvalid(errors.errors)
    start = 0
    if kind == Goal.Kind.SKILL:
        levels = lm.SkillState.objects.filter(person=person, skill=fields["skill"]).values_list("level", flat=True)
        start = levels.first() or 0
    with transaction.atomic():
        return Goal.objects.create(
            organization_id=actor.organization_id,
            person=person,
            set_by=actor,
            kind=kind,
            start_level=start,
            set_at=now,
            set_on=today,
            **fields,
        )


def goal_checkin(actor: Person, goal_id: int, data: Mapping[str, str], *, now: datetime) -> GoalCheckIn | None:
    """Record progress on a goal: by its person, or by someone they report to (None: no such goal for them)."""
    goal = Goal.objects.filter(pk=goal_id, organization_id=actor.organization_id).first()
    if goal is None or (goal.person_id != actor.pk and goal.person_id not in report_ids(actor)):
        return None
    errors: dict[str, str] = {}
    amount = 0
    if goal.kind == Goal.Kind.OUTCOME:
        try:
            amount = _small_int(
                data.get("amount", "") or "0", "amount", 0, 10000, _("how many since the last check-in")
            )
        except CoachingInvalid as exc:
            errors |= exc.errors
    note = data.get("note", "").strip()
    if len(note) > 500:
        errors["note"] = _("keep the note within 500 characters (it has {count})").format(count=len(note))
    if not errors and not amount and not note:
        errors["amount"] = _("record how many since the last check-in, or write a note")
    if errors:
        raise CoachingInvalid(errors)
    with transaction.atomic():
        return GoalCheckIn.objects.create(
            organization_id=actor.organization_id, goal=goal, by=actor, amount=amount, note=note, at=now
        )


def note_create(actor: Person, data: Mapping[str, str], *, now: datetime) -> Note:
    """A nudge (``kind=nudge``) or a coaching conversation on a day (``kind=coaching``, ``on``) for one report
    (``data["target"]``), with its ``text``; refused with every problem at once."""
    today = now.astimezone(person_zone(actor)).date()
    errors = _Errors()
    person = None
    with errors:
        person = _one_report(actor, data.get("target", ""))
    kind = data.get("kind", "")
    if kind not in Note.Kind.values:
        errors.errors["kind"] = _("choose a nudge or a coaching conversation")
    text = data.get("text", "").strip()
    if not text or len(text) > 500:
        errors.errors["text"] = _("write 1 to 500 characters (it has {count})").format(count=len(text))
    on = None
    if kind == Note.Kind.COACHING:
        with errors:
            on = due_date_parse(data.get("on", ""), today, field="on")
    if errors.errors or person is None:
        raise CoachingInvalid(errors.errors)
    with transaction.atomic():
        return Note.objects.create(
            organization_id=actor.organization_id,
            person=person,
            author=actor,
            kind=kind,
            text=text,
            on=on,
            created_at=now,
        )


def observation_create(actor: Person, data: Mapping[str, str], *, now: datetime) -> ObservationResult:
    """Record an observation on the job of one of ``actor``'s reports (``data["target"]``), scored against the
    skill's rubric (see ``skillpath.learning.observations``); ``observed_on`` defaults to today, never later."""
    today = now.astimezone(person_zone(actor)).date()
    errors = _Errors()
    person = None
    with errors:
        person = _one_report(actor, data.get("target", ""))
    observed_on = today
    text = data.get("observed_on", "").strip()
    if text:
        try:
            observed_on = date.fromisoformat(text)
        except ValueError:
            errors.errors["observed_on"] = _("enter a date as YYYY-MM-DD (for example 2026-12-04)")
        else:
            if observed_on > today or (today - observed_on).days > 366:
                errors.errors["observed_on"] = _("choose a day in the past year, up to today ({today})").format(
                    today=today.isoformat()
                )
    if errors.errors or person is None:
        raise CoachingInvalid(errors.errors)
    try:
        return observation_record(person, actor, data, observed_on=observed_on, now=now)
    except ObservationInvalid as exc:
        raise CoachingInvalid(exc.errors) from exc
