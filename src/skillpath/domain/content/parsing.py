"""Turn a package's files (bytes, already read) into a valid ``Package`` or every error in it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from skillpath.domain.content.checks import check_package
from skillpath.domain.content.errors import ContentError, PackageInvalid, format_path
from skillpath.domain.content.media import media_problem
from skillpath.domain.content.model import (
    ACTIVITY_TYPES,
    BLOCK_TYPES,
    STAGES,
    TAG,
    Module,
    Package,
    PackageHeader,
    PackageText,
    Translation,
)
from skillpath.domain.content.translations import (
    language_problem,
    package_text_problems,
    structure_problems,
)
from skillpath.domain.i18n import gettext as _
from skillpath.domain.i18n import gettext_noop, ngettext

PackageSource = Mapping[str, bytes]
"""A package's files: relative POSIX path (``package.yaml``, ``modules/x.yaml``, ``media/a.png``) → bytes."""

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
}


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: about ten times faster


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc]
    """A safe YAML loader that refuses a mapping with the same key twice (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (dict, list)):  # ``{{a}}``: a key must be plain, as in every file of the format
                problem = _("a key cannot be a list or mapping")
                raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
            if key in seen:
                problem = _("duplicate key {key}").format(key=repr(key))
                raise yaml.constructor.ConstructorError(None, None, problem, key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


# The YAML parser's (libyaml's) usual problems, marked so that the catalogue translates them; others stay as they are.
YAML_PROBLEMS = (
    gettext_noop("invalid YAML"),
    gettext_noop("did not find expected ',' or ']'"),
    gettext_noop("did not find expected ',' or '}'"),
    gettext_noop("did not find expected '-' indicator"),
    gettext_noop("did not find expected key"),
    gettext_noop("could not find expected ':'"),
    gettext_noop("mapping values are not allowed in this context"),
    gettext_noop("block sequence entries are not allowed in this context"),
    gettext_noop("found character that cannot start any token"),
    gettext_noop("found unexpected end of stream"),
    gettext_noop("found undefined alias"),
    gettext_noop("found unknown escape character"),
)

MAX_YAML_BYTES = 2 * 1024 * 1024  # a module is a few KB; this leaves room and bounds the work
MAX_YAML_DEPTH = 40  # mappings and lists inside each other; the format needs about 12


def _too_deep(text: str) -> int | None:
    """The line at which ``text`` nests deeper than ``MAX_YAML_DEPTH``, or None. Reads parser events, which
    needs no recursion, so a hostile file cannot exhaust the stack the way building its objects would."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml stops a very deep flow collection (``[[[…``) while scanning, before any event reaches here.
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            return int(exc.problem_mark.line) + 1
        raise
    return None


