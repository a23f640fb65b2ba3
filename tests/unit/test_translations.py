"""Guards of the translations (docs/i18n.md), fast and without a database.

- Every German and Spanish catalogue is complete: no untranslated entry, nothing fuzzy, and each translation
  keeps its message's placeholders (``%(name)s``, ``%s``, ``{name}``) and HTML tags.
- Every template's visible text and translatable attributes are inside ``{% translate %}`` or
  ``{% blocktranslate %}``: outside them only variables, tags, symbols and a few names are left.
- Every translation is the one the application shows (no other catalogue translates the message differently).
- Every app with templates has its German and Spanish catalogues.

An app (or core catalogue) in ``NOT_YET_TRANSLATED`` is skipped while it is being marked and translated:
take it out of the set when it is done.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from django.template.base import Lexer, TokenType
from django.utils.translation.trans_real import DjangoTranslation

SRC = Path(__file__).resolve().parents[2] / "src" / "skillpath"
TRANSLATED_INTO = ("de", "es")

# Apps (and the core's catalogues: "domain", "domain/content") whose strings are not all marked yet.
NOT_YET_TRANSLATED = {
    "demo",
}

# Words that stay as they are in every language: names of products and standards.
ALLOWED_WORDS = (
    "SkillPath",
    "API",
    "JSON-LD",
    "JSON",
    "xAPI",
    "OpenID Connect",
    "OpenID",
    "SCIM",
    "SSO",
    "CSV",
    "LRS",
    "PDF",
    "ICS",
    "URL",
    "UTC",
    "HTTP",
)
ALLOWED = re.compile(
    r"\b(?:" + "|".join(re.escape(word) for word in sorted(ALLOWED_WORDS, key=len, reverse=True)) + r")\b"
)

# Attributes people read or hear; an input button's value is its label.
TEXT_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "data-label",
}
BUTTON_TYPES = {"submit", "button", "reset"}


def _owner(path: Path) -> str:
    """The app (or core part) a file belongs to: "web", "people", "domain", "domain/content"."""
    parts = path.relative_to(SRC).parts
    if parts[0] == "domain":
        return "domain/content" if len(parts) > 1 and parts[1] == "content" else "domain"
    return parts[0]


# Catalogues ---------------------------------------------------------------------------------------------------

CATALOGUES = sorted(
    po
    for language in TRANSLATED_INTO
    for po in SRC.rglob(f"locale/{language}/LC_MESSAGES/*.po")
    if _owner(po) not in NOT_YET_TRANSLATED
)

PERCENT = re.compile(r"%(?:\((\w+)\))?[#0 +-]?\d*(?:\.\d+)?([sdifr])")
BRACES = re.compile(r"(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def placeholders(text: str) -> Counter[str]:
    """What a translation must keep: %-placeholders, {}-fields and HTML tag names (each counted)."""
    text = text.replace("%%", "")
    found: Counter[str] = Counter()
    found.update(f"%({name})" if name else f"%{kind}" for name, kind in PERCENT.findall(text))
    found.update("{" + name + "}" for name in BRACES.findall(text))
    found.update(
        ("</" if tag.group(0).startswith("</") else "<") + tag.group(1).lower() + ">" for tag in TAG.finditer(text)
    )
    return found


def _read(po: Path) -> Catalog:
    with po.open("rb") as source:
        return read_po(source, locale=po.parent.parent.name, abort_invalid=True)


def catalogue_problems(catalog: Catalog) -> list[str]:
    problems = ["the header is marked fuzzy"] if catalog.fuzzy else []
    for message in catalog:
        if not message.id:
            continue
        problems.extend(f"{message.id!r}: {problem}" for problem in message_problems(message))
    return problems


def message_problems(message: Message) -> list[str]:
    if message.fuzzy:
        return ["fuzzy"]
    if isinstance(message.id, tuple | list):
        singular, plural = str(message.id[0]), str(message.id[1])
        forms = [str(form or "") for form in message.string] if isinstance(message.string, tuple | list) else []
        if not forms or any(not form for form in forms):
            return ["untranslated (a plural form is empty)"]
        allowed = placeholders(singular) | placeholders(plural)
        problems = []
        for index, form in enumerate(forms):
            extra = placeholders(form) - allowed
            if extra:
                problems.append(f"msgstr[{index}] has {sorted(extra)} that the message has not")
        if placeholders(forms[-1]) != placeholders(plural):
            problems.append(f"msgstr[{len(forms) - 1}] does not keep {sorted(placeholders(plural).elements())}")
        return problems
    text = str(message.string or "")
    if not text:
        return ["untranslated"]
    if placeholders(text) != placeholders(str(message.id)):
        return [
            f"keeps {sorted(placeholders(text).elements())}, not {sorted(placeholders(str(message.id)).elements())}"
        ]
    return []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(SRC)))
def test_every_catalogue_is_complete_and_keeps_placeholders(po: Path) -> None:
    problems = catalogue_problems(_read(po))
    assert not problems, f"{po.relative_to(SRC)}:\n  " + "\n  ".join(problems)


def shadowed(po: Path) -> list[str]:
    """The catalogue's translations that the running application does not show: another catalogue of the same
    domain (Django's own apps come first, ``LOCALE_PATHS`` before every app) translates the message differently."""
    found = []
    shown_by = DjangoTranslation(po.parent.parent.name, domain=po.stem)  # what the application merges
    for message in _read(po):
        if not message.id or isinstance(message.id, tuple | list) or not message.string or message.fuzzy:
            continue
        text, context = str(message.id), message.context
        shown = shown_by.gettext(f"{context}\x04{text}" if context else text)
        if shown != message.string:
            found.append(f"{text!r} shows as {shown.split(chr(4))[-1]!r}, not {message.string!r}")
    return found


# Apps whose catalogue repeats another's message with another translation (the other one is shown): agree on one.
SHADOWS_NOT_YET_RESOLVED: set[str] = set()


@pytest.mark.parametrize(
    "po",
    [po for po in CATALOGUES if _owner(po) not in SHADOWS_NOT_YET_RESOLVED],
    ids=lambda po: str(po.relative_to(SRC)),
)
def test_every_translation_is_the_one_shown(po: Path) -> None:
    """Give the message a context (pgettext, ``{% translate "x" context "y" %}``) to translate it apart, agree on
    one translation with the other app, or keep SkillPath's word for a Django one in config/wording.py."""
    problems = shadowed(po)
    assert not problems, f"{po.relative_to(SRC)}:\n  " + "\n  ".join(problems)


# Templates ----------------------------------------------------------------------------------------------------

TEMPLATES = sorted(
    template
    for template in SRC.glob("*/templates/**/*")
    if template.suffix in (".html", ".txt") and _owner(template) not in NOT_YET_TRANSLATED
)
MARK = "\ue000"  # stands for a variable or tag: no letter


def untranslated_source(source: str) -> str:
    """The template with every variable, tag and translated text replaced by a mark, comments dropped."""
    out: list[str] = []
    translating = comment = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name in ("blocktranslate", "blocktrans"):
                translating += 1
            elif name in ("endblocktranslate", "endblocktrans"):
                translating -= 1
            elif name == "comment":
                comment += 1
            elif name == "endcomment":
                comment -= 1
            out.append(MARK)
        elif token.token_type == TokenType.VAR:
            out.append(MARK)
        elif token.token_type == TokenType.TEXT and not translating and not comment:
            out.append(token.contents)
    return "".join(out)


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in ALLOWED.sub("", text))


