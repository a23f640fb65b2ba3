"""Manager and admin endpoints: scoped exactly like the Team, report and People pages."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from skillpath.content.services import organization_ensure
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.functional.api.conftest import api_for
from tests.functional.test_insights_pages import team as reporting_tree
from tests.helpers import edit_yaml, mini_source
from tests.integration.learning_helpers import learner

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n"  # the start a .png must have


def test_a_manager_sees_direct_and_indirect_reports_only(now: datetime) -> None:
    people = reporting_tree(now)
    rows = api_for(people["boss"], "read", now).get("/team").json()["rows"]
    assert {r["name"] for r in rows["items"]} == {"Lead", "Report 0", "Report 1", "Report 2"} and rows["count"] == 4
    lead = api_for(people["lead"], "read", now)
    assert {r["name"] for r in lead.get("/team").json()["rows"]["items"]} == {"Report 0", "Report 1", "Report 2"}
    assert lead.get(f"/team/{people['r0'].pk}").json()["person"]["name"] == "Report 0"
    assert lead.get(f"/team/{people['outsider'].pk}").status_code == 404
    assert lead.get(f"/team/{people['boss'].pk}").status_code == 404
    assert api_for(people["r0"], "read", now).get("/team").status_code == 404


def test_team_rows_come_a_bounded_page_at_a_time(now: datetime) -> None:
    people = reporting_tree(now, size=5)
    api = api_for(people["lead"], "read", now)
    first = api.get("/team", limit=2).json()["rows"]
    second = api.get("/team", limit=2, offset=2).json()["rows"]
    assert first["count"] == 5 and len(first["items"]) == 2 and len(second["items"]) == 2
    assert {r["person_id"] for r in first["items"]}.isdisjoint(r["person_id"] for r in second["items"])
    assert api.get("/team", limit=201).status_code == 422


def test_another_organization_is_never_visible(now: datetime) -> None:
    people = reporting_tree(now)
    gil = learner(now, org="globex", email="gil@globex.test")
    boss = person_upsert(
        organization_ensure("globex"),
        PersonSpec("gus@globex.test", "Gus", is_admin=True, is_manager=True),
        password=None,
        today=now.date(),
    )
    api = api_for(boss, "admin", now)
    assert {r["name"] for r in api.get("/team").json()["rows"]["items"]} == {gil.name}
    assert api.get(f"/team/{people['r0'].pk}").status_code == 404
    assert api.get(f"/people/{people['r0'].pk}").status_code == 404
    assert api.post(f"/people/{people['r0'].pk}/deactivate").status_code == 404
    assert {p["email"] for p in api.get("/people").json()["items"]} == {"gil@globex.test", "gus@globex.test"}


def _admin(now: datetime) -> Person:
    return person_upsert(
        organization_ensure("acme"), PersonSpec("ada@acme.test", "Ada", is_admin=True), password=None, today=now.date()
    )


def test_an_admin_lists_creates_updates_and_deactivates_people(lee: Person, now: datetime) -> None:
    api = api_for(_admin(now), "admin", now)
    listed = api.get("/people", limit=1).json()
    assert listed["count"] == 2 and [p["name"] for p in listed["items"]] == ["Ada"]
    body = {
        "email": "Sam@acme.test",
        "name": "Sam",
        "roles": [{"role": "seller"}],
        "team": "Sales",
        "manager_email": "lee@acme.test",
    }
    created = api.post("/people", body)
    assert created.status_code == 201, created.content
    sam = created.json()
    assert (sam["email"], sam["team"], sam["manager_email"], sam["active"]) == (
        "sam@acme.test",
        "Sales",
        "lee@acme.test",
        True,
    )
    assert sam["roles"][0]["role"] == "seller"
    assert api.post("/people", body).status_code == 409
    changed = api.put(f"/people/{sam['id']}", {**body, "name": "Samira", "team": None, "is_manager": True}).json()
    assert (changed["name"], changed["team"], changed["is_manager"]) == ("Samira", None, True)
    moved = api.put(f"/people/{sam['id']}", {**body, "email": "other@acme.test"})
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "body.email"
    bad_role = api.post("/people", {"email": "new@acme.test", "name": "New", "roles": [{"role": "astronaut"}]})
    assert bad_role.status_code == 422 and "astronaut" in bad_role.json()["detail"]
    assert not Person.objects.filter(user__username="new@acme.test").exists()
    # Longer than the database keeps (PostgreSQL refuses what SQLite would store): a 422 naming the field.
    long_email = "a" * 150 + "@acme.test"
    for field, value in (("email", long_email), ("manager_email", long_email), ("team", "T" * 121)):
        too_long = api.post("/people", {"email": "new@acme.test", "name": "New", field: value})
        assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == f"body.{field}", field
    assert not Person.objects.filter(user__username="new@acme.test").exists()
    gone = api.post(f"/people/{sam['id']}/deactivate").json()
    assert gone["active"] is False and Person.objects.filter(pk=sam["id"]).exists()


def test_people_and_roles_are_admins_only_and_writes_need_an_admin_token(lee: Person, now: datetime) -> None:
    assert api_for(lee, "learner", now).get("/people").status_code == 403
    assert api_for(lee, "learner", now).get("/roles").status_code == 403
    admin = _admin(now)
    assert api_for(admin, "learner", now).post("/people", {"email": "a@acme.test", "name": "A"}).status_code == 403
    roles = api_for(admin, "read", now).get("/roles").json()
    assert roles[0]["slug"] == "seller" and roles[0]["levels"]
    refused = api_for(admin, "admin", now).post(f"/people/{admin.pk}/deactivate")
    assert refused.status_code == 409


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_content_packages_import_export_and_refuse_invalid_ones_whole(lee: Person, now: datetime) -> None:
    admin = _admin(now)
    api = api_for(admin, "admin", now)
    listed = api.get("/content/packages").json()
    assert [(p["slug"], p["version"]) for p in listed] == [("mini-academy", "1.0.0")]
    slug = "mini-academy"
    exported = api.get(f"/content/packages/{slug}/export")
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    upload = Client()

    def post(data: bytes) -> Any:
        return upload.post("/api/v1/content/packages", {"file": io.BytesIO(data)}, **api.auth)

    same = post(exported.content)
    assert same.status_code == 200 and same.json()["status"] == "unchanged"
    broken = edit_yaml(mini_source(), "package.yaml", lambda d: d.update(version="9.0.0", skills=[]))
    refused = post(_zip(broken))
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"] and all(e["field"] for e in refused.json()["errors"])
    assert api.get("/content/packages").json()[0]["version"] == listed[0]["version"]
    assert post(b"not a zip").status_code == 422
    newer = edit_yaml(mini_source(), "package.yaml", lambda d: d.update(version="1.1.0"))
    large = post(_zip({**newer, "media/big.png": PNG + bytes(range(256)) * 2048}))  # 512 KB: past the usual bound
    assert large.status_code == 200, large.content
    assert (large.json()["status"], large.json()["version"]) == ("updated", "1.1.0")
    assert api_for(lee, "read", now).get("/content/packages").status_code == 403
