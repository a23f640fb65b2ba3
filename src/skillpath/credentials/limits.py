"""Bounds on what a stranger can make the verifier work on (``/verify/`` is public and anonymous).

A SkillPath credential is a few KB: about 60 JSON values, nested 6 levels. The bounds leave room for other
issuers' richer credentials and stop documents that would make JSON-LD canonicalization (which can grow much
faster than the input) or the JSON Schema check expensive.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

MAX_REQUEST_BYTES = 64 * 1024  # a whole POST to /verify/ (the form's fields or the uploaded file)
MAX_DEPTH = 16
MAX_VALUES = 600  # objects, arrays and scalars together
MAX_OBJECTS = 100  # JSON-LD nodes: each object without an id becomes a blank node to canonicalize
MAX_CONTEXTS = 4


def document_too_big(document: Any) -> str | None:
    """Why ``document`` is beyond the verifier's bounds (with where), or None when it is within them."""
    contexts = document.get("@context") if isinstance(document, dict) else None
    if isinstance(contexts, list) and len(contexts) > MAX_CONTEXTS:
        return _("@context lists {count} contexts; a credential needs at most {most}.").format(
            count=len(contexts), most=MAX_CONTEXTS
        )
    values = objects = 0
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        values += 1
        if values > MAX_VALUES:
            return _("The document has more than {most} values; a credential has far fewer.").format(most=MAX_VALUES)
        if depth > MAX_DEPTH:
            return _("The document is nested more than {most} levels deep (at {where}).").format(
                most=MAX_DEPTH, where=where or _("top")
            )
        if isinstance(value, dict):
            named = value.get("id", value.get("@id"))
            if isinstance(named, str) and named.startswith("_:"):
                # Blank node identifiers let a document draw any graph, including ones that make RDF
                # canonicalization exponential ("poison graphs"); credentials never need them.
                return _("Blank node identifiers ({name}) are not accepted (at {where}).").format(
                    name=named[:20], where=where or _("top")
                )
            objects += 1
            if objects > MAX_OBJECTS:
                return _("The document has more than {most} objects; a credential has far fewer.").format(
                    most=MAX_OBJECTS
                )
            stack.extend((v, f"{where}/{k}"[:200], depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}/{i}"[:200], depth + 1) for i, v in enumerate(value))
    return None
