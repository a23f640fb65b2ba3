"""Reads of assigned work: a person's own (Today, My path, the digest) and the people a manager or an admin may
see, each with its standing from ``domain/assignments.py``. Set-based: a fixed number of queries per page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillpath.coaching.models import Assignment, Goal, GoalCheckIn, Note
from skillpath.content import models as cm
from skillpath.domain.assignments import AssignmentStatus, Progress, Standing, Work, assignment_status
from skillpath.domain.curriculum import STAGE_NUMBERS, Curriculum
from skillpath.domain.goals import GoalStanding, GoalStatus, checkins_total, effective_level, goal_status
from skillpath.domain.memory import Rating
from skillpath.domain.planning import SkillGoal
from skillpath.domain.proficiency import LEVEL_NAMES
from skillpath.insights.access import report_ids
from skillpath.learning import models as lm
from skillpath.learning.observations import SCORE_LABELS, ObservationView, RubricView, observations_of, rubrics_of
from skillpath.learning.selectors import person_zone
from skillpath.people.models import Person, Team


@dataclass(frozen=True)
class Part:
    """One module or concept of an assignment, with where to do it."""

    title: str
    url: str
    done: bool


@dataclass(frozen=True)
class AssignmentView:
    id: int
    person_id: int
    person: str
    team: str
    kind: str
    title: str
    assigned_by: str
    assigned_on: date
    due_on: date
    note: str
    status: AssignmentStatus
    parts: tuple[Part, ...]

    @property
    def standing(self) -> str:
        return self.status.standing.value

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS.get(self.standing, self.status.standing.label))


Recalls = list[tuple[str, str, datetime]]


def _progress(person_ids: Iterable[int], assignments: list[Assignment]) -> dict[int, tuple[set[str], Recalls]]:
    """Per person: module slugs passed (or tested out), and (module, concept, last recall) of refreshed concepts."""
    ids = sorted(set(person_ids))
    out: dict[int, tuple[set[str], Recalls]] = {pk: (set(), []) for pk in ids}
    if not ids:
        return out
    passed = lm.ModuleProgress.objects.filter(
        Q(passed_at__isnull=False) | Q(tested_out_at__isnull=False), person_id__in=ids
    ).values_list("person_id", "module__slug")
    for pk, slug in passed:
        out[pk][0].add(slug)
    refresher_people = {a.person_id for a in assignments if a.concepts}
    if refresher_people:
        recalls = lm.MemoryState.objects.filter(person_id__in=refresher_people, last_recall__isnull=False)
        for pk, module, concept, at in recalls.values_list(
            "person_id", "concept__module__slug", "concept__slug", "last_recall"
        ):
            if at is not None:
                out[pk][1].append((module, concept, at))
    return out


def _view(a: Assignment, passed: set[str], recalls: Recalls, today: date) -> AssignmentView:
    refreshed = frozenset(f"{m}/{c}" for m, c, at in recalls if at >= a.assigned_at)
    work = Work(frozenset(m for m, _ in a.modules), frozenset(f"{m}/{c}" for m, c, _ in a.concepts))
    status = assignment_status(
        work, Progress(frozenset(passed), refreshed), assigned_on=a.assigned_on, due_on=a.due_on, today=today
    )
    parts = tuple(Part(title, f"/modules/{slug}/", slug in passed) for slug, title in a.modules) + tuple(
        Part(title, f"/reinforcement/{m}/{c}/", f"{m}/{c}" in refreshed) for m, c, title in a.concepts
    )
    return AssignmentView(
        a.pk,
        a.person_id,
        a.person.name,
        a.team.name if a.team else "",
        a.kind,
        a.title,
        a.assigned_by.name if a.assigned_by else "",
        a.assigned_on,
        a.due_on,
        a.note,
        status,
        parts,
    )


def _views(assignments: list[Assignment], today: date) -> list[AssignmentView]:
    progress = _progress((a.person_id for a in assignments), assignments)
    return [_view(a, *progress[a.person_id], today) for a in assignments]


def assignments_for_person(person: Person, *, now: datetime, open_only: bool = False) -> list[AssignmentView]:
    """The person's own assignments, soonest due first (1 query, 2–3 when there are any)."""
    today = now.astimezone(person_zone(person)).date()
    rows = list(
        Assignment.objects.filter(person=person)
        .select_related("assigned_by", "team", "person")
        .order_by("due_on", "pk")
    )
    views = _views(rows, today)
    if open_only:
        return [v for v in views if v.status.standing is not Standing.DONE]
    return views


