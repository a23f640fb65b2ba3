"""Checks across a package that the models alone cannot express: references, cycles, graphs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import assert_never

from skillpath.domain.content.errors import ContentError, PathPart, format_path
from skillpath.domain.content.graphs import best_points, find_cycle, reachable, scenario_edges
from skillpath.domain.content.model import (
    Activity,
    Categorize,
    Choice,
    Cloze,
    ImageBlock,
    Match,
    Module,
    Order,
    PackageHeader,
    Role,
    Scenario,
    Simulation,
    SimulationStep,
    VideoBlock,
)
from skillpath.domain.i18n import gettext as _

Problem = tuple[tuple[PathPart, ...], str]


def _duplicates(values: Iterable[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _duplicate_problems(path: tuple[PathPart, ...], values: list[str], message: str) -> Iterator[Problem]:
    """``message`` (translated) names the kind of value and has a ``{value}`` field for the repeated one."""
    dupes = _duplicates(values)
    reported: set[str] = set()
    for i, value in enumerate(values):
        if value in dupes and value in reported:
            yield (*path, i), message.format(value=value)
        reported.add(value)


def check_package(
    header: PackageHeader,
    modules: Mapping[str, Module],
    module_files: Mapping[str, str],
    media: set[str],
    unparsed: frozenset[str] = frozenset(),
) -> list[ContentError]:
    """Every cross-reference error of a package.

    ``unparsed`` names modules whose files exist but had errors of their own: references to them
    are not reported again as unknown.
    """
    known = set(modules) | unparsed
    errors = [ContentError("package.yaml", format_path(p), m) for p, m in _header_problems(header, known)]
    skills = {s.id for s in header.skills}
    for module_id, module in modules.items():
        file = module_files[module_id]
        errors += [ContentError(file, format_path(p), m) for p, m in _module_problems(module, skills, known, media)]
    cycle = find_cycle({m.id: m.requires for m in modules.values()})
    if cycle:
        message = _("prerequisite cycle: {cycle}").format(cycle=" → ".join(cycle))
        errors.append(ContentError(module_files[cycle[0]], "requires", message))
    return errors


def _header_problems(header: PackageHeader, module_ids: set[str]) -> Iterator[Problem]:
    skills = {s.id for s in header.skills}
    yield from _duplicate_problems(("skills",), [s.id for s in header.skills], _("duplicate skill id '{value}'"))
    for i, skill in enumerate(header.skills):
        if skill.rubric is not None:
            ids = [c.id for c in skill.rubric.criteria]
            yield from _duplicate_problems(
                ("skills", i, "rubric", "criteria"), ids, _("duplicate criterion id '{value}'")
            )
    yield from _duplicate_problems(("roles",), [r.id for r in header.roles], _("duplicate role id '{value}'"))
    milestone_ids = [m.id for r in header.roles for m in r.milestones]
    for dupe in sorted(_duplicates(milestone_ids)):
        message = _("milestone id '{id}' is used more than once; milestone ids are unique in a package")
        yield ("roles",), message.format(id=dupe)
    for r, role in enumerate(header.roles):
        yield from _role_problems(("roles", r), role, skills, module_ids)


def _skill_requirements(path: tuple[PathPart, ...], requires: Mapping[str, int], skills: set[str]) -> Iterator[Problem]:
    for skill in requires:
        if skill not in skills:
            yield (
                (*path, skill),
                _("unknown skill '{skill}' (declare it under skills in package.yaml)").format(skill=skill),
            )


def _role_problems(path: tuple[PathPart, ...], role: Role, skills: set[str], module_ids: set[str]) -> Iterator[Problem]:
    yield from _duplicate_problems((*path, "levels"), [lv.id for lv in role.levels], _("duplicate level id '{value}'"))
    for i, level in enumerate(role.levels):
        yield from _skill_requirements((*path, "levels", i, "requires"), level.requires, skills)
    on_path: list[str] = []
    for stage, ids in role.stages.items():
        for i, module_id in enumerate(ids):
            if module_id not in module_ids:
                message = _("unknown module '{module}' (no modules/{module}.yaml)").format(module=module_id)
                yield (*path, "stages", stage, i), message
            elif module_id in on_path:
                message = _("module '{module}' is already on this role's path").format(module=module_id)
                yield (*path, "stages", stage, i), message
            on_path.append(module_id)
    if not on_path:
        yield (*path, "stages"), _("the path has no modules; list module ids under at least one stage")
    for m, milestone in enumerate(role.milestones):
        for i, module_id in enumerate(milestone.modules):
            if module_id not in module_ids:
                yield (*path, "milestones", m, "modules", i), _("unknown module '{module}'").format(module=module_id)
    if role.certificate:
        yield from _skill_requirements((*path, "certificate", "requires"), role.certificate.requires, skills)


def _module_problems(module: Module, skills: set[str], module_ids: set[str], media: set[str]) -> Iterator[Problem]:
    for i, skill in enumerate(module.skills):
        if skill not in skills:
            yield (
                ("skills", i),
                _("unknown skill '{skill}' (declare it under skills in package.yaml)").format(skill=skill),
            )
    yield from _duplicate_problems(("skills",), module.skills, _("duplicate skill '{value}'"))
    for i, required in enumerate(module.requires):
        if required == module.id:
            yield ("requires", i), _("a module cannot require itself")
        elif required not in module_ids:
            yield ("requires", i), _("unknown module '{module}' (no modules/{module}.yaml)").format(module=required)
    for i, block in enumerate(module.lesson):
        src = None
        if isinstance(block, ImageBlock):
            src, key = block.image.src, "image"
        elif isinstance(block, VideoBlock) and block.video.url.startswith("media/"):
            src, key = block.video.url, "video"
        if src is not None:
            yield from _media_problems(("lesson", i, key), src, media)
    yield from _duplicate_problems(("concepts",), [c.id for c in module.concepts], _("duplicate concept id '{value}'"))
    for c, concept in enumerate(module.concepts):
        if concept.skill is not None and concept.skill not in module.skills:
            yield (
                ("concepts", c, "skill"),
                _("'{skill}' is not one of this module's skills ({skills})").format(
                    skill=concept.skill, skills=", ".join(module.skills)
                ),
            )
        for v, activity in enumerate(concept.variants):
            for sub, message in activity_problems(activity):
                yield ("concepts", c, "variants", v, *sub), message
            if isinstance(activity, Simulation):
                for s, step in enumerate(activity.steps):
                    if step.screen is not None:
                        yield from _screen_problems(("concepts", c, "variants", v, "steps", s, "screen"), step, media)


IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif")


def _screen_problems(path: tuple[PathPart, ...], step: SimulationStep, media: set[str]) -> Iterator[Problem]:
    assert step.screen is not None
    if not step.screen.src.lower().endswith(IMAGE_SUFFIXES):
        message = _("'{src}' is not an image; a screen is one of {types}")
        yield (*path, "src"), message.format(src=step.screen.src, types=", ".join(IMAGE_SUFFIXES))
    else:
        yield from _media_problems(path, step.screen.src, media)


def _media_problems(path: tuple[PathPart, ...], src: str, media: set[str]) -> Iterator[Problem]:
    field = "url" if path[-1] == "video" else "src"
    if not src.startswith("media/") or ".." in src.split("/") or src.startswith("/"):
        yield (*path, field), _("'{src}' must be a path inside the package's media/ folder").format(src=src)
    elif src not in media:
        yield (*path, field), _("media file '{src}' does not exist in the package").format(src=src)


def activity_problems(activity: Activity) -> Iterator[Problem]:
    """Problems of one activity, with paths relative to the activity."""
    match activity:
        case Choice():
            if not any(o.correct for o in activity.options):
                yield ("options",), _("no option is marked correct")
            options = [o.text for o in activity.options]
            yield from _duplicate_problems(("options",), options, _("duplicate option '{value}'"))
        case Order():
            message = _("duplicate item (the order would be ambiguous) '{value}'")
            yield from _duplicate_problems(("items",), activity.items, message)
        case Categorize():
            ids = [c.id for c in activity.categories]
            yield from _duplicate_problems(("categories",), ids, _("duplicate category id '{value}'"))
            for i, item in enumerate(activity.items):
                if item.category not in ids:
                    message = _("unknown category '{category}'; use one of {categories}")
                    yield ("items", i, "category"), message.format(category=item.category, categories=", ".join(ids))
            texts = [it.text for it in activity.items]
            yield from _duplicate_problems(("items",), texts, _("duplicate item '{value}'"))
        case Match():
            lefts, rights = [p.left for p in activity.pairs], [p.right for p in activity.pairs]
            yield from _duplicate_problems(("pairs",), lefts, _("duplicate left side '{value}'"))
            yield from _duplicate_problems(("pairs",), rights, _("duplicate right side '{value}'"))
        case Cloze():
            blanks = activity.blanks
            if not blanks:
                yield ("text",), _("no blanks; write each blank as {{answer}} or {{answer|alternative}}")
            for b, answers in enumerate(blanks, start=1):
                if not all(answers):
                    yield ("text",), _("blank {number} has an empty answer").format(number=b)
        case Scenario():
            yield from scenario_problems(activity)
        case Simulation():
            for s, step in enumerate(activity.steps):
                yield from (((("steps", s, *p), m)) for p, m in simulation_step_problems(step))
        case _:
            assert_never(activity)


def simulation_step_problems(step: SimulationStep) -> Iterator[Problem]:
    """Problems of one screen of a simulation, with paths relative to the screen."""
    kinds = [kind for kind in ("hotspots", "fields", "choices") if getattr(step, kind)]
    if len(kinds) != 1:
        if len(kinds) == 3:
            message = _(
                "has {first} and {second} and {third}; give each screen exactly one of hotspots (controls to press),"
                " fields or choices"
            )
        elif kinds:
            message = _(
                "has {first} and {second}; give each screen exactly one of hotspots (controls to press), fields or"
                " choices"
            )
        else:
            message = _("has none; give each screen exactly one of hotspots (controls to press), fields or choices")
        yield (), message.format(**dict(zip(("first", "second", "third"), kinds, strict=False)))
        return
    kind = kinds[0]
    if kind == "fields":
        labels = [f.label for f in step.fields]
        yield from _duplicate_problems(("fields",), labels, _("duplicate field label '{value}'"))
        for i, field in enumerate(step.fields):
            if field.options and field.answer not in field.options:
                message = _("'{answer}' is not one of the field's options").format(answer=field.answer)
                yield ("fields", i, "answer"), message
            elif not all(field.answers):
                message = _("an accepted answer is empty; write answers as 'answer|alternative'")
                yield ("fields", i, "answer"), message
        return
    names = [name for name, _, _ in step.picks]
    if len(names) < 2:
        message = _("has {count}; give a screen at least 2 {kind} so that acting on it is a decision")
        yield (kind,), message.format(count=len(names), kind=kind)
    right = sum(correct for _name, correct, _feedback in step.picks)
    if right != 1:
        message = _("{count} are marked correct; mark exactly one (the action that moves the task on)")
        yield (kind,), message.format(count=right)
    duplicate = _("duplicate hotspot label '{value}'") if kind == "hotspots" else _("duplicate choice '{value}'")
    yield from _duplicate_problems((kind,), names, duplicate)


def scenario_problems(scenario: Scenario) -> Iterator[Problem]:
    nodes = scenario.nodes
    if scenario.start not in nodes:
        yield ("start",), _("no node '{node}'; start must name one of the nodes").format(node=scenario.start)
        return
    broken = False
    for node_id, node in nodes.items():
        if node.end is not None and node.choices:
            yield ("nodes", node_id), _("an ending (end: ...) cannot have choices")
        if node.end is None and not node.choices:
            yield ("nodes", node_id), _("has no choices and no 'end'; every path must end at an ending")
        for i, choice in enumerate(node.choices):
            if choice.next not in nodes:
                broken = True
                yield ("nodes", node_id, "choices", i, "next"), _("no node '{node}'").format(node=choice.next)
    edges = scenario_edges(scenario)
    for node_id in sorted(set(nodes) - reachable(edges, scenario.start)):
        yield ("nodes", node_id), _("not reachable from start '{node}'").format(node=scenario.start)
    cycle = find_cycle(edges)
    if cycle:
        message = _("cycle {cycle}; a scenario must always move towards an ending")
        yield ("nodes",), message.format(cycle=" → ".join(cycle))
    elif not broken and best_points(scenario) == 0:
        yield ("nodes",), _("the best path scores 0 points; give the skilled choices points")
