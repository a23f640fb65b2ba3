"""The OpenAPI document and the docs page the app serves."""

from __future__ import annotations

import collections
import json
from typing import Any

from django.test import Client


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    assert [k for k, n in collections.Counter(keys).items() if n > 1] == []
    return dict(pairs)


def test_the_document_is_openapi_3_1_with_every_error_as_problem_json(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    document = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)  # a JSON parser may not merge
    assert document["openapi"].startswith("3.1") and len(document["paths"]) >= 18
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for code, answer in operation["responses"].items():
                content = set(answer.get("content", {}))
                if int(code) >= 400:
                    assert content == {"application/problem+json"}, (path, code)
    export = document["paths"]["/api/v1/content/packages/{package}/export"]["get"]["responses"]["200"]
    assert set(export["content"]) == {"application/zip"}
    assert {"TokenAuth", "BrowserSession"} <= set(document["components"]["securitySchemes"])


def test_the_docs_page_loads_swagger_ui_from_the_app_with_no_inline_script(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    scripts = [line.strip() for line in html.splitlines() if "<script" in line]
    assert scripts == [
        '<script type="application/json" id="swagger-settings">',  # data, not code: the CSP allows it
        '<script src="/static/ninja/swagger-ui-bundle.js"></script>',
        '<script src="/static/ninja/swagger-ui-init.js"></script>',
    ]
    assert "http://" not in html and "https://" not in html
