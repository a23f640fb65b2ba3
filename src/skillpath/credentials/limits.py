"""Bounds on what a stranger can make the verifier work on (``/verify/`` is public and anonymous).

A SkillPath credential is a few KB: about 60 JSON values, nested 6 levels. The bounds leave room for other
issuers' richer credentials and stop documents that would make JSON-LD canonicalization (which can grow much
faster than the input) or the JSON Schema check expensive.
"""

from __future__ import annotations

from typing import Any

MAX_REQUEST_BYTES = 64 * 1024  # a whole POST to /verify/ (the form's fields or the uploaded file)
MAX_DEPTH = 16
MAX_VALUES = 600  # objects, arrays and scalars together
MAX_OBJECTS = 100  # JSON-LD nodes: each object without an id becomes a blank node to canonicalize
MAX_CONTEXTS = 4


def document_too_big(document: Any) -> str | None:
    """Why ``document`` is beyond the verifier's bounds (with where), or None when it is within them."""
    contexts = document.get("@context") if isinstance(document, dict) else None
    if isinstance(contexts, list) and len(contexts) > MAX_CONTEXTS:
        return f"@context lists {len(contexts)} contexts; a credential needs at most {MAX_CONTEXTS}."
    values = objects = 0
    stack: list[tuple[Any, str, int]] = [(document, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        values += 1
        if values > MAX_VALUES:
            return f"The document has more than {MAX_VALUES} values; a credential has far fewer."
        if depth > MAX_DEPTH:
            return f"The document is nested more than {MAX_DEPTH} levels deep (at {where or 'top'})."
        if isinstance(value, dict):
            named = value.get("id", value.get("@id"))
            if isinstance(named, str) and named.startswith("_:"):
                # Blank node identifiers let a document draw any graph, including ones that make RDF
                # canonicalization exponential ("poison graphs"); credentials never need them.
                return f"Blank node identifiers ({named[:20]}) are not accepted (at {where or 'top'})."
            objects += 1
            if objects > MAX_OBJECTS:
                return f"The document has more than {MAX_OBJECTS} objects; a credential has far fewer."
            stack.extend((v, f"{where}/{k}"[:200], depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}/{i}"[:200], depth + 1) for i, v in enumerate(value))
    return None
