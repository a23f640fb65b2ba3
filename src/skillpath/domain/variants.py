"""Which variant of a concept to show: a fresh application of the idea, never the one just seen."""

from __future__ import annotations

from collections.abc import Sequence


def next_variant(available: Sequence[int], seen: Sequence[int]) -> int:
    """The variant position to show next.

    ``available`` are the concept's live variant positions (the first is the immediate practice);
    ``seen`` the positions this person was shown, oldest first. Unseen variants come first, in
    authored order; after that the one seen longest ago. The most recently seen variant is repeated
    only when it is the only one.
    """
    if not available:
        raise ValueError("a concept needs at least one variant")
    unseen = [p for p in available if p not in seen]
    if unseen:
        return unseen[0]
    last_seen = {position: index for index, position in enumerate(seen)}
    candidates = [p for p in available if p != seen[-1]] or list(available)
    return min(candidates, key=lambda p: last_seen.get(p, -1))
