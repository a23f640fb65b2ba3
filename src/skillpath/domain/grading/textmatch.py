"""Fair comparison of a typed answer with an accepted one (cloze blanks).

A typed answer is right when it says the same thing as an accepted answer, whatever its spelling
conventions. ``normalize`` rewrites text into one canonical spelling, and ``same_answer`` compares
two canonical spellings word by word. Accepted as the same:

- case, Unicode forms (full-width digits, ligatures), runs of spaces, punctuation and hyphens
  (``"Follow-up!"`` = ``"follow up"``), apostrophes (``"customer's"`` = ``"customers"``);
- singular and plural of a word (``"locations"`` = ``"location"``, ``"boxes"`` = ``"box"``,
  ``"replies"`` = ``"reply"``): a blank tests the idea, not the grammatical number the sentence
  around it happens to need;
- numbers in digits or words up to 999 (``"thirty"`` = ``"30"``, ``"twenty-five"`` = ``"25"``), with
  thousands separators or trailing zeros (``"1,000"`` = ``"1000"``, ``"30.0"`` = ``"30"``);
- units and percent signs in their common spellings (``"99.9 %"`` = ``"99.9%"`` = ``"99.9 percent"``,
  ``"30 mins"`` = ``"30 min"`` = ``"30 minutes"``, ``"$30"`` = ``"30 dollars"``), and a number given
  with or without its unit (``"99.9"`` = ``"99.9%"``): the number is what the blank asks for. Two
  different units never match (``"30 minutes"`` ≠ ``"30 hours"``).

What is not accepted: another word (``"discount"`` ≠ ``"discounts policy"``, ``"refund"`` ≠
``"return"``), another number, or a misspelling: authors list the spellings they accept as
alternatives (``{{e-mail|email}}``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_UNITS = {
    "percent": ("%", "percent", "pct", "percentage"),
    "second": ("s", "sec", "secs", "second", "seconds"),
    "minute": ("min", "mins", "minute", "minutes"),
    "hour": ("h", "hr", "hrs", "hour", "hours"),
    "day": ("d", "day", "days"),
    "week": ("wk", "wks", "week", "weeks"),
    "month": ("mo", "mos", "month", "months"),
    "year": ("yr", "yrs", "year", "years"),
    "dollar": ("$", "usd", "dollar", "dollars"),
    "euro": ("€", "eur", "euro", "euros"),
    "pound": ("£", "gbp", "pound", "pounds"),
    "times": ("x", "times"),
}
UNIT_OF = {alias: unit for unit, aliases in _UNITS.items() for alias in aliases}
UNITS = frozenset(_UNITS)
_CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound"}

_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SMALL = {word: n for n, word in enumerate(_ONES)}

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_APOSTROPHES = re.compile(r"['’`]")
_NOT_KEPT = re.compile(r"[^\w%$€£\u2024]|_")
_GLUED = re.compile(r"(?<=\d)(?=[^\d\s\u2024])|(?<=[^\d\s\u2024])(?=\d)")
_POINT = "\u2024"  # a decimal point, kept apart from sentence punctuation while that is removed


def normalize(text: str) -> str:
    """``text`` in its canonical spelling: ``"About Thirty MINS."`` → ``"about 30 minute"``.

    Idempotent: ``normalize(normalize(t)) == normalize(t)``. Words keep their grammatical number
    (``same_answer`` accepts singular for plural).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _THOUSANDS.sub("", text)
    text = _DECIMAL_POINT.sub(_POINT, text)
    text = _APOSTROPHES.sub("", text)
    text = _NOT_KEPT.sub(" ", text)
    for sign in ("%", *_CURRENCY_SIGNS):
        text = text.replace(sign, f" {sign} ")
    text = _GLUED.sub(" ", text).replace(_POINT, ".")
    return " ".join(_with_units(_numbers_as_digits(text.split())))


def _numbers_as_digits(words: list[str]) -> list[str]:
    """Number words up to 999 as digits (``twenty five`` → ``25``); digits in canonical form."""
    out: list[str] = []
    i = 0
    while i < len(words):
        value, used = _number_at(words, i)
        if used:
            out.append(str(value))
            i += used
        else:
            out.append(_canonical_number(words[i]) if _NUMBER.fullmatch(words[i]) else words[i])
            i += 1
    return out