STANDING_ORDER = {Standing.OVERDUE: 0, Standing.DUE_SOON: 1, Standing.ON_TRACK: 2, Standing.DONE: 3}


def assignments_overview(
    viewer: Person, *, now: datetime, standing: str = "", ids: list[int] | None = None
) -> list[AssignmentView]:
    """Every assignment of the people ``viewer`` may see (their reports, or ``ids`` when already known; an
    admin: the organization), most urgent first; ``standing`` keeps one standing only. 2–4 queries."""
    today = now.astimezone(person_zone(viewer)).date()
    ids = report_ids(viewer) if ids is None else ids
    rows = list(
        Assignment.objects.filter(person_id__in=ids, organization_id=viewer.organization_id)
        .select_related("assigned_by", "team", "person")
        .order_by("due_on", "person__name", "pk")
    )
    views = _views(rows, today)
    if standing:
        views = [v for v in views if v.standing == standing]
    return sorted(views, key=lambda v: (STANDING_ORDER[v.status.standing], v.due_on, v.person))


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


# The words for the core's states, as this app's pages show them (the core's own labels are English).
STANDING_LABELS = {
    "done": gettext_lazy("Done"),
    "overdue": gettext_lazy("Overdue"),
    "due_soon": gettext_lazy("Due soon"),
    "on_track": gettext_lazy("On track"),
    "met": gettext_lazy("Met"),
    "missed": gettext_lazy("Missed"),
    "behind": gettext_lazy("Behind"),
}
STAGE_WORDS = {
    "foundation": gettext_lazy("foundation"),
    "application": gettext_lazy("application"),
    "mastery": gettext_lazy("mastery"),
    "reinforcement": gettext_lazy("reinforcement"),
}
LEVEL_WORDS = {
    0: gettext_lazy("not started"),
    1: gettext_lazy("foundation"),
    2: gettext_lazy("application"),
    3: gettext_lazy("mastery"),
    4: gettext_lazy("sustained"),
}
SCORE_WORDS = {
    1: gettext_lazy("not yet"),
    2: gettext_lazy("partly"),
    3: gettext_lazy("yes"),
    4: gettext_lazy("exemplary"),
}


def whole_path_title(role: str) -> str:
    return _("{role}: whole path").format(role=role)


def stage_title(role: str, stage: str) -> str:
    return _("{role}: {stage} stage").format(role=role, stage=STAGE_WORDS.get(stage, stage))


@dataclass(frozen=True)
class AssignChoices:
    """What the assign form offers ``viewer``: whom (their reports, teams with any of them) and what."""

    people: list[Choice]
    teams: list[Choice]
    paths: list[Choice]  # whole paths and stages, per role
    modules: list[Choice]

    @property
    def can_assign(self) -> bool:
        return bool(self.people)


def assign_choices(viewer: Person, ids: list[int] | None = None) -> AssignChoices:
    """The assign form's choices for ``viewer`` (4 queries, 5 without the ``ids`` of their reports)."""
    ids = report_ids(viewer) if ids is None else ids
    people = list(Person.objects.filter(pk__in=ids).only("pk", "name", "team_id").order_by("name"))
    team_ids = {p.team_id for p in people if p.team_id}
    teams = [
        Choice(f"team:{t.pk}", _("{team} (whole team)").format(team=t.name))
        for t in Team.objects.filter(pk__in=team_ids)
    ]
    paths = []
    for role in cm.Role.objects.filter(organization_id=viewer.organization_id, retired_at=None).order_by("title"):
        paths.append(Choice(f"path:{role.slug}", whole_path_title(role.title)))
        for stage in sorted(role.stages, key=lambda s: STAGE_NUMBERS.get(s, 9)):
            if role.stages[stage]:
                paths.append(Choice(f"stage:{role.slug}:{stage}", stage_title(role.title, stage)))
    modules = cm.Module.objects.filter(organization_id=viewer.organization_id, retired_at=None).order_by("title")
    return AssignChoices(
        [Choice(f"person:{p.pk}", p.name) for p in people],
        teams,
        paths,
        [Choice(f"module:{m.slug}", m.title) for m in modules.only("slug", "title")],
    )


@dataclass(frozen=True)
class AssignmentsPage:
    rows: list[AssignmentView]
    choices: AssignChoices