def load_yaml(file: str, data: bytes, *, in_field: bool = False) -> tuple[Any, list[ContentError]]:
    """Parse one YAML file (at most ``MAX_YAML_BYTES``, nested at most ``MAX_YAML_DEPTH`` deep); a syntax error
    names its line and column (``in_field``: of a piece of YAML typed into one field of a form, so it says so)."""
    if len(data) > MAX_YAML_BYTES:
        message = _("larger than {size} MiB; split it into modules").format(size=MAX_YAML_BYTES // 2**20)
        return None, [ContentError(file, "", message)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [ContentError(file, "", _("not UTF-8 text (byte {byte})").format(byte=exc.start))]
    try:
        if (line := _too_deep(text)) is not None:
            message = (
                _("nested more than {levels} levels deep in this field at line {line}")
                if in_field
                else _("nested more than {levels} levels deep at line {line}")
            )
            return None, [ContentError(file, "", message.format(levels=MAX_YAML_DEPTH, line=line))]
        return yaml.load(text, Loader=_UniqueKeyLoader), []  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _(exc.problem or exc.context or "invalid YAML")  # the parser's usual problems are in YAML_PROBLEMS
        message = (
            _("YAML syntax error at {problem}")
            if mark is None
            else _("YAML syntax error in this field at line {line}, column {column}: {problem}")
            if in_field
            else _("YAML syntax error at line {line}, column {column}: {problem}")
        )
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, [ContentError(file, "", message.format(line=line, column=column, problem=problem))]
    except ValueError as exc:  # a number with thousands of digits: Python refuses to convert it
        message = _("a value cannot be read ({error}); write shorter numbers").format(error=exc)
        return None, [ContentError(file, "", message)]
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML parse error is marked
        return None, [ContentError(file, "", _("YAML syntax error: {error}").format(error=exc))]


def _message(error: ErrorDetails, loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str]:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        if len(loc) >= 2 and loc[-2] == "stages":
            return loc, _("unknown stage; the stages are {stages}").format(stages=", ".join(STAGES))
        return loc, _("unknown field (check its spelling and indentation)")
    if kind == "missing":
        return loc[:-1], _("missing required field '{field}'").format(field=loc[-1])
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        if "variants" in loc:
            got = value.get("type") if isinstance(value, dict) else None
            message = _("unknown activity type {type}; use one of {types}")
            return loc, message.format(type=repr(got), types=", ".join(ACTIVITY_TYPES))
        return loc, _("a lesson block needs exactly one of {kinds}").format(kinds=", ".join(BLOCK_TYPES))
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "version":
            return loc, _('{value} is not a version; write it like "1.0.0"').format(value=repr(value))
        if loc and loc[-1] == "url":
            return loc, _("{value}: a video url must start with https:// or media/").format(value=repr(value))
        message = _(
            "{value} is not a valid id: use lowercase letters, digits and hyphens, starting with a letter or digit"
        )
        return loc, message.format(value=repr(value))
    if kind == "too_short":
        if loc and loc[-1] == "variants":
            return loc, _("a concept needs at least one variant (activity)")
        need = (error.get("ctx") or {}).get("min_length", 1)
        return loc, ngettext("needs at least {count} item", "needs at least {count} items", need).format(count=need)
    if kind in ("greater_than_equal", "less_than_equal") and "requires" in loc:
        return loc, _("skill level must be between 0 and 4 (got {value})").format(value=repr(value))
    if kind == "literal_error" and loc == ("format",):
        return loc, _("format must be 'skillpath/1' (got {value})").format(value=repr(value))
    return loc, _pydantic_message(error)


# Pydantic's own messages for a wrong value, worded as pydantic words them (first letter lowered), so that the
# catalogue can translate them; a message pydantic words otherwise (another version, another value) stays as it is.
_PYDANTIC_MESSAGES = {
    "int_parsing": gettext_noop("input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": gettext_noop("input should be a valid integer, got a number with a fractional part"),
    "int_type": gettext_noop("input should be a valid integer"),
    "float_parsing": gettext_noop("input should be a valid number, unable to parse string as a number"),
    "float_type": gettext_noop("input should be a valid number"),
    "string_type": gettext_noop("input should be a valid string"),
    "string_too_short": gettext_noop("string should have at least {min_length} character"),
    "string_too_long": gettext_noop("string should have at most {max_length} characters"),
    "bool_parsing": gettext_noop("input should be a valid boolean, unable to interpret input"),
    "bool_type": gettext_noop("input should be a valid boolean"),
    "list_type": gettext_noop("input should be a valid list"),
    "dict_type": gettext_noop("input should be a valid dictionary"),
    "greater_than": gettext_noop("input should be greater than {gt}"),
    "greater_than_equal": gettext_noop("input should be greater than or equal to {ge}"),
    "less_than": gettext_noop("input should be less than {lt}"),
    "less_than_equal": gettext_noop("input should be less than or equal to {le}"),
}


def _pydantic_message(error: ErrorDetails) -> str:
    english = error["msg"][0].lower() + error["msg"][1:]
    message = _PYDANTIC_MESSAGES.get(error["type"])
    values = {k: f"{v:g}" if isinstance(v, float) else v for k, v in (error.get("ctx") or {}).items()}
    if message is None or message.format(**values) != english:
        return english
    return _(message).format(**values)


def pydantic_errors(file: str, exc: ValidationError) -> Iterator[ContentError]:
    """Translate pydantic's errors into ``ContentError`` lines an author can act on."""
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(TAG)))
        loc, message = _message(error, loc)
        yield ContentError(file, format_path(loc), message)


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], file: str, data: Any) -> tuple[M | None, list[ContentError]]:
    if not isinstance(data, dict):
        return None, [ContentError(file, "", _("must be a YAML mapping (key: value lines)"))]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, list(pydantic_errors(file, exc))