def _number_at(words: list[str], i: int) -> tuple[int, int]:
    """(value, words used) of a spelled-out number starting at ``words[i]`` (0 words if none)."""
    value, used = _below_hundred(words, i)
    if used and value < 10 and words[i + used : i + used + 1] == ["hundred"]:
        hundreds, used = value * 100, used + 1
        if words[i + used : i + used + 1] == ["and"] and _below_hundred(words, i + used + 1)[1]:
            used += 1
        rest, more = _below_hundred(words, i + used)
        return hundreds + rest, used + more
    if not used and words[i] == "hundred":
        return 100, 1
    return value, used


def _below_hundred(words: list[str], i: int) -> tuple[int, int]:
    if i >= len(words):
        return 0, 0
    if words[i] in _SMALL:
        return _SMALL[words[i]], 1
    if words[i] in _TENS:
        tens = _TENS[words[i]]
        following = words[i + 1] if i + 1 < len(words) else ""
        if following in _SMALL and 0 < _SMALL[following] < 10:
            return tens + _SMALL[following], 2
        return tens, 1
    return 0, 0


def _canonical_number(digits: str) -> str:
    """``"030.50"`` → ``"30.5"``, ``"30.0"`` → ``"30"``."""
    try:
        value = Decimal(digits).normalize()
    except InvalidOperation:  # pragma: no cover - only digit strings reach here
        return digits
    return format(value, "f")


def _with_units(words: list[str]) -> list[str]:
    """Units after a number in their canonical name; a currency sign before a number moves after it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _CURRENCY_SIGNS and i + 1 < len(words) and _NUMBER.fullmatch(words[i + 1]):
            out += [words[i + 1], _CURRENCY_SIGNS[word]]
            i += 2
            continue
        if out and _NUMBER.fullmatch(out[-1]):
            if word == "per" and words[i + 1 : i + 2] == ["cent"]:
                out.append("percent")
                i += 2
                continue
            if word in UNIT_OF:
                out.append(UNIT_OF[word])
                i += 1
                continue
        out.append(word)
        i += 1
    return out


def same_answer(typed: str, accepted: str) -> bool:
    """Whether ``typed`` says the same as ``accepted`` (both in any spelling; see the module doc)."""
    a, b = _items(normalize(typed)), _items(normalize(accepted))
    return len(a) == len(b) and all(_same_item(x, y) for x, y in zip(a, b, strict=True))


def matching(typed: str, accepted: list[str]) -> str | None:
    """The first accepted answer ``typed`` matches, or None."""
    return next((answer for answer in accepted if same_answer(typed, answer)), None)


_Item = tuple[str, str | None]  # (word, None) or (number, unit or None)


def _items(canonical: str) -> list[_Item]:
    """Canonical words grouped as words and numbers with their unit."""
    items: list[_Item] = []
    for word in canonical.split():
        if word in UNITS and items and _NUMBER.fullmatch(items[-1][0]) and items[-1][1] is None:
            items[-1] = (items[-1][0], word)
        else:
            items.append((word, None))
    return items


def _same_item(x: _Item, y: _Item) -> bool:
    (word_x, unit_x), (word_y, unit_y) = x, y
    if _NUMBER.fullmatch(word_x) and _NUMBER.fullmatch(word_y):
        return word_x == word_y and (unit_x is None or unit_y is None or unit_x == unit_y)
    return unit_x is None and unit_y is None and bool(singulars(word_x) & singulars(word_y))


def singulars(word: str) -> frozenset[str]:
    """The forms ``word`` may have in the singular: itself, and without a plural ending.

    Two words are the same in number-blind comparison when these sets meet: ``boxes`` →
    {boxes, boxe, box} meets ``box`` → {box}. Short words and ``-ss``/``-us``/``-is`` endings are
    left alone (``gas``, ``status``, ``analysis`` are not plurals).
    """
    forms = {word}
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return frozenset(forms)