def assignments_page(viewer: Person, *, now: datetime, standing: str = "") -> AssignmentsPage:
    """The assignments page: every assignment of ``viewer``'s reports, and the assign form's choices."""
    ids = report_ids(viewer)
    return AssignmentsPage(
        assignments_overview(viewer, now=now, standing=standing, ids=ids), assign_choices(viewer, ids)
    )


def overdue_for_digest(person: Person, *, now: datetime) -> list[AssignmentView]:
    """The person's overdue assignments (for the reminder digest)."""
    return [v for v in assignments_for_person(person, now=now) if v.status.standing is Standing.OVERDUE]


def by_person(views: list[AssignmentView]) -> dict[int, list[AssignmentView]]:
    grouped: dict[int, list[AssignmentView]] = defaultdict(list)
    for v in views:
        grouped[v.person_id].append(v)
    return grouped


@dataclass(frozen=True)
class ReportPanel:
    """What a manager can do for one report on their page, and what is already asked of them."""

    target: str
    choices: AssignChoices
    assigned: list[AssignmentView]
    goals: list[GoalView]
    skills: list[Choice]
    notes: list[NoteView]
    rubrics: list[RubricView]
    observations: list[ObservationView]

    @property
    def score_labels(self) -> list[tuple[int, str]]:
        return [(score, str(SCORE_WORDS.get(score, label))) for score, label in SCORE_LABELS.items()]


def path_choices(curriculum: Curriculum) -> AssignChoices:
    """What can be assigned to one person: the paths, stages and modules of their own roles (no query)."""
    paths = []
    for path in curriculum.paths:
        paths.append(Choice(f"path:{path.role}", whole_path_title(path.title)))
        paths += [
            Choice(f"stage:{path.role}:{stage}", stage_title(path.title, stage)) for stage, ids in path.stages if ids
        ]
    modules = sorted(curriculum.modules.values(), key=lambda m: m.title)
    return AssignChoices([], [], paths, [Choice(f"module:{m.id}", m.title) for m in modules])


def report_panel(person: Person, goals: list[GoalView], curriculum: Curriculum, *, now: datetime) -> ReportPanel:
    """The coaching block of the report page of ``person`` (already checked to be the viewer's report), with
    their ``goals`` and ``curriculum`` as the report page read them (4 queries more)."""
    skills = sorted((Choice(slug, title) for slug, title in curriculum.skill_titles.items()), key=lambda c: c.label)
    return ReportPanel(
        f"person:{person.pk}",
        path_choices(curriculum),
        assignments_for_person(person, now=now),
        goals,
        skills,
        notes_for_person(person, now=now, limit=20),
        rubrics_of(person, list(curriculum.skill_titles)),
        observations_of(person),
    )


@dataclass(frozen=True)
class CheckInView:
    at: datetime
    by: str
    amount: int
    note: str


@dataclass(frozen=True)
class GoalView:
    id: int
    kind: str
    title: str
    set_by: str
    set_on: date
    due_on: date
    status: GoalStatus
    checkins: tuple[CheckInView, ...]
    skill_slug: str = ""
    level: int = 0

    @property
    def standing(self) -> str:
        return self.status.standing.value

    @property
    def standing_label(self) -> str:
        return str(STANDING_LABELS.get(self.standing, self.status.standing.label))


def goals_for_person(person: Person, *, now: datetime, open_only: bool = False) -> list[GoalView]:
    """The person's goals with their standing, soonest first (1 query, 3 when there are any)."""
    today = now.astimezone(person_zone(person)).date()
    goals = list(Goal.objects.filter(person=person).select_related("set_by", "skill").order_by("due_on", "pk"))
    if not goals:
        return []
    checkins: dict[int, list[CheckInView]] = defaultdict(list)
    for c in GoalCheckIn.objects.filter(goal__in=goals).select_related("by").order_by("at", "pk"):
        checkins[c.goal_id].append(CheckInView(c.at, c.by.name if c.by else "", c.amount, c.note))
    skill_ids = {g.skill_id for g in goals if g.skill_id}
    levels = (
        {
            skill_id: effective_level(level, bool(fading))
            for skill_id, level, fading in lm.SkillState.objects.filter(
                person=person, skill_id__in=skill_ids
            ).values_list("skill_id", "level", ExpressionWrapper(Q(fading_on__lte=now), output_field=BooleanField()))
        }
        if skill_ids
        else {}
    )
    views = []
    for g in goals:
        items = tuple(checkins[g.pk])
        if g.kind == Goal.Kind.SKILL and g.skill is not None and g.level is not None:
            start, current, target = g.start_level, levels.get(g.skill_id, 0), g.level
            title = _("{skill} at level {level} ({name})").format(
                skill=g.skill.title, level=g.level, name=LEVEL_WORDS.get(g.level, LEVEL_NAMES[g.level])
            )
            extra = {"skill_slug": g.skill.slug, "level": g.level}
        else:
            start, current, target = 0, checkins_total(c.amount for c in items), g.target or 0
            title, extra = g.outcome, {}
        status = goal_status(start=start, current=current, target=target, set_on=g.set_on, due_on=g.due_on, today=today)
        by = g.set_by.name if g.set_by else ""
        views.append(GoalView(g.pk, g.kind, title, by, g.set_on, g.due_on, status, items, **extra))  # type: ignore[arg-type]
    if open_only:
        return [v for v in views if v.status.standing not in (GoalStanding.MET, GoalStanding.MISSED)]
    return views


