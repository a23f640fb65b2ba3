"""The ``skillpath`` command: content tools, the demo, serving, and every Django management command."""

from __future__ import annotations

import os
import sys

ALIASES = {"import": "import_package", "export": "export_package"}
PEOPLE = {"import": "people_import", "export": "people_export"}  # `skillpath people import …`
PEOPLE_USAGE = "usage: skillpath people import FILE --org SLUG | skillpath people export --org SLUG [OUT]"
USAGE = """usage: skillpath COMMAND [ARGS]

  validate PATH                 check a content package (folder or .zip); lists every error
  lint PATH                     content-quality warnings (answer cues, thin or repeated practice); exit 1 if any
  import PATH --org SLUG        validate, then import atomically into an organization
  export --org SLUG PACKAGE OUT write an imported package back as files (OUT: folder or .zip)
  people import FILE --org SLUG check a people CSV, then import it atomically; lists every error
  people export --org SLUG [OUT] the organization's people as CSV in the same format (default: stdout)
  demo                          set up the demo academy on SQLite and serve it on http://127.0.0.1:8000
  serve                         production server (gunicorn, static files by the app)
  analytics --org SLUG          recompute the item analytics now (nightly otherwise)
  worker [--batch]              run background tasks (SKILLPATH_TASKS backend) and the periodic/nightly scheduler
  schedule                      enqueue what is due now and each organization's next night (safe to repeat)
  help                          every Django management command (migrate, createsuperuser, ...) runs the same way
"""


def validate(argv: list[str]) -> int:
    """``skillpath validate PATH``: needs no database, so it runs without Django."""
    from skillpath.content.reader import read_package
    from skillpath.domain.content import PackageInvalid, parse_package

    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: skillpath validate PATH   (a package folder or a .zip of one)", file=sys.stderr)
        return 2
    try:
        package = parse_package(read_package(argv[0]))
    except PackageInvalid as exc:
        for error in exc.errors:
            print(error)
        count = len(exc.errors)
        print(f"{count} error{'s' if count != 1 else ''}: the package is not valid", file=sys.stderr)
        return 1
    concepts = [c for mod in package.modules.values() for c in mod.concepts]
    variants = sum(len(c.variants) for c in concepts)
    print(
        f"{package.id} {package.version}: valid — {len(package.header.roles)} roles, "
        f"{len(package.modules)} modules, {len(concepts)} concepts, {variants} variants, "
        f"{len(package.header.skills)} skills, {len(package.media)} media files"
        + "".join(
            f"; {language}: {len(t.modules)} of {len(package.modules)} modules translated"
            for language, t in package.translations.items()
        )
    )
    return 0


def lint(argv: list[str]) -> int:
    """``skillpath lint PATH``: warnings one a line; exit 0 clean, 1 warnings, 2 usage, 3 invalid package."""
    from skillpath.content.reader import read_package
    from skillpath.domain.content import PackageInvalid, parse_package
    from skillpath.domain.content.lint import lint_package

    if len(argv) != 1 or argv[0].startswith("-"):
        print("usage: skillpath lint PATH   (a package folder or a .zip of one)", file=sys.stderr)
        return 2
    try:
        source = read_package(argv[0])
        package = parse_package(source)
    except PackageInvalid as exc:
        for error in exc.errors:
            print(error)
        print(f"{len(exc.errors)} validation error(s): fix them first (skillpath validate)", file=sys.stderr)
        return 3
    files = {name.rsplit("/", 1)[1].rsplit(".", 1)[0]: name for name in source if name.startswith("modules/")}
    report = lint_package(package, files)
    for warning in report.warnings:
        print(warning)
    choices, replies, counts = report.stats.choices, report.stats.replies, report.stats.variant_counts
    figures = (
        f"correct option longest in {choices.share('longest'):.0%}, shortest in {choices.share('shortest'):.0%} of "
        f"{choices.total} single-answer choices (chance {choices.chance_share:.0%}); best move longest at "
        f"{replies.share('longest'):.0%}, shortest at {replies.share('shortest'):.0%} of {replies.total} scenario "
        f"decisions (chance {replies.chance_share:.0%}); variants per concept min {min(counts)} "
        f"mean {sum(counts) / len(counts):.1f}"
    )
    if not report.warnings:
        print(f"{package.id} {package.version}: no warnings — {figures}")
        return 0
    count = len(report.warnings)
    by_check = ", ".join(f"{n} {check}" for check, n in report.counts().items())
    print(f"{count} warning{'s' if count != 1 else ''} ({by_check}) — {figures}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if args[0] == "validate":
        return validate(args[1:])
    if args[0] == "lint":
        return lint(args[1:])
    if args[0] == "people":
        if len(args) < 2 or args[1] not in PEOPLE:
            print(PEOPLE_USAGE, file=sys.stderr)
            return 2
        args = [PEOPLE[args[1]], *args[2:]]
    if args[0] == "demo":
        os.environ.setdefault("SKILLPATH_DEMO", "1")  # the demo may keep e-mails on the console in production mode
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillpath.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["skillpath", ALIASES.get(args[0], args[0]), *args[1:]])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
