"""Who signed a proof: the key a proof's ``verificationMethod`` names, and who controls it.

- ``did:web:…:orgs:<slug>#<key>`` naming a key of one of this SkillPath's organizations (on any host, so
  credentials keep verifying after a domain change): the key comes from the database, controlled by that DID.
- ``did:key:<key>#<key>``: the form of SkillPath credentials issued before issuer DIDs. The key is in the
  identifier; it is recognised only when it is one of an organization's keys.
- any other ``did:web``: another issuer; its DID document is fetched (bounded, see ``fetching``) and the key
  must be one of its assertion methods.
A key that belongs to nobody known stays ``known=False``: anyone can make a key, so it proves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from skillpath.credentials.fetching import FetchError, fetch_json
from skillpath.credentials.identity import MethodRef, issuer_did, method_ref
from skillpath.credentials.models import SigningKey
from skillpath.credentials.signing import ProofError, public_key_from_multibase


class Unresolved(ProofError):
    """The key could not be looked up (another issuer's DID document could not be fetched): not checked."""


@dataclass(frozen=True)
class Signer:
    public: Ed25519PublicKey
    controller: str  # the DID that controls the key
    key: SigningKey | None = None  # when it is one of this SkillPath's organizations' keys
    known: bool = False  # the key is bound to its controller (own key, or listed in a fetched DID document)
    legacy: bool = False  # a did:key proof of a SkillPath credential issued before issuer DIDs


def _own(multibase: str, slug: str | None) -> SigningKey | None:
    keys = SigningKey.objects.select_related("organization").filter(public_multibase=multibase)
    if slug is not None:
        keys = keys.filter(organization__slug=slug)
    return keys.first()


def _listed(document: Any, method: str, did: str) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("id") != did:
        raise ProofError(_("the DID document fetched for {did} is not that DID's document").format(did=did))
    methods = document.get("verificationMethod")
    found = (
        next((m for m in methods if isinstance(m, dict) and m.get("id") == method), None)
        if isinstance(methods, list)
        else None
    )
    assertion = document.get("assertionMethod")
    ids = (
        [a if isinstance(a, str) else a.get("id") for a in assertion or [] if isinstance(a, str | dict)]
        if (isinstance(assertion, list))
        else []
    )
    if found is None or method not in ids:
        raise ProofError(
            _("{did} does not list the key {method} as one of its assertion methods").format(did=did, method=method)
        )
    if found.get("controller") != did or not isinstance(found.get("publicKeyMultibase"), str):
        raise ProofError(_("the key {method} is not a Multikey controlled by {did}").format(method=method, did=did))
    return found


def _external(ref: MethodRef, method: str) -> Signer:
    try:
        document = fetch_json(ref.document_url())
    except FetchError as exc:
        raise Unresolved(_("the issuer's DID document could not be fetched: {reason}").format(reason=exc)) from exc
    found = _listed(document, method, ref.did)
    return Signer(public_key_from_multibase(found["publicKeyMultibase"]), ref.did, known=True)


def resolve_signer(method: Any) -> Signer:
    """The signer of a proof whose ``verificationMethod`` is ``method``; ``ProofError`` when it is unusable."""
    ref = method_ref(method) if isinstance(method, str) else None
    if ref is None:
        raise ProofError(_("the proof's verificationMethod is not a DID URL with a key fragment (did:…#key)"))
    if ref.method == "key":
        multibase = ref.did.removeprefix("did:key:")
        if ref.fragment != multibase:
            raise ProofError(_("the did:key verificationMethod's fragment does not name its own key"))
        public = public_key_from_multibase(multibase)
        key = _own(multibase, None)
        return Signer(public, ref.did, key, known=key is not None, legacy=key is not None)
    if ref.method != "web":
        raise ProofError(
            _("keys of did:{method} cannot be looked up here (did:web and did:key are)").format(method=ref.method[:40])
        )
    slug = ref.skillpath_org
    key = _own(ref.fragment, slug) if slug else None
    if key is not None:
        return Signer(public_key_from_multibase(key.public_multibase), ref.did, key, known=True)
    if slug and ref.did == issuer_did(slug):  # this SkillPath's own DID: its keys are all in the database
        raise ProofError(_("the signing key is not one of the keys of the issuer it names"))
    return _external(ref, method)
