"""Grading ``cloze``: ``{"blanks": [text typed in each blank]}``, and splitting its text for rendering."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skillpath.domain.content.model import BLANK, Cloze
from skillpath.domain.grading.responses import MAX_TEXT_CHARS, describe, read_list, require_length
from skillpath.domain.grading.result import Grade, ItemFeedback, ResponseEmpty, ResponseInvalid, make_grade, share
from skillpath.domain.grading.textmatch import matching
from skillpath.domain.i18n import gettext

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


def grade_cloze(activity: Cloze, response: Mapping[str, Any]) -> Grade:
    """Score the share of blanks filled with one of their accepted answers, compared fairly
    (``textmatch.same_answer``: case, spacing, punctuation, singular/plural, number and unit spellings).

    Each blank's feedback carries what was typed (``given``) and what was expected (``expected``: the
    accepted answer it matched, else the first one); ``text`` is the expected answer when it was wrong.
    """
    typed = read_blanks(activity, response)
    feedback = []
    for i, (text, answers) in enumerate(zip(typed, activity.blanks, strict=True)):
        matched = matching(text, answers)
        expected = matched if matched is not None else answers[0]
        feedback.append(
            ItemFeedback(
                f"blanks[{i}]",
                matched is not None,
                None if matched else expected,
                given=text.strip(),
                expected=expected,
            )
        )
    right = sum(item.correct for item in feedback)
    return make_grade(share(right, len(feedback)), feedback, activity.explanation)


def read_blanks(activity: Cloze, response: Mapping[str, Any]) -> list[str]:
    """The text of each blank, in order (``""`` for an empty one); at least one blank filled."""
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
    if values and not any(value.strip() for value in values):
        raise ResponseEmpty(gettext("Fill in at least one blank before checking your answer."))
    return values
