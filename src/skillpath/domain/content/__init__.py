"""The ``skillpath/1`` content package format: typed models, parsing and validation."""

from skillpath.domain.content.errors import ContentError, PackageInvalid
from skillpath.domain.content.model import (
    ACTIVITY_TYPES,
    STAGES,
    Activity,
    Categorize,
    Choice,
    Cloze,
    Concept,
    Match,
    Module,
    Order,
    Package,
    Role,
    Scenario,
    Simulation,
)
from skillpath.domain.content.parsing import PackageSource, parse_package

__all__ = [
    "ACTIVITY_TYPES",
    "STAGES",
    "Activity",
    "Categorize",
    "Choice",
    "Cloze",
    "Concept",
    "ContentError",
    "Match",
    "Module",
    "Order",
    "Package",
    "PackageInvalid",
    "PackageSource",
    "Role",
    "Scenario",
    "Simulation",
    "parse_package",
]
