"""Every named address leads to its own view: no pattern listed earlier takes another's addresses.

The learner's pages come first in ``config/urls.py`` (they are most of the traffic, and every request
tries the patterns in order); this guards that order, and any later one.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

SAMPLES = {
    "SlugConverter": "some-slug-1",
    "UUIDConverter": UUID(int=7),
    "IntConverter": 7,
    "StringConverter": "sample",
    "PathConverter": "images/a b.png",
}


def named(
    patterns: list[URLPattern | URLResolver], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(name with namespaces, whole route, pattern) of every named route."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), entry


def sample_kwargs(pattern: URLPattern) -> dict[str, object]:
    converters = getattr(pattern.pattern, "converters", {})
    kinds = {type(c).__name__ for c in converters.values()}
    assert kinds <= set(SAMPLES), f"no sample value for {kinds - set(SAMPLES)}"
    return {name: SAMPLES[type(c).__name__] for name, c in converters.items()}


def test_every_named_address_resolves_to_its_own_view() -> None:
    routes = [r for r in named(get_resolver().url_patterns) if not r[0].startswith("admin:")]
    assert len(routes) > 100
    wrong = []
    for name, route, pattern in routes:
        if not hasattr(pattern.pattern, "converters"):  # pragma: no cover - a regex route (SkillPath has none)
            continue
        url = reverse(name, kwargs=sample_kwargs(pattern))
        found = resolve(url)
        if found.view_name != name and found.route != route:  # one address may have a name per method (the API)
            wrong.append(f"{url} ({name}) goes to {found.view_name}")
    assert not wrong, "\n".join(wrong)
