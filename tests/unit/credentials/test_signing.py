"""The eddsa-rdfc-2022 proof, checked against the Open Badges 3.0 specification's own test vector."""

from __future__ import annotations

import hashlib
import json
from copy import deepcopy
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from skillpath.credentials.signing import (
    ProofError,
    canonical,
    multibase_key,
    proofs_of,
    public_key_from_multibase,
    sign,
    verify,
)

VECTOR = Path(__file__).parents[2] / "fixtures" / "openbadges" / "test-vector"
EXPECTED = json.loads((VECTOR / "expected.json").read_text())
SIGNED = json.loads((VECTOR / "signed-credential.json").read_text())
PRIVATE = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(EXPECTED["privateKeyHex"])[:32])


def unsigned() -> dict:  # type: ignore[type-arg]
    return {k: v for k, v in deepcopy(SIGNED).items() if k != "proof"}


def test_canonical_document_matches_the_vector() -> None:
    text = canonical(unsigned())
    assert text == (VECTOR / "document-canon.txt").read_text()
    assert hashlib.sha256(text.encode()).hexdigest() == EXPECTED["documentHashHex"]


def test_the_public_key_is_the_vectors_multibase_key() -> None:
    assert multibase_key(PRIVATE.public_key()) == EXPECTED["publicKeyMultibase"]
    assert (
        public_key_from_multibase(EXPECTED["publicKeyMultibase"]).public_bytes_raw().hex() == EXPECTED["publicKeyHex"]
    )


def test_signing_reproduces_the_vectors_proof_value_exactly() -> None:
    proof = SIGNED["proof"]
    signed = sign(unsigned(), PRIVATE, verification_method=proof["verificationMethod"], created=proof["created"])
    assert signed["proof"][0]["proofValue"] == proof["proofValue"]


def test_the_vector_verifies_and_any_change_breaks_it() -> None:
    public = public_key_from_multibase(EXPECTED["publicKeyMultibase"])
    verify(SIGNED, public, proofs_of(SIGNED)[0])
    changed = deepcopy(SIGNED)
    changed["credentialSubject"]["achievement"]["name"] = "Leadership"
    with pytest.raises(ProofError, match="does not match"):
        verify(changed, public, proofs_of(changed)[0])
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(ProofError, match="does not match"):
        verify(SIGNED, other, proofs_of(SIGNED)[0])


def test_unknown_contexts_are_refused_not_fetched() -> None:
    document = {**unsigned(), "@context": [*SIGNED["@context"], "https://evil.example/context.json"]}
    with pytest.raises(ProofError, match="unknown JSON-LD context"):
        canonical(document)


def test_malformed_keys_and_proofs_are_named() -> None:
    with pytest.raises(ProofError, match="multibase"):
        public_key_from_multibase("6Mk")
    with pytest.raises(ProofError, match="not an Ed25519 public key"):
        public_key_from_multibase("z" + "1" * 10)
    with pytest.raises(ProofError, match="no proof"):
        proofs_of(unsigned())
    public = PRIVATE.public_key()
    with pytest.raises(ProofError, match="eddsa-rdfc-2022"):
        verify(SIGNED, public, {**SIGNED["proof"], "cryptosuite": "ecdsa-rdfc-2019"})
    with pytest.raises(ProofError, match="proofValue"):
        verify(SIGNED, public, {**SIGNED["proof"], "proofValue": "abc"})
