"""The JSON API, version 1 (django-ninja): ``/api/v1/``, its OpenAPI document at ``/api/v1/openapi.json``
and interactive docs at ``/api/v1/docs`` (Swagger UI from django-ninja's own static files: no CDN, no inline
script). Errors are problem+json (``problems.py``), authentication and scopes are ``auth.py``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from skillpath.api.auth import BrowserSession, TokenAuth
from skillpath.api.problems import PROBLEM_JSON, problems_install
from skillpath.api.routes_admin import router as admin_router
from skillpath.api.routes_content import router as content_router
from skillpath.api.routes_credentials import router as credentials_router
from skillpath.api.routes_learner import router as learner_router
from skillpath.api.routes_team import router as team_router


class SkillPathAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        """The document as ninja writes it, with every error answer's media type set to problem+json."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if "application/zip" in content:  # a download: only the file, not ninja's JSON default
                        content.pop("application/json", None)
                    if int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


api = SkillPathAPI(
    title="SkillPath API",
    version="1",
    description="The learner's, manager's and admin's operations of SkillPath as JSON. Authenticate with an API "
    "token (`Authorization: Bearer sp_…`, made under Settings → API tokens) or the browser session (CSRF on writes).",
    urls_namespace="api-v1",
    auth=[TokenAuth(), BrowserSession(csrf=True)],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems_install(api)
for router in (learner_router, team_router, admin_router, content_router, credentials_router):
    api.add_router("", router)
