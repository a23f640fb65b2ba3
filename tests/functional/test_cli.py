from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skillpath.cli import main
from skillpath.config.settings import database_from_url
from skillpath.content import models as m
from tests.helpers import DEMO, MINI


def test_validate_prints_a_summary_for_a_valid_package(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI)]) == 0
    assert capsys.readouterr().out == (
        "mini-academy 1.0.0: valid — 1 roles, 3 modules, 5 concepts, 9 variants, 2 skills, 1 media files\n"
    )


def test_validate_accepts_the_demo_academy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DEMO)]) == 0
    assert "northwind-academy 2.2.0: valid — 5 roles" in capsys.readouterr().out


def test_validate_lists_every_error_one_a_line_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "package.yaml").write_text((MINI / "package.yaml").read_text().replace("[basics]", "[basics, ghost]"))
    (package / "modules").mkdir()
    for name in ("basics", "questions", "closing-talk"):
        text = (MINI / "modules" / f"{name}.yaml").read_text()
        (package / "modules" / f"{name}.yaml").write_text(text.replace("correct: true", "correct: false"))
    assert main(["validate", str(package)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "package.yaml: roles[0].stages.foundation[1]: unknown module 'ghost' (no modules/ghost.yaml)",
        "modules/basics.yaml: lesson[2].image.src: media file 'media/ear.svg' does not exist in the package",
        "modules/basics.yaml: concepts[0].variants[0].options: no option is marked correct",
        "modules/closing-talk.yaml: concepts[0].variants[0].options: no option is marked correct",
    ]
    assert "4 errors" in out.err


def test_validate_reads_a_zip_with_the_package_in_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "mini.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in MINI.rglob("*"):
            if f.is_file():
                z.write(f, f"mini-academy/{f.relative_to(MINI)}")
    assert main(["validate", str(archive)]) == 0


def test_validate_refuses_an_archive_that_escapes_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../package.yaml", "format: skillpath/1")
    assert main(["validate", str(archive)]) == 1
    assert "../package.yaml: unsafe path in archive" in capsys.readouterr().out


CLEAN_MODULE = """
id: plans
title: Plans
skills: [listening]
minutes: 4
pass_score: 0.8
lesson: [{text: "Every contract is annual and priced per location."}]
concepts:
  - id: pricing
    title: Pricing
    variants:
      - {type: cloze, prompt: Complete., text: "Harbor Foods pays per {{location}} for its 12 stores."}
      - {type: cloze, prompt: Complete., text: "A warehouse in Leeds is priced as one more {{location|site}}."}
      - {type: cloze, prompt: Complete., text: "Contracts renew {{annually|yearly}}, so quote twelve months."}
      - type: choice
        prompt: Juniper adds 3 stores in May. What changes on the invoice?
        options:
          - {text: "Three more locations are billed", correct: true}
          - {text: "A new annual plan tier starts", correct: false}
          - {text: "Nothing until the next renewal", correct: false}
"""


def clean_package(root: Path) -> Path:
    (root / "modules").mkdir(parents=True)
    header = (MINI / "package.yaml").read_text()
    header = header.replace("[basics]", "[plans]").replace("[questions]", "[]").replace("[closing-talk]", "[]")
    (root / "package.yaml").write_text(header.replace("[basics, questions]", "[plans]"))
    (root / "modules" / "plans.yaml").write_text(CLEAN_MODULE)
    return root


def test_lint_prints_its_figures_and_exits_0_on_a_clean_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(clean_package(tmp_path / "pkg"))]) == 0
    assert capsys.readouterr().out == (
        "mini-academy 1.0.0: no warnings — correct option longest in 100%, shortest in 0% of 1 single-answer "
        "choices (chance 33%); best move longest at 0%, shortest at 0% of 0 scenario decisions (chance 0%); "
        "variants per concept min 4 mean 4.0\n"
    )


def test_lint_lists_warnings_one_a_line_with_a_summary_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(MINI)]) == 1
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 7
    assert out.out.splitlines()[0] == (
        "modules/basics.yaml: concepts[0].variants: 2 variants; give each concept at least 4 (the first is the "
        "practice, the others come back as spaced reinforcement)"
    )
    assert out.err.startswith("7 warnings (1 option-length, 1 reply-length, 5 few-variants) — ")


def test_lint_refuses_an_invalid_package_with_exit_3_and_bad_usage_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path / "missing")]) == 3
    assert "no such file or folder" in capsys.readouterr().out
    assert main(["lint"]) == 2
    assert main(["lint", "--json", str(MINI)]) == 2


@pytest.mark.django_db
def test_import_then_export_round_trips_through_the_command_line(tmp_path: Path) -> None:
    call_command("import_package", str(MINI), org="acme")
    call_command("export_package", "mini-academy", str(tmp_path / "out"), org="acme")
    exported = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert exported == {
        "package.yaml",
        "modules/basics.yaml",
        "modules/questions.yaml",
        "modules/closing-talk.yaml",
        "media/ear.svg",
    }
    call_command("export_package", "mini-academy", str(tmp_path / "out.zip"), org="acme")
    call_command("import_package", str(tmp_path / "out.zip"), org="globex")
    call_command("export_package", "mini-academy", str(tmp_path / "again"), org="globex")
    for name in exported:
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "out" / name).read_bytes()


@pytest.mark.django_db
def test_import_of_an_invalid_package_fails_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"nothing was imported"):
        call_command("import_package", str(tmp_path / "missing"), org="acme")
    assert not m.ContentPackage.objects.exists()


@pytest.mark.django_db
def test_export_of_an_unknown_package_says_so(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no package 'nope' in organization 'acme'"):
        call_command("export_package", "nope", str(tmp_path / "x"), org="acme")


def test_database_url_accepts_an_absolute_sqlite_path_and_tunes_sqlite() -> None:
    config = database_from_url("sqlite:////var/lib/skillpath/db.sqlite3")
    assert config["NAME"] == "/var/lib/skillpath/db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    pg = database_from_url("postgres://u:p@db.internal:5432/skillpath")
    assert (pg["ENGINE"], pg["HOST"], pg["NAME"]) == ("django.db.backends.postgresql", "db.internal", "skillpath")
    assert pg["OPTIONS"]["prepare_threshold"] == 5  # Django turns prepared statements off unless told


def test_prepared_statements_can_be_turned_off_for_a_pooler_and_a_bad_setting_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SKILLPATH_PG_PREPARE_AFTER", "0")
    assert database_from_url("postgres://db.internal/skillpath")["OPTIONS"]["prepare_threshold"] is None
    monkeypatch.setenv("SKILLPATH_PG_PREPARE_AFTER", "often")
    with pytest.raises(ImproperlyConfigured, match=r"SKILLPATH_PG_PREPARE_AFTER must be a whole number.*'often'"):
        database_from_url("postgres://db.internal/skillpath")


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "validate PATH" in capsys.readouterr().out