def skill_goals(person: Person) -> list[SkillGoal]:
    """The person's skill-level goals, for the 90-day plan to work towards (1 query)."""
    rows = Goal.objects.filter(person=person, kind=Goal.Kind.SKILL, skill__isnull=False, level__isnull=False)
    return [SkillGoal(slug, level or 0, due) for slug, level, due in rows.values_list("skill__slug", "level", "due_on")]


def skill_goals_of(goals: list[GoalView]) -> list[SkillGoal]:
    """The skill-level goals among ``goals`` already read, for the 90-day plan."""
    return [SkillGoal(g.skill_slug, g.level, g.due_on) for g in goals if g.kind == Goal.Kind.SKILL and g.skill_slug]


WEAKEST_SHOWN = 5
WEAKEST_MIN_REVIEWS = 3  # fewer spaced reviews than this across the team say too little


@dataclass(frozen=True)
class WeakConcept:
    key: str  # module/concept
    title: str
    module: str
    recall_percent: int  # share of the team's spaced reviews answered well enough (rated Hard or better)
    reviews: int
    people: int


def weakest_concepts(viewer: Person, *, limit: int = WEAKEST_SHOWN) -> list[WeakConcept]:
    """The concepts the people ``viewer`` may see recall worst at spaced reviews: the share of reinforcement
    answers rated above Again, across the team, lowest first (concepts with fewer than
    ``WEAKEST_MIN_REVIEWS`` reviews left out). One aggregate query (plus the reporting lines)."""
    ids = report_ids(viewer)
    rows = (
        lm.Attempt.objects.filter(person_id__in=ids, kind=lm.Attempt.Kind.REINFORCEMENT, concept__retired_at=None)
        .values("concept_id", "concept__slug", "concept__title", "concept__module__slug", "concept__module__title")
        .annotate(
            n=Count("id"), good=Count("id", filter=Q(rating__gt=Rating.AGAIN)), people=Count("person_id", distinct=True)
        )
        .filter(n__gte=WEAKEST_MIN_REVIEWS)
        .annotate(ratio=ExpressionWrapper(Cast("good", FloatField()) / F("n"), output_field=FloatField()))
        .order_by("ratio", "concept__title")[:limit]
    )
    return [
        WeakConcept(
            f"{r['concept__module__slug']}/{r['concept__slug']}",
            r["concept__title"],
            r["concept__module__title"],
            round(100 * r["good"] / r["n"]),
            r["n"],
            r["people"],
        )
        for r in rows
    ]


NOTES_SHOWN = 5
NOTES_DAYS = 30  # a nudge is shown for this long; a coaching conversation until its day has passed


@dataclass(frozen=True)
class NoteView:
    id: int
    kind: str
    text: str
    author: str
    on: date | None
    created_at: datetime


def notes_for_person(person: Person, *, now: datetime, limit: int = NOTES_SHOWN) -> list[NoteView]:
    """The person's recent nudges and coming coaching conversations, newest first (1 query)."""
    today = now.astimezone(person_zone(person)).date()
    recent = Q(created_at__gte=now - timedelta(days=NOTES_DAYS)) | Q(on__gte=today)
    rows = Note.objects.filter(recent, person=person).select_related("author").order_by("-created_at", "-pk")[:limit]
    return [NoteView(n.pk, n.kind, n.text, n.author.name if n.author else "", n.on, n.created_at) for n in rows]
