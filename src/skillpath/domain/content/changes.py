"""What publishing a new version of a package changes for learners.

Rows keep their identity by id across versions (``content.services.package_import``): a module id that stays keeps
everyone's progress; a concept is the same memory when its module and its id both stay (concepts are kept per
module), so its learners' memory states are kept, and a concept that disappears is retired with its memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillpath.domain.content.model import Package


@dataclass(frozen=True)
class ChangeSummary:
    """Ids added, removed (retired) and kept; concepts are written ``module/concept``."""

    modules_added: tuple[str, ...]
    modules_removed: tuple[str, ...]
    modules_kept: tuple[str, ...]
    concepts_added: tuple[str, ...]
    concepts_retired: tuple[str, ...]
    concepts_kept: tuple[str, ...]
    roles_added: tuple[str, ...]
    roles_removed: tuple[str, ...]

    @property
    def retires_anything(self) -> bool:
        return bool(self.modules_removed or self.concepts_retired or self.roles_removed)


def _concepts(package: Package | None) -> set[str]:
    if package is None:
        return set()
    return {f"{m.id}/{c.id}" for m in package.modules.values() for c in m.concepts}


def change_summary(old: Package | None, new: Package) -> ChangeSummary:
    """Compare the published package (``None`` when there is none yet) with the one about to be published."""
    old_modules = set(old.modules) if old is not None else set()
    new_modules = set(new.modules)
    old_concepts, new_concepts = _concepts(old), _concepts(new)
    old_roles = {r.id for r in old.header.roles} if old is not None else set()
    new_roles = {r.id for r in new.header.roles}
    return ChangeSummary(
        modules_added=tuple(sorted(new_modules - old_modules)),
        modules_removed=tuple(sorted(old_modules - new_modules)),
        modules_kept=tuple(sorted(old_modules & new_modules)),
        concepts_added=tuple(sorted(new_concepts - old_concepts)),
        concepts_retired=tuple(sorted(old_concepts - new_concepts)),
        concepts_kept=tuple(sorted(old_concepts & new_concepts)),
        roles_added=tuple(sorted(new_roles - old_roles)),
        roles_removed=tuple(sorted(old_roles - new_roles)),
    )


def next_version(version: str) -> str:
    """The next patch version: ``1.2`` → ``1.2.1``, ``1.2.3`` → ``1.2.4``."""
    parts = [int(p) for p in version.split(".")]
    parts += [0] * (3 - len(parts))
    parts[2] += 1
    return ".".join(str(p) for p in parts)
