"""Each organization's issuer identity: a ``did:web`` DID under SKILLPATH_PUBLIC_URL whose DID document lists
every key the organization has signed with.

``SKILLPATH_PUBLIC_URL`` ``https://learn.acme.example.com`` and the organization ``northwind`` give the DID
``did:web:learn.acme.example.com:orgs:northwind``, which standard resolvers fetch from
``https://learn.acme.example.com/orgs/northwind/did.json`` (a port is kept percent-encoded:
``did:web:127.0.0.1%3A8000:orgs:northwind``). Proofs name a key of that document as
``did:web:…:orgs:northwind#z6Mk…`` (the fragment is the key's multibase), and the credential's issuer id is
the DID itself, so a verifier's "the issuer controls the signing key" check passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def _did_web_base(public_url: str) -> str:
    parts = urlsplit(public_url)
    authority = parts.hostname or "localhost"
    if parts.port is not None:
        authority += f":{parts.port}"
    segments = [quote(authority, safe="")] + [quote(s, safe="") for s in parts.path.split("/") if s]
    return "did:web:" + ":".join(segments)


def issuer_did(org_slug: str) -> str:
    """The organization's DID (its issuer id in every credential it signs)."""
    return f"{_did_web_base(settings.PUBLIC_URL)}:orgs:{org_slug}"


def key_id(org_slug: str, public_multibase: str) -> str:
    """The verification method id of one of the organization's keys: ``<DID>#<multibase>``."""
    return f"{issuer_did(org_slug)}#{public_multibase}"


@dataclass(frozen=True)
class MethodRef:
    """A verification method URL taken apart: ``did`` (without fragment) and ``fragment``."""

    did: str
    fragment: str

    @property
    def method(self) -> str:
        return self.did.split(":", 2)[1] if self.did.count(":") >= 2 else ""

    @property
    def skillpath_org(self) -> str | None:
        """The organization slug when this is a SkillPath issuer DID (``…:orgs:<slug>``), on any host."""
        if self.method != "web":
            return None
        segments = [unquote(s) for s in self.did.split(":")[2:]]
        if len(segments) >= 3 and segments[-2] == "orgs" and segments[-1]:
            return segments[-1]
        return None

    def document_url(self) -> str:
        """Where ``did:web`` resolution fetches this DID's document (always https, as the method says)."""
        segments = [unquote(s) for s in self.did.split(":")[2:]]
        host, path = segments[0], segments[1:]
        tail = "/".join(quote(s, safe="") for s in path) + "/did.json" if path else ".well-known/did.json"
        return f"https://{host}/{tail}"


def method_ref(verification_method: str) -> MethodRef | None:
    """``did:…#fragment`` taken apart; None for anything that is not a DID URL with a fragment."""
    did, sep, fragment = verification_method.partition("#")
    if not sep or not fragment or not did.startswith("did:") or did.count(":") < 2:
        return None
    return MethodRef(did, fragment)


def did_document(org_slug: str, keys: Iterable[str]) -> dict[str, Any]:
    """The organization's DID document: every key (current and rotated) as a Multikey assertion method.

    Rotated keys stay listed so that what they signed keeps verifying with any standard verifier.
    """
    did = issuer_did(org_slug)
    methods = [{"id": f"{did}#{key}", "type": "Multikey", "controller": did, "publicKeyMultibase": key} for key in keys]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "alsoKnownAs": [f"{settings.PUBLIC_URL}/orgs/{org_slug}/issuer"],
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
