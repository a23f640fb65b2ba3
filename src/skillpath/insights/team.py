"""The manager's team view: people × skills against each person's target, readiness, coming drops,
and completion next to competence. A fixed number of queries whatever the team size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, When

from skillpath.content import models as cm
from skillpath.domain.readiness import SkillStanding, readiness_percent
from skillpath.insights.access import report_ids
from skillpath.learning import models as lm
from skillpath.people.models import Person, PersonRole

HORIZON_DAYS = 30


@dataclass(frozen=True)
class Cell:
    level: int
    effective: int
    target: int  # 0: not required at the person's level
    fading: bool
    drops_on: datetime | None  # predicted to fall below target within the horizon

    @property
    def status(self) -> str:
        if self.target == 0:
            return "extra" if self.level else "none"
        if self.effective >= self.target:
            return "drops" if self.drops_on else "meets"
        return "fading" if self.fading and self.level >= self.target else "below"


@dataclass(frozen=True)
class Row:
    person_id: int
    name: str
    role: str
    role_slug: str
    level: str
    team: str
    readiness: int  # for the next level
    next_level: str
    cells: dict[str, Cell]
    modules_passed: int
    modules_total: int
    levels_met: int
    levels_required: int


@dataclass(frozen=True)
class Drop:
    person: str
    skill: str
    on: datetime
    target: int


@dataclass
class TeamView:
    skills: list[tuple[str, str]]  # (slug, title) columns
    rows: list[Row]
    drops: list[Drop]
    roles: list[tuple[str, str]] = field(default_factory=list)  # filter choices
    teams: list[str] = field(default_factory=list)
    role: str = ""  # the role shown: the one asked for, else the first present (one role's skills fit a screen)


def team_view(viewer: Person, *, now: datetime, role: str = "", team: str = "", sort: str = "name") -> TeamView:
    """The people ``viewer`` may see in one role (``role``, else the first role present by title), filtered by
    team name, sorted by name, readiness or a skill. Columns are that role's skills only, so a person with two
    roles is one row under each role's filter."""
    ids = report_ids(viewer)
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("team")}
    holdings = list(PersonRole.objects.filter(person_id__in=ids, role__retired_at=None).select_related("role", "level"))
    ladders: dict[int, list[cm.RoleLevel]] = defaultdict(list)
    for lv in cm.RoleLevel.objects.filter(role_id__in={h.role_id for h in holdings}, retired_at=None).order_by(
        "position"
    ):
        ladders[lv.role_id].append(lv)
    skills = {s.slug: s for s in cm.Skill.objects.filter(organization_id=viewer.organization_id, retired_at=None)}
    # Each skill's state carries the date its mean recall falls below the fading line (kept up to date on
    # every answer), so fading now and drops in the next 30 days need no memory rows: one row per person and skill.
    # The database says which are fading now; only the dates of drops within the horizon are fetched
    # (turning every timestamp into a datetime is what dominates otherwise).
    horizon = now + timedelta(days=HORIZON_DAYS)
    rows_ = lm.SkillState.objects.filter(person_id__in=ids).values_list(
        "person_id",
        "skill__slug",
        "level",
        ExpressionWrapper(Q(fading_on__lte=now), output_field=BooleanField()),
        Case(When(fading_on__gt=now, fading_on__lte=horizon, then=F("fading_on")), default=None),
    )
    states: dict[tuple[int, str], tuple[int, bool, datetime | None]] = {
        (p, s): (lv, bool(fading), soon) for p, s, lv, fading, soon in rows_
    }
    passed = dict(
        lm.ModuleProgress.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(n=Count("id", filter=Q(passed_at__isnull=False) | Q(tested_out_at__isnull=False)))
        .values_list("person_id", "n")
    )
    rows, drops, columns = [], [], {}
    for holding in holdings:
        person = people[holding.person_id]
        ladder = ladders.get(holding.role_id, [])
        current = holding.level.requires if holding.level else {}
        index = next((i for i, lv in enumerate(ladder) if lv.pk == holding.level_id), -1)
        nxt = ladder[min(index + 1, len(ladder) - 1)] if ladder else None
        cells, standing = {}, {}
        for slug in set(current) | (set(nxt.requires) if nxt else set()):
            level, fading, soon = states.get((person.pk, slug), (0, False, None))
            standing[slug] = SkillStanding(level, fading)
            target = current.get(slug, 0)
            # Exactly at target and not fading yet: once it fades it counts one lower, below the target.
            at_edge = not fading and target > 0 and level == target
            drops_on = soon if at_edge else None
            cells[slug] = Cell(level, standing[slug].effective, target, fading, drops_on)
            columns[slug] = skills[slug].title if slug in skills else slug
            if drops_on:
                drops.append(Drop(person.name, columns[slug], drops_on, target))
        ready = readiness_percent(nxt.requires, standing) if nxt else 100
        total = sum(len(ids_) for ids_ in holding.role.stages.values())
        met = sum(1 for c in cells.values() if c.target and c.effective >= c.target)
        rows.append(
            Row(
                person.pk,
                person.name,
                holding.role.title,
                holding.role.slug,
                holding.level.title if holding.level else "",
                person.team.name if person.team else "",
                ready,
                nxt.title if nxt else "",
                cells,
                passed.get(person.pk, 0),
                total,
                met,
                sum(1 for c in cells.values() if c.target),
            )
        )
    view = TeamView(
        sorted(columns.items(), key=lambda kv: kv[1]),
        rows,
        sorted(drops, key=lambda d: d.on),
        sorted({(r.role_slug, r.role) for r in rows}, key=lambda kv: kv[1]),
        sorted({r.team for r in rows if r.team}),
    )
    known = {slug for slug, _title in view.roles}
    view.role = role if role in known else (view.roles[0][0] if view.roles else "")
    view.rows = _filtered_sorted(rows, view.role, team, sort)
    shown = {slug for r in view.rows for slug in r.cells}
    view.skills = [(s, t) for s, t in view.skills if s in shown]
    return view


def _filtered_sorted(rows: list[Row], role: str, team: str, sort: str) -> list[Row]:
    rows = [r for r in rows if (not role or r.role_slug == role) and (not team or r.team == team)]
    if sort == "readiness":
        return sorted(rows, key=lambda r: (-r.readiness, r.name))
    if sort.startswith("skill:"):
        slug = sort.removeprefix("skill:")
        return sorted(rows, key=lambda r: (-(r.cells[slug].effective if slug in r.cells else -1), r.name))
    return sorted(rows, key=lambda r: (r.name, r.role))
