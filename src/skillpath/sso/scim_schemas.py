"""What SkillPath's SCIM service publishes about itself (RFC 7643 §5–7): the attributes it keeps, and no others.

The schemas name only what SkillPath stores, so a client (and the compliance checker, which builds its models
from them) never sends an attribute that would be silently dropped.
"""

from __future__ import annotations

from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"

MAX_RESULTS = 200


def _attr(
    name: str,
    description: str,
    *,
    type_: str = "string",
    required: bool = False,
    multi: bool = False,
    mutability: str = "readWrite",
    returned: str = "default",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
    reference_types: list[str] | None = None,
    canonical: list[str] | None = None,
) -> dict[str, Any]:
    attr: dict[str, Any] = {
        "name": name,
        "type": type_,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attr["subAttributes"] = sub
    if reference_types is not None:
        attr["referenceTypes"] = reference_types
    if canonical is not None:
        attr["canonicalValues"] = canonical
    return attr


def _schema(id_: str, name: str, description: str, attributes: list[dict[str, Any]], location: str) -> dict[str, Any]:
    return {
        "schemas": [SCHEMA],
        "id": id_,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{location}/Schemas/{id_}"},
    }


def schemas(location: str) -> list[dict[str, Any]]:
    user = _schema(
        USER,
        "User",
        "A person of the organization (their account and membership).",
        [
            _attr("userName", "The sign-in name, unique across SkillPath.", required=True, uniqueness="server"),
            _attr(
                "name",
                "The person's name.",
                type_="complex",
                sub=[
                    _attr("formatted", "The full name, as displayed."),
                    _attr("familyName", "Family name."),
                    _attr("givenName", "Given name."),
                ],
            ),
            _attr("displayName", "The name SkillPath shows."),
            _attr(
                "emails",
                "E-mail address; SkillPath keeps one (the primary).",
                type_="complex",
                multi=True,
                sub=[
                    _attr("value", "The address."),
                    _attr("type", "work, home or other.", canonical=["work", "home", "other"]),
                    _attr("primary", "The preferred address.", type_="boolean"),
                ],
            ),
            _attr("active", "False: deactivated (cannot sign in; history and certificates are kept).", type_="boolean"),
        ],
        location,
    )
    enterprise = _schema(
        ENTERPRISE,
        "EnterpriseUser",
        "The person's manager.",
        [
            _attr(
                "manager",
                "The person's manager (a User of the same organization).",
                type_="complex",
                sub=[
                    _attr("value", "The manager's id."),
                    _attr("$ref", "The manager's URI.", type_="reference", reference_types=["User"]),
                ],
            )
        ],
        location,
    )
    group = _schema(
        GROUP,
        "Group",
        "A team of the organization.",
        [
            _attr("displayName", "The team's name, unique in the organization.", required=True),
            _attr(
                "members",
                "The team's people (a person is in one team at a time).",
                type_="complex",
                multi=True,
                sub=[
                    _attr("value", "The person's id.", mutability="immutable"),
                    _attr(
                        "$ref", "The person's URI.", type_="reference", reference_types=["User"], mutability="immutable"
                    ),
                    _attr("type", "Always User.", mutability="immutable", canonical=["User"]),
                ],
            ),
        ],
        location,
    )
    return [user, enterprise, group]


def resource_types(location: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": [RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "People",
            "schema": USER,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{location}/ResourceTypes/User"},
        },
        {
            "schemas": [RESOURCE_TYPE],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "Teams",
            "schema": GROUP,
            "meta": {"resourceType": "ResourceType", "location": f"{location}/ResourceTypes/Group"},
        },
    ]


def service_provider_config(location: str, docs: str) -> dict[str, Any]:
    return {
        "schemas": [CONFIG],
        "documentationUri": docs,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token an admin of the organization creates on SkillPath's SSO page.",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{location}/ServiceProviderConfig"},
    }
