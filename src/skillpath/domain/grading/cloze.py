"""Grading ``cloze``: ``{"blanks": [text typed in each blank]}``, and splitting its text for rendering."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from skillpath.domain.content.model import BLANK, Cloze
from skillpath.domain.grading.responses import MAX_TEXT_CHARS, describe, read_list, require_length
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseInvalid, make_grade, share

KIND = "cloze"


def cloze_segments(cloze: Cloze) -> list[str | int]:
    """The text as literal strings and blank numbers (0-based, as in ``blanks[0]``), in reading order.

    ``"Say {{thanks|thank you}} first."`` → ``["Say ", 0, " first."]``; empty literals are left out.
    """
    segments: list[str | int] = []
    last = 0
    for number, blank in enumerate(BLANK.finditer(cloze.text)):
        if blank.start() > last:
            segments.append(cloze.text[last : blank.start()])
        segments.append(number)
        last = blank.end()
    if last < len(cloze.text):
        segments.append(cloze.text[last:])
    return segments


def normalize(answer: str) -> str:
    """An answer as it is compared: case-folded, Unicode-normalized (NFKC), whitespace runs
    collapsed to one space, ends stripped and one trailing period dropped."""
    text = " ".join(unicodedata.normalize("NFKC", answer).casefold().split())
    return text.removesuffix(".").rstrip()


def grade_cloze(activity: Cloze, response: Mapping[str, Any]) -> Grade:
    """Score the share of blanks filled with one of their accepted answers."""
    typed = read_blanks(activity, response)
    accepted = activity.blanks
    right = [normalize(text) in {normalize(a) for a in answers} for text, answers in zip(typed, accepted, strict=True)]
    feedback = (
        ItemFeedback(f"blanks[{i}]", ok, None if ok else answers[0])
        for i, (ok, answers) in enumerate(zip(right, accepted, strict=True))
    )
    return make_grade(share(sum(right), len(right)), feedback, activity.explanation)


def read_blanks(activity: Cloze, response: Mapping[str, Any]) -> list[str]:
    """The text of each blank, in order (``""`` for an empty one)."""
    how = 'send the text typed into each blank, in order ("" for an empty one)'
    values = read_list(response, KIND, "blanks", '{"blanks": ["first answer", "second"]}')
    require_length(values, len(activity.blanks), KIND, "blank", how)
    for position, value in enumerate(values):
        if not isinstance(value, str):
            raise ResponseInvalid(f"{KIND}: blanks[{position}] is {describe(value)}, not text; {how}")
        if len(value) > MAX_TEXT_CHARS:
            raise ResponseInvalid(
                f"{KIND}: blanks[{position}] is {len(value):,} characters long; an answer is at most "
                f"{MAX_TEXT_CHARS} characters"
            )
    return values