def parse_package(source: PackageSource) -> Package:
    """Parse and check a package; raise ``PackageInvalid`` with every error found."""
    errors: list[ContentError] = []
    if "package.yaml" not in source:
        message = _("missing: a package needs package.yaml at its top")
        raise PackageInvalid([ContentError("package.yaml", "", message)])
    data, errs = load_yaml("package.yaml", source["package.yaml"])
    errors += errs
    header: PackageHeader | None = None
    if not errs:
        header, errs = _validate(PackageHeader, "package.yaml", data)
        errors += errs

    modules: dict[str, Module] = {}
    module_files: dict[str, str] = {}
    media: dict[str, str] = {}
    unparsed: set[str] = set()
    translated: list[str] = []
    for name in sorted(source):
        if name == "package.yaml":
            continue
        if name.startswith("translations/"):
            translated.append(name)
            continue
        if name.startswith("modules/") and name.count("/") == 1:
            if not name.endswith((".yaml", ".yml")):
                errors.append(ContentError(name, "", _("only .yaml files belong in modules/")))
                continue
            stem = name.rsplit("/", 1)[1].rsplit(".", 1)[0]
            data, errs = load_yaml(name, source[name])
            module, errs = _validate(Module, name, data) if not errs else (None, errs)
            errors += errs
            if module is None:
                unparsed.add(stem)
                continue
            if module.id != stem:
                message = _("id '{id}' must match the file name '{name}'").format(id=module.id, name=stem)
                errors.append(ContentError(name, "id", message))
            if module.id in modules:
                message = _("duplicate module id '{id}' (also in {file})")
                errors.append(ContentError(name, "id", message.format(id=module.id, file=module_files[module.id])))
                continue
            modules[module.id] = module
            module_files[module.id] = name
        elif name.startswith("media/"):
            suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if suffix not in MEDIA_TYPES:
                allowed = ", ".join(sorted(MEDIA_TYPES))
                errors.append(
                    ContentError(name, "", _("unsupported media type; use one of {types}").format(types=allowed))
                )
                continue
            if (problem := media_problem(suffix, source[name])) is not None:
                errors.append(ContentError(name, "", problem))
                continue
            media[name] = hashlib.sha256(source[name]).hexdigest()
        # Other files (README, LICENSE, ...) are allowed and ignored.

    if header is not None:
        errors += check_package(header, modules, module_files, set(media), frozenset(unparsed))
    translations, errs = _translations(source, translated, header, modules, frozenset(unparsed))
    errors += errs
    if errors:
        raise PackageInvalid(sorted(dict.fromkeys(errors), key=_error_order))
    assert header is not None
    return Package(header=header, modules=modules, media=media, translations=translations)


def _translations(
    source: PackageSource,
    names: list[str],
    header: PackageHeader | None,
    modules: Mapping[str, Module],
    unparsed: frozenset[str],
) -> tuple[dict[str, Translation], list[ContentError]]:
    """Parse ``translations/<lang>/…`` like the originals, then compare each with its original."""
    errors: list[ContentError] = []
    texts: dict[str, PackageText] = {}
    translated: dict[str, dict[str, Module]] = {}
    for name in names:
        parts = name.split("/")
        language = parts[1] if len(parts) > 2 else ""
        if (problem := language_problem(language)) is not None:
            errors.append(ContentError(name, "", problem))
            continue
        rest = "/".join(parts[2:])
        if rest == "package.yaml":
            data, errs = load_yaml(name, source[name])
            text, errs = _validate(PackageText, name, data) if not errs else (None, errs)
            errors += errs
            if text is not None and header is not None:
                errors += [ContentError(name, format_path(p), m) for p, m in package_text_problems(text, header)]
                texts[language] = text
            continue
        if not (len(parts) == 4 and parts[2] == "modules" and name.endswith((".yaml", ".yml"))):
            problem = _("only package.yaml and modules/<module id>.yaml belong in translations/{language}/")
            errors.append(ContentError(name, "", problem.format(language=language)))
            continue
        stem = parts[3].rsplit(".", 1)[0]
        if stem not in modules:
            if stem not in unparsed:  # an original with errors of its own: those are reported already
                problem = _(
                    "no module '{module}' in the package (no modules/{module}.yaml); translate an existing module"
                )
                errors.append(ContentError(name, "", problem.format(module=stem)))
            continue
        data, errs = load_yaml(name, source[name])
        module, errs = _validate(Module, name, data) if not errs else (None, errs)
        errors += errs
        if module is None:
            continue
        problems = list(structure_problems(modules[stem], module))
        errors += [ContentError(name, format_path(p), m) for p, m in problems]
        translated.setdefault(language, {})[stem] = module
    languages = sorted(set(texts) | set(translated))
    return {lang: Translation(package=texts.get(lang), modules=translated.get(lang, {})) for lang in languages}, errors


def _error_order(error: ContentError) -> tuple[int, str]:
    """package.yaml first, then file by file; within a file, in the order found (the sort is stable)."""
    return (0 if error.file == "package.yaml" else 1, error.file)
