"""W3C Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (Ed25519 over RDF-canonicalized JSON-LD).

Canonicalization is URDNA2015 with ``pyld``, through a document loader that serves only the JSON-LD
contexts bundled with the app: nothing is fetched at run time, and a credential that uses any other
context is refused rather than silently half-signed.
"""

from __future__ import annotations

import hashlib
import json
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _
from pyld import jsonld

CONTEXTS = Path(__file__).parent / "contexts"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CONTEXT_FILES = {
    VC_CONTEXT: "credentials-v2-context.jsonld",
    OB_CONTEXT: "ob-context-3.0.3.json",
    DID_CONTEXT: "did-v1.jsonld",  # DID documents (issuer keys)
    MULTIKEY_CONTEXT: "multikey-v1.jsonld",
}
ED25519_PUB_PREFIX = b"\xed\x01"  # multicodec ed25519-pub


class ProofError(ValueError):
    """A proof could not be made or checked; the message says why."""


@cache
def _context(url: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTEXTS / CONTEXT_FILES[url]).read_text())
    return data


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld loader serving the bundled contexts only."""
    if url not in CONTEXT_FILES:
        raise ProofError(
            _("unknown JSON-LD context {url}: only the VC 2.0, Open Badges 3.0, DID and Multikey contexts").format(
                url=url
            )
        )
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonical(document: dict[str, Any]) -> str:
    """The document as canonical N-Quads (URDNA2015)."""
    contexts = document.get("@context")
    for url in contexts if isinstance(contexts, list) else [contexts]:
        if not isinstance(url, str) or url not in CONTEXT_FILES:
            shown = url if isinstance(url, str) else type(url).__name__
            raise ProofError(
                _(
                    "unknown JSON-LD context {context}: only the VC 2.0 and Open Badges 3.0 contexts are accepted"
                ).format(context=repr(shown[:200]))
            )
    try:
        result = jsonld.normalize(
            document,
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader},
        )
    except jsonld.JsonLdError as exc:
        raise ProofError(
            _("the credential is not valid JSON-LD: {problem}").format(problem=str(exc).splitlines()[0][:300])
        ) from exc
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        # pyld assumes well-formed JSON-LD in places and fails with Python errors on some malformed input
        raise ProofError(
            _("the credential is not valid JSON-LD ({problem})").format(problem=type(exc).__name__)
        ) from exc
    return str(result)


def multibase_key(public: Ed25519PublicKey) -> str:
    """``z6Mk…``: an Ed25519 public key as multibase base58btc with its multicodec prefix."""
    raw = public.public_bytes_raw()
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode()


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ProofError(_("a key must be multibase base58btc (starting with 'z')"))
    try:
        raw = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ProofError(_("the key is not valid base58")) from exc
    if not raw.startswith(ED25519_PUB_PREFIX) or len(raw) != 34:
        raise ProofError(_("the key is not an Ed25519 public key"))
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _hashes(unsigned: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    options = {"@context": unsigned.get("@context"), **{k: v for k, v in proof_options.items() if k != "proofValue"}}
    proof_hash = hashlib.sha256(canonical(options).encode()).digest()
    document_hash = hashlib.sha256(canonical(unsigned).encode()).digest()
    return proof_hash + document_hash


def sign(
    document: dict[str, Any], private: Ed25519PrivateKey, *, verification_method: str, created: str
) -> dict[str, Any]:
    """A copy of ``document`` with an embedded ``DataIntegrityProof`` (as an array, as the OB schema wants)."""
    unsigned = {k: v for k, v in deepcopy(document).items() if k != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": "eddsa-rdfc-2022",
        "proofPurpose": "assertionMethod",
    }
    signature = private.sign(_hashes(unsigned, proof))
    proof["proofValue"] = "z" + base58.b58encode(signature).decode()
    return {**unsigned, "proof": [proof]}


MAX_PROOFS = 4


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's proofs (an object or a list of objects); ``ProofError`` says what is wrong otherwise."""
    proof = document.get("proof")
    if proof is None:
        raise ProofError(_("the credential has no proof"))
    proofs = [proof] if isinstance(proof, dict) else proof
    if not isinstance(proofs, list) or not proofs:
        raise ProofError(_("proof must be an object or a list of objects, not {kind}").format(kind=_kind(proof)))
    if len(proofs) > MAX_PROOFS:
        raise ProofError(
            _("the credential has {count} proofs; at most {most} are checked").format(
                count=len(proofs), most=MAX_PROOFS
            )
        )
    for i, item in enumerate(proofs):
        if not isinstance(item, dict):
            raise ProofError(_("proof[{i}] must be an object, not {kind}").format(i=i, kind=_kind(item)))
    return proofs


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    return {str: "a string", bool: "true/false", int: "a number", float: "a number", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def verify(document: dict[str, Any], public: Ed25519PublicKey, proof: dict[str, Any]) -> None:
    """Raise ``ProofError`` unless ``proof`` is a valid eddsa-rdfc-2022 signature of ``document`` by ``public``."""
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        raise ProofError(_("the proof is not a DataIntegrityProof with the eddsa-rdfc-2022 cryptosuite"))
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError(_("the proof's proofPurpose is not assertionMethod: it does not assert the credential"))
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError(_("the proof has no multibase proofValue"))
    try:
        signature = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ProofError(_("the proofValue is not valid base58")) from exc
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    try:
        public.verify(signature, _hashes(unsigned, proof))
    except InvalidSignature as exc:
        raise ProofError(_("the signature does not match: the credential was changed after signing")) from exc