class _TextFinder(HTMLParser):
    """Collects the visible text and translatable attribute values that still hold words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            shown = name in TEXT_ATTRIBUTES or (
                # an input button shows its value; a <button> shows its content and only sends its value
                name == "value" and tag == "input" and (values.get("type") or "").lower() in BUTTON_TYPES
            )
            if shown and value and _has_words(value):
                self.found.append(f'<{tag} {name}="{value.replace(MARK, "…")}">')
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and _has_words(data):
            self.found.append(" ".join(data.strip(MARK + " \n\t").replace(MARK, "…").split()))


def untranslated_text(source: str) -> list[str]:
    finder = _TextFinder()
    finder.feed(untranslated_source(source))
    finder.close()
    return finder.found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: str(template.relative_to(SRC)))
def test_every_template_text_is_translatable(template: Path) -> None:
    found = untranslated_text(template.read_text(encoding="utf-8"))
    assert not found, f"{template.relative_to(SRC)}: text outside translate tags:\n  " + "\n  ".join(found)


# Every app ----------------------------------------------------------------------------------------------------

APPS_WITH_TEMPLATES = sorted(
    {_owner(template) for template in SRC.glob("*/templates/**/*") if template.suffix in (".html", ".txt")}
    - NOT_YET_TRANSLATED
)


@pytest.mark.parametrize("app", APPS_WITH_TEMPLATES)
def test_every_app_with_templates_has_german_and_spanish_catalogues(app: str) -> None:
    for language in TRANSLATED_INTO:
        assert (SRC / app / "locale" / language / "LC_MESSAGES" / "django.po").is_file(), f"{app}: no {language}"


# The guards themselves ----------------------------------------------------------------------------------------


def test_the_template_guard_finds_text_and_attributes_outside_translate_tags() -> None:
    source = """{% load i18n %}<h1>{% translate "Today" %}</h1><p>Hello {{ name }}</p>
    <img alt="Chart" src="x.png"><input type="submit" value="Save"><input type="text" value="{{ v }}">
    <button type="submit" name="op" value="delete item">{% translate "Delete" %}</button>
    <td data-label="When">{{ at }}</td><title>SkillPath</title><p>{{ a }} · {{ b }}</p>
    <a title="{% translate 'Back' %}" href="/">←</a>
    <p>{% blocktranslate trimmed with n=x %}{{ n }} modules{% endblocktranslate %}</p>
    {# a comment #}{% comment %}Words in a comment{% endcomment %}<script>var words = "text";</script>
    <!-- html comment -->
    <p>SkillPath API (JSON)</p><span aria-label="Close">×</span>"""
    assert untranslated_text(source) == [
        "Hello",
        '<img alt="Chart">',
        '<input value="Save">',
        '<td data-label="When">',
        '<span aria-label="Close">',
    ]


def test_the_catalogue_guard_finds_untranslated_fuzzy_and_changed_placeholders() -> None:
    catalog = Catalog(locale="de", fuzzy=False)
    catalog.add("Save", "Speichern")
    catalog.add("Saved %(name)s.", "%(name)s gespeichert.")
    catalog.add("Due {day}.", "Fällig {day}.")
    catalog.add("<strong>Now</strong>", "<strong>Jetzt</strong>")
    catalog.add(("One module", "%(n)s modules"), ("Ein Modul", "%(n)s Module"))
    assert catalogue_problems(catalog) == []

    catalog.add("Open", "")
    catalog.add("Close", "Schließen", flags=["fuzzy"])
    catalog.add("Hi %(name)s", "Hallo %(nom)s")
    catalog.add("Due {day}", "Fällig")
    catalog.add("<em>a</em>", "a")
    catalog.add(("%(n)s day", "%(n)s days"), ("%(n)s Tag", ""))
    catalog.add(("%(n)s week", "%(n)s weeks"), ("%(n)s Woche", "Wochen"))
    assert catalogue_problems(catalog) == [
        "'Open': untranslated",
        "'Close': fuzzy",
        "'Hi %(name)s': keeps ['%(nom)'], not ['%(name)']",
        "'Due {day}': keeps [], not ['{day}']",
        "'<em>a</em>': keeps [], not ['</em>', '<em>']",
        "('%(n)s day', '%(n)s days'): untranslated (a plural form is empty)",
        "('%(n)s week', '%(n)s weeks'): msgstr[1] does not keep ['%(n)']",
    ]


def test_the_catalogue_guard_finds_a_fuzzy_header() -> None:
    assert catalogue_problems(Catalog(locale="es", fuzzy=True)) == ["the header is marked fuzzy"]


def test_the_shadow_guard_finds_a_translation_another_catalogue_overrides(tmp_path: Path) -> None:
    po = tmp_path / "de" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    catalog = Catalog(locale="de", fuzzy=False)
    catalog.add("Save", "Bewahren")  # config/wording.py keeps "Speichern"
    catalog.add("Signed up", "Registriert")  # as the people app's catalogue says
    with po.open("wb") as target:
        write_po(target, catalog)
    assert shadowed(po) == ["'Save' shows as 'Speichern', not 'Bewahren'"]
