"""Digital Bazaar's verifier (npm ``@digitalbazaar/vc``, default mode, status check on) on credentials SkillPath
issued, resolving the issuer's did:web DID from the live test server and nothing else."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from skillpath.content.services import organization_ensure
from skillpath.credentials.identity import issuer_did
from skillpath.demo.people import ORG_NAME, ORG_SLUG
from tests.integration.credentials.issued import issue_a_set, re_signed

SCRIPT = Path(__file__).with_name("dbverify.mjs")
ROOT = Path(__file__).parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def run_verifier(server: str, now: datetime, credentials: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        pytest.fail("node and the npm devDependencies are needed: run `make install` (npm ci)")
    request = json.dumps({"server": server, "now": now.isoformat(), "credentials": credentials})
    started = time.monotonic()
    done = subprocess.run([node, str(SCRIPT)], input=request, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    print(f"[dbverify] {len(credentials)} credentials in {time.monotonic() - started:.1f} s:\n{done.stdout}")
    return answer


def test_digital_bazaar_verifies_genuine_credentials_and_refuses_forgeries(live_server: Any, settings: Any) -> None:
    settings.PUBLIC_URL = live_server.url
    organization_ensure(ORG_SLUG, ORG_NAME)  # the demo's issuer (its simulated history earns no certificate)
    start = datetime.now(UTC) - timedelta(days=16)
    issued = issue_a_set(start, ORG_SLUG)
    fresh = issued.fresh.credential
    credentials = {
        "fresh": fresh,
        "rotated": issued.rotated.credential,
        "revoked": issued.revoked.credential,
        "tampered": {**fresh, "name": "Certified Astronaut"},
        "forged-did-key": re_signed(fresh, name="Certified Astronaut"),
        "forged-as-issuer-key": re_signed(fresh, method=issuer_did(ORG_SLUG), name="Certified Astronaut"),
    }
    answers = run_verifier(live_server.url, datetime.now(UTC), credentials)

    assert answers["fresh"] == {"verified": True, "revoked": False, "statusVerified": True, "errors": []}
    assert answers["rotated"] == {"verified": True, "revoked": False, "statusVerified": True, "errors": []}
    assert answers["revoked"]["verified"] is True and answers["revoked"]["revoked"] is True  # signed, then revoked
    assert answers["tampered"]["verified"] is False
    assert any("Invalid signature" in e for e in answers["tampered"]["errors"])
    assert answers["forged-did-key"]["verified"] is False
    assert any("issuer must match the verification method controller" in e for e in answers["forged-did-key"]["errors"])
    assert answers["forged-as-issuer-key"]["verified"] is False
    slug_path = f"/orgs/{ORG_SLUG}/"
    assert answers["_fetched"] == [f"{slug_path}did.json", f"{slug_path}status/revocation"]
    assert live_server.url == django_settings.PUBLIC_URL
