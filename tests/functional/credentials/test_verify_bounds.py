"""Whatever a stranger posts to /verify/, the answer is a 4xx or a "not valid" verdict that says what is wrong:
never a 5xx, never unbounded work. Public credential endpoints are rate-limited per client address."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from skillpath.credentials.models import Certificate
from skillpath.credentials.signing import sign
from tests.integration.credentials.issued import certify

pytestmark = pytest.mark.django_db
JSON: dict[str, Any] = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def cert() -> Certificate:
    return certify("ann@acme.example.com", datetime.now(UTC) - timedelta(days=16))[1]


def changed(credential: dict[str, Any], **values: Any) -> dict[str, Any]:
    return {**credential, **values}


MALFORMED: list[tuple[str, Any, str]] = [  # (what, how to change the credential, a word the verdict must say)
    ("a proof that is a string", {"proof": "z3abc"}, "proof must be an object or a list of objects, not a string"),
    ("a proof that is a list of numbers", {"proof": [1, 2, 3]}, "proof[0] must be an object, not a number"),
    ("a validFrom that is not a date", {"validFrom": "last Tuesday"}, "validFrom is missing or not a date"),
    ("a validUntil that is a number", {"validUntil": 20270101}, "validUntil is not a date"),
    ("nested arrays as the subject", {"credentialSubject": [[[[]]]]}, "Not a valid AchievementCredential"),
    ("an issuer that is a list", {"issuer": [["did:web:x"]]}, "Not a valid AchievementCredential"),
    ("an inline @context object", {"@context": [{"@vocab": "https://evil.example/"}]}, "unknown JSON-LD context"),
    ("evidence that is a number", {"evidence": 7}, "Not a valid AchievementCredential"),
    ("a proof whose verificationMethod is a number", "vm-number", "not a DID URL with a key fragment"),
    ("no @context at all", "no-context", "unknown JSON-LD context"),
    ("a subject that is a string", {"credentialSubject": "me"}, "Not a valid AchievementCredential"),
]


@pytest.mark.parametrize(("what", "change", "says"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_credential_gets_a_specific_not_valid_verdict(
    client: Client, cert: Certificate, what: str, change: Any, says: str
) -> None:
    document = dict(cert.credential)
    if change == "vm-number":
        document["proof"] = [{**document["proof"][0], "verificationMethod": 5}]
    elif change == "no-context":
        document.pop("@context")
    else:
        document.update(change)
    for headers in (JSON, {}):
        response = client.post("/verify/", {"credential": json.dumps(document)}, **headers)
        assert response.status_code == 200, (what, response.status_code)
        text = json.dumps(response.json()) if headers else response.content.decode()
        assert "Not valid" in text and says.lower() in text.replace("&#x27;", "'").lower(), (what, text[:2000])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 5000 + "]" * 5000, "nested"),
        ('{"a": ' * 200 + "1" + "}" * 200, "nested more than 16 levels"),
        ("1" * 5000, "cannot be read"),
        ('"just a string"', "expected a JSON object"),
        ("{not json", "This is not JSON"),
        (json.dumps({"proof": [{}] * 9, "@context": []}), "9 proofs"),
        (json.dumps({"@context": ["x"] * 9}), "9 contexts"),
        (json.dumps({"a": list(range(3000))}), "more than 600 values"),
        (json.dumps({"credentialSubject": {"id": "_:b0", "knows": {"@id": "_:b0"}}}), "Blank node identifiers"),
    ],
)
def test_hostile_json_is_answered_with_what_is_wrong(client: Client, text: str, says: str) -> None:
    response = client.post("/verify/", {"credential": text}, **JSON)
    assert response.status_code in (200, 422), response.status_code
    assert says in json.dumps(response.json())


def test_a_request_larger_than_a_credential_could_be_is_refused_before_it_is_read(client: Client) -> None:
    huge = json.dumps({"name": "x" * 600_000})
    started = time.monotonic()
    response = client.post("/verify/", {"credential": huge}, **JSON)
    assert response.status_code == 413 and "larger than 64 KB" in response.json()["error"]
    upload = SimpleUploadedFile("big.json", huge.encode(), content_type="application/json")
    assert client.post("/verify/", {"file": upload}).status_code == 413
    assert time.monotonic() - started < 2
    binary = SimpleUploadedFile("badge.png", b"\x89PNG\r\n\x1a\n\xff\xfe", content_type="image/png")
    response = client.post("/verify/", {"file": binary})
    assert response.status_code == 422 and "not UTF-8 text" in response.content.decode()


def test_a_poison_graph_of_many_blank_nodes_is_refused_quickly(client: Client, cert: Certificate) -> None:
    from skillpath.credentials.keys import private_key
    from skillpath.credentials.models import SigningKey

    key = SigningKey.objects.get(organization=cert.organization, retired_at=None)
    document = {k: v for k, v in cert.credential.items() if k != "proof"}
    document["evidence"] = [{"type": "Evidence", "name": "same"} for _ in range(150)]
    signed = sign(
        document,
        private_key(key),
        verification_method=cert.credential["proof"][0]["verificationMethod"],
        created="2026-01-01T00:00:00Z",
    )
    started = time.monotonic()
    answer = client.post("/verify/", {"credential": json.dumps(signed)}, **JSON).json()
    assert time.monotonic() - started < 2
    assert answer["status"] == "invalid" and "more than 100 objects" in json.dumps(answer)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
credential_keys = st.sampled_from(
    [
        "@context",
        "id",
        "type",
        "issuer",
        "validFrom",
        "validUntil",
        "credentialSubject",
        "proof",
        "credentialStatus",
        "evidence",
        "name",
    ]
)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replaced=st.dictionaries(credential_keys, json_values, max_size=4), anything=json_values, text=st.text())
def test_no_generated_json_or_text_gets_a_5xx(
    client: Client, cert: Certificate, replaced: dict[str, Any], anything: Any, text: str
) -> None:
    from django.core.cache import cache

    cache.clear()  # the fuzzer is one client sending far more than the rate limit allows
    for body in (json.dumps({**cert.credential, **replaced}), json.dumps(anything), text):
        for headers in (JSON, {}):
            response = client.post("/verify/", {"credential": body}, **headers)
            assert response.status_code < 500, (body[:500], response.status_code)


def test_public_credential_endpoints_are_rate_limited_per_client_address(client: Client, cert: Certificate) -> None:
    for _ in range(20):
        assert client.post("/verify/", {"credential": "{}"}, **JSON).status_code == 200
    limited = client.post("/verify/", {"credential": "{}"}, **JSON)
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "Too many requests" in limited.json()["error"]
    assert client.post("/verify/", {"credential": "{}"}, REMOTE_ADDR="10.1.2.3", **JSON).status_code == 200
    for _ in range(120):
        assert client.get("/orgs/acme/did.json").status_code == 200
    assert client.get("/orgs/acme/status/revocation").status_code == 429
    assert client.get(f"/credentials/{cert.id}/status.json").status_code == 200  # another budget


def test_the_costliest_credential_within_the_bounds_is_verified_in_about_a_second(
    client: Client, cert: Certificate
) -> None:
    from tests.integration.credentials.issued import re_signed

    evidence = [{"type": ["Evidence"], "name": f"n{i}", "narrative": "y"} for i in range(80)]
    document = re_signed({**cert.credential, "evidence": evidence})  # signed, so every check runs
    started = time.monotonic()
    answer = client.post("/verify/", {"credential": json.dumps(document)}, **JSON).json()
    elapsed = time.monotonic() - started
    assert "belongs to no issuer known here" in json.dumps(answer)  # went through canonicalization and signature
    assert elapsed < 3, f"{elapsed:.2f} s"  # about 0.3 s on an idle machine; 3 s leaves room for a busy one
    print(f"[verify] the costliest credential within the bounds: {elapsed:.2f} s")
