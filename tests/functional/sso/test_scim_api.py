"""SCIM 2.0 at /scim/v2/: scoping to the token's organization, deactivation that keeps people, teams, managers."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from skillpath import clock
from skillpath.people.models import Organization, Person, Team
from skillpath.sso import scim
from skillpath.sso import scim_schemas as schema
from skillpath.sso.models import ScimToken
from tests.functional.sso.conftest import make_person

USER = schema.USER


def call(client: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = json.dumps(body) if body is not None else ""
    response = getattr(client, method)(f"/scim/v2{path}", data=data, content_type="application/scim+json", **headers)
    return response.status_code, (response.json() if response.content else None)


def new_user(client: Client, token: str, user_name: str, **extra: Any) -> dict[str, Any]:
    status, body = call(client, "post", "/Users", token, {"schemas": [USER], "userName": user_name, **extra})
    assert status == 201, body
    return body  # type: ignore[no-any-return]


def test_no_token_or_a_revoked_one_is_refused(client: Client, orgs: Any, tokens: tuple[str, str]) -> None:
    assert call(client, "get", "/Users", None)[0] == 401
    assert call(client, "get", "/Users", "scim_not-a-token")[0] == 401
    token = ScimToken.objects.get(organization=orgs[0])
    scim.token_revoke(orgs[0], token.pk, now=clock.now())
    status, body = call(client, "get", "/Users", tokens[0])
    assert status == 401 and "revoked" in body["detail"]
    assert call(client, "get", "/Users", tokens[1])[0] == 200


def test_one_organizations_token_never_touches_another(client: Client, orgs: Any, tokens: tuple[str, str]) -> None:
    a_token, b_token = tokens
    theirs = make_person(orgs[1], "bob@globex.test")
    mine = new_user(client, a_token, "ann@acme.test")
    status, listing = call(client, "get", "/Users", a_token)
    assert status == 200 and [r["userName"] for r in listing["Resources"]] == ["ann@acme.test"]
    assert call(client, "get", '/Users?filter=userName eq "bob@globex.test"', a_token)[1]["totalResults"] == 0
    for method, body in (
        ("get", None),
        ("put", {"schemas": [USER], "userName": "x@acme.test"}),
        ("patch", {"schemas": [schema.PATCH], "Operations": [{"op": "replace", "path": "active", "value": False}]}),
        ("delete", None),
    ):
        assert call(client, method, f"/Users/{theirs.pk}", a_token, body)[0] == 404, method
    theirs.user.refresh_from_db()
    assert theirs.user.is_active and theirs.user.username == "bob@globex.test"
    # org B cannot take org A's person as a manager or a team member, nor see A's teams
    manager = {schema.ENTERPRISE: {"manager": {"value": mine["id"]}}}
    carl: dict[str, Any] = {"schemas": [USER, schema.ENTERPRISE], "userName": "carl@globex.test", **manager}
    status, body = call(client, "post", "/Users", b_token, carl)
    assert status == 400 and "not a User of this organization" in body["detail"]
    status, body = call(
        client,
        "post",
        "/Groups",
        b_token,
        {"schemas": [schema.GROUP], "displayName": "Sales", "members": [{"value": mine["id"]}]},
    )
    assert status == 400
    group = call(client, "post", "/Groups", a_token, {"schemas": [schema.GROUP], "displayName": "Sales"})[1]
    assert call(client, "get", f"/Groups/{group['id']}", b_token)[0] == 404
    assert call(client, "get", "/Groups", b_token)[1]["totalResults"] == 0
    # the same userName cannot be taken in another organization
    status, body = call(client, "post", "/Users", b_token, {"schemas": [USER], "userName": "ann@acme.test"})
    assert status == 409 and body["scimType"] == "uniqueness"


def test_deactivation_keeps_the_person_and_stops_sign_in(client: Client, orgs: Any, tokens: tuple[str, str]) -> None:
    a_token = tokens[0]
    created = new_user(client, a_token, "dee@acme.test", emails=[{"value": "dee@acme.test", "primary": True}])
    person = Person.objects.get(pk=created["id"])
    person.user.set_password("pw-123456")
    person.user.save()
    assert Client().login(username="dee@acme.test", password="pw-123456")
    patch = {"schemas": [schema.PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]}
    status, body = call(client, "patch", f"/Users/{person.pk}", a_token, patch)
    assert status == 200 and body["active"] is False
    assert not Client().login(username="dee@acme.test", password="pw-123456")
    # DELETE: gone from SCIM, kept in SkillPath; the same userName brings the same person back
    assert call(client, "delete", f"/Users/{person.pk}", a_token)[0] == 204
    assert call(client, "get", f"/Users/{person.pk}", a_token)[0] == 404
    assert Person.objects.filter(pk=person.pk).exists()
    again = new_user(client, a_token, "dee@acme.test")
    assert again["id"] == str(person.pk) and again["active"] is True


def test_teams_and_managers(client: Client, orgs: Any, tokens: tuple[str, str]) -> None:
    a_token = tokens[0]
    boss = new_user(client, a_token, "boss@acme.test")
    ann = new_user(
        client,
        a_token,
        "ann@acme.test",
        **{
            "schemas": [USER, schema.ENTERPRISE],
            schema.ENTERPRISE: {"manager": {"value": boss["id"]}},
        },
    )
    assert ann[schema.ENTERPRISE]["manager"]["value"] == boss["id"]
    person = Person.objects.get(pk=ann["id"])
    assert person.manager_id == int(boss["id"]) and Person.objects.get(pk=boss["id"]).is_manager
    sales = call(
        client,
        "post",
        "/Groups",
        a_token,
        {"schemas": [schema.GROUP], "displayName": "Sales", "members": [{"value": ann["id"]}]},
    )[1]
    assert Person.objects.get(pk=ann["id"]).team == Team.objects.get(pk=sales["id"])
    support = call(client, "post", "/Groups", a_token, {"schemas": [schema.GROUP], "displayName": "Support"})[1]
    add = {"schemas": [schema.PATCH], "Operations": [{"op": "add", "path": "members", "value": [{"value": ann["id"]}]}]}
    status, body = call(client, "patch", f"/Groups/{support['id']}", a_token, add)
    assert status == 200 and [m["value"] for m in body["members"]] == [ann["id"]]
    assert "members" not in call(client, "get", f"/Groups/{sales['id']}", a_token)[1]  # one team at a time
    status, body = call(client, "post", "/Groups", a_token, {"schemas": [schema.GROUP], "displayName": "Sales"})
    assert status == 409
    assert call(client, "delete", f"/Groups/{support['id']}", a_token)[0] == 204
    assert Person.objects.get(pk=ann["id"]).team is None


def test_filters_and_bad_input_get_scim_errors(client: Client, orgs: Any, tokens: tuple[str, str]) -> None:
    a_token = tokens[0]
    new_user(client, a_token, "ann@acme.test", externalId="E-1")
    status, body = call(client, "get", '/Users?filter=externalId eq "E-1"', a_token)
    assert status == 200 and body["totalResults"] == 1
    new_user(client, a_token, "bob@acme.test", externalId="E-2")
    either = 'userName eq "ann@acme.test" or userName eq "bob@acme.test" and externalId eq "E-9"'
    assert [r["userName"] for r in call(client, "get", f"/Users?filter={either}", a_token)[1]["Resources"]] == [
        "ann@acme.test"
    ]  # "and" binds tighter than "or"
    status, body = call(client, "get", '/Users?filter=title co "x"', a_token)
    assert status == 400 and body["scimType"] == "invalidFilter"
    response = client.post(
        "/scim/v2/Users", data="{not json", content_type="application/scim+json", HTTP_AUTHORIZATION=f"Bearer {a_token}"
    )
    assert response.status_code == 400 and response.json()["scimType"] == "invalidSyntax"
    status, body = call(client, "post", "/Users", a_token, {"schemas": [USER]})
    assert status == 400 and "userName" in body["detail"]
    assert call(client, "get", "/Users/abc", a_token)[0] == 404
    assert get_user_model().objects.count() == 2
    assert Organization.objects.count() == 2
