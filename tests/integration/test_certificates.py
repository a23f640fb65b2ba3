from __future__ import annotations

import hashlib
import json
from copy import deepcopy
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from jsonschema import Draft201909Validator
from pyld import jsonld

from skillpath.credentials.keys import signing_key_rotate
from skillpath.credentials.models import Certificate
from skillpath.credentials.openbadges import status_bit
from skillpath.credentials.selectors import status_list_document
from skillpath.credentials.services import CertificateError, certificate_revoke, certificates_award
from skillpath.credentials.signing import document_loader, public_key_from_multibase
from skillpath.credentials.verification import verify_credential
from skillpath.learning import models as lm
from skillpath.learning.selectors import reinforcement_variant
from tests.integration.learning_helpers import answer, do_check, learner

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "openbadges" / "achievementcredential.schema.json").read_text()
)


def pass_everything(person: Any, now: datetime) -> None:
    do_check(person, "basics", now)
    do_check(person, "questions", now)
    do_check(person, "closing-talk", now)


def recall_everything(person: Any, at: datetime) -> None:
    for state in lm.MemoryState.objects.filter(person=person).select_related("concept__module"):
        variant = reinforcement_variant(person, f"{state.concept.module.slug}/{state.concept.slug}")
        assert variant is not None
        answer(person, variant, at)


def certified(now: datetime) -> tuple[Any, Certificate]:
    lee = learner(now)
    pass_everything(lee, now)
    recall_everything(lee, now + timedelta(days=15))
    (cert,) = certificates_award(lee, now=now + timedelta(days=15))
    return lee, cert


def test_passing_every_module_without_a_spaced_recall_earns_no_certificate(now: datetime) -> None:
    lee = learner(now)
    pass_everything(lee, now)
    recall_everything(lee, now + timedelta(days=3))  # too soon to show retention
    assert certificates_award(lee, now=now + timedelta(days=3)) == []


def test_a_successful_recall_after_the_spacing_earns_the_certificate(now: datetime) -> None:
    lee, cert = certified(now)
    assert cert.title == "Certified Seller"
    assert cert.valid_until == now + timedelta(days=15 + 365)
    skills = {e["skill"]: e for e in cert.evidence}
    assert set(skills) == {"listening", "closing"}
    assert all(r["days"] >= 14 for e in cert.evidence for r in e["recalls"])
    assert certificates_award(lee, now=now + timedelta(days=16)) == []  # held already


def test_the_credential_validates_against_the_official_schema(now: datetime) -> None:
    _, cert = certified(now)
    errors = list(Draft201909Validator(SCHEMA).iter_errors(cert.credential))
    assert errors == []
    assert cert.credential["type"] == ["VerifiableCredential", "AchievementCredential"]


def test_the_proof_verifies_with_an_independent_ed25519_check(now: datetime) -> None:
    _, cert = certified(now)
    document = deepcopy(cert.credential)
    proof = document.pop("proof")[0]
    options = {"@context": document["@context"], **{k: v for k, v in proof.items() if k != "proofValue"}}
    norm = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader}
    data = hashlib.sha256(jsonld.normalize(options, norm).encode()).digest()
    data += hashlib.sha256(jsonld.normalize(document, norm).encode()).digest()
    key = public_key_from_multibase(proof["verificationMethod"].split("#")[1])
    import base58

    key.verify(base58.b58decode(proof["proofValue"][1:]), data)  # raises if invalid
    document["credentialSubject"]["achievement"]["name"] = "Certified Juggler"
    tampered = hashlib.sha256(jsonld.normalize(options, norm).encode()).digest()
    tampered += hashlib.sha256(jsonld.normalize(document, norm).encode()).digest()
    with pytest.raises(InvalidSignature):
        key.verify(base58.b58decode(proof["proofValue"][1:]), tampered)


def test_verification_says_valid_and_any_changed_field_makes_it_fail(now: datetime) -> None:
    _, cert = certified(now)
    at = now + timedelta(days=20)
    result = verify_credential(cert.credential, now=at)
    assert result.status == "valid", result.checks
    assert result.subject == "Lee" and result.issuer == "Acme"
    for path in (
        ("name",),
        ("validUntil",),
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("evidence", 0, "narrative"),
        ("issuer", "name"),
    ):
        changed = deepcopy(cert.credential)
        target = changed
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = "changed"
        verdict = verify_credential(changed, now=at)
        assert verdict.status == "invalid", path
        assert any(c.name == "signature" and c.ok is False for c in verdict.checks)


def test_a_revoked_credential_shows_revoked_and_is_in_the_status_list(now: datetime) -> None:
    lee, cert = certified(now)
    with pytest.raises(CertificateError, match="Give a reason"):
        certificate_revoke(cert, reason=" ", now=now)
    certificate_revoke(cert, reason="Issued in error", now=now + timedelta(days=16))
    result = verify_credential(cert.credential, now=now + timedelta(days=17))
    assert result.status == "revoked"
    assert "Issued in error" in next(c.message for c in result.checks if c.name == "revocation")
    status = status_list_document(lee.organization, now=now + timedelta(days=17))
    assert status is not None
    assert status_bit(status["credentialSubject"]["encodedList"], cert.status_index)
    assert verify_credential(status, now=now).checks[1].ok  # the status list is signed by the same issuer
    assert certificates_award(lee, now=now + timedelta(days=400)) == []  # a revoked certificate is not re-awarded


def test_an_expired_credential_shows_expired_and_renews_by_refreshing_the_skills(now: datetime) -> None:
    lee, cert = certified(now)
    later = now + timedelta(days=15 + 366)
    assert verify_credential(cert.credential, now=later).status == "expired"
    assert certificates_award(lee, now=later) == []  # lapsed skills are fading: nothing renews by itself
    recall_everything(lee, later)
    (renewed,) = certificates_award(lee, now=later)
    assert renewed.renews == cert and renewed.valid_until == later + timedelta(days=365)
    assert lm.ModuleCheck.objects.filter(person=lee, started_at__gte=later).count() == 0  # no course redone


def test_rotating_the_key_keeps_earlier_credentials_valid(now: datetime) -> None:
    lee, cert = certified(now)
    new_key = signing_key_rotate(lee.organization, now=now + timedelta(days=16))
    assert new_key.public_multibase not in json.dumps(cert.credential)
    result = verify_credential(cert.credential, now=now + timedelta(days=17))
    assert result.status == "valid"
    assert "an earlier key, since rotated" in next(c.message for c in result.checks if c.name == "issuer")


def test_the_certificate_is_issued_by_a_task_queued_when_the_recall_is_committed(
    now: datetime, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    lee = learner(now)
    pass_everything(lee, now)
    with django_capture_on_commit_callbacks(execute=True):
        recall_everything(lee, now + timedelta(days=15))
    assert Certificate.objects.filter(person=lee).count() == 0  # nothing is signed in the request
    queued = DBTaskResult.objects.filter(task_path__endswith="certificates_award_task")
    assert queued.exists()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        recall_everything(lee, now + timedelta(days=16))
    assert Certificate.objects.filter(person=lee).count() == 1


def test_rotate_signing_key_command(now: datetime, capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    from skillpath.credentials.models import SigningKey

    lee, _ = certified(now)
    call_command("rotate_signing_key", org="acme")
    assert "new signing key z6Mk" in capsys.readouterr().out
    assert SigningKey.objects.filter(organization=lee.organization).count() == 2
    assert SigningKey.objects.filter(organization=lee.organization, retired_at=None).count() == 1
