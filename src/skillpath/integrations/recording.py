"""Event handlers: write xAPI statements and webhook deliveries to the outboxes, in the event's transaction.

Subscribed in ``IntegrationsConfig.ready``. An organization's statements are recorded while it has an
LRS connection (enabled or paused), and its webhook deliveries while it has endpoints; without either,
a handler reads the organization's flags and returns, with no query. Delivery is queued for after the
commit (``schedule_*``), never done here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from skillpath.content import models as cm
from skillpath.credentials.models import Certificate
from skillpath.integrations import payloads
from skillpath.integrations import statements as st
from skillpath.integrations.models import LrsConnection, WebhookDelivery, WebhookEndpoint, XapiStatement
from skillpath.integrations.tasks import lrs_deliver_task, webhook_deliver_task
from skillpath.learning import models as lm
from skillpath.learning.services import SubmitResult, activity_of
from skillpath.people.models import Organization, Person

log = logging.getLogger(__name__)


@dataclass
class Outbox:
    """What one event writes: statements for the LRS, events for the webhooks."""

    organization_id: int
    slug: str
    lrs: bool
    webhooks: bool
    statements: list[XapiStatement] = field(default_factory=list)
    events: list[tuple[str, datetime, dict[str, Any]]] = field(default_factory=list)  # (event, when, data)

    @property
    def vocabulary(self) -> st.Vocabulary:
        return st.Vocabulary(settings.PUBLIC_URL, self.slug)

    def statement(self, statement_id: UUID, verb: str, body: dict[str, Any], at: datetime) -> None:
        self.statements.append(
            XapiStatement(
                organization_id=self.organization_id,
                statement_id=statement_id,
                verb=verb,
                statement=body,
                created_at=at,
            )
        )


def _outbox(person: Person) -> Outbox | None:
    """The organization's targets, from its flags (no query when the organization came with the person, as
    it does with the signed-in user); None when nothing is to be recorded."""
    org = person.organization
    if not (org.has_lrs or org.has_webhooks):
        return None
    return Outbox(org.pk, org.slug, org.has_lrs, org.has_webhooks)


def targets_changed(instance: LrsConnection | WebhookEndpoint, **_: Any) -> None:
    """Keep the organization's ``has_lrs`` and ``has_webhooks`` true to its connection and endpoints (on every
    save and delete of either, whatever made it: a settings page, the admin, a cascade)."""
    Organization.objects.filter(pk=instance.organization_id).update(
        has_lrs=Exists(LrsConnection.objects.filter(organization=OuterRef("pk"))),
        has_webhooks=Exists(WebhookEndpoint.objects.filter(organization=OuterRef("pk"))),
    )


def learner_of(person: Person) -> st.Learner:
    user = person.user
    return st.Learner(str(person.pk), person.name, user.email or user.get_username())


def _write(outbox: Outbox) -> None:
    if outbox.statements:
        XapiStatement.objects.bulk_create(outbox.statements)
        transaction.on_commit(partial(schedule_lrs, outbox.organization_id))
    if not outbox.events:
        return
    endpoints = list(WebhookEndpoint.objects.filter(organization_id=outbox.organization_id).order_by("pk"))
    rows = []
    for event, at, data in outbox.events:
        event_id = uuid4()
        text = payloads.body(event, event_id, outbox.slug, at, data)
        rows += [
            WebhookDelivery(
                organization_id=outbox.organization_id,
                endpoint=e,
                delivery_id=uuid4(),
                event=event,
                event_id=event_id,
                body=text,
                created_at=at,
            )
            for e in endpoints
            if e.wants(event)
        ]
    if rows:
        WebhookDelivery.objects.bulk_create(rows)
        ids = sorted({r.endpoint_id for r in rows})
        for pk in ids:
            transaction.on_commit(partial(schedule_webhook, pk))


def module_launched(person: Person, check: lm.ModuleCheck, **_: Any) -> None:
    outbox = _outbox(person)
    if outbox is None or not outbox.lrs:
        return
    module = cm.Module.objects.select_related("package").get(pk=check.module_id)
    learner = learner_of(person)
    sid = uuid4()
    ref = st.ModuleRef(module.package.slug, module.slug, module.title)
    outbox.statement(
        sid,
        "launched",
        st.module_launched(outbox.vocabulary, sid, learner, ref, check.pk, check.started_at),
        check.started_at,
    )
    _write(outbox)


def attempt_recorded(person: Person, attempt: lm.Attempt, result: SubmitResult, **_: Any) -> None:
    outbox = _outbox(person)
    if outbox is None or not (outbox.lrs or result.events.levels or result.events.milestones):
        return  # webhooks only, and nothing they care about happened
    concept = cm.Concept.objects.select_related("module__package").get(pk=attempt.concept_id)
    module = concept.module
    learner = learner_of(person)
    at = attempt.submitted_at
    answer_id = uuid4()
    if outbox.lrs:
        answer = st.Answer(
            st.ModuleRef(module.package.slug, module.slug, module.title),
            concept.slug,
            concept.title,
            activity_of(attempt.variant),
            attempt.response,
            attempt.score,
            result.grade.correct,
            result.rating.name.lower(),
            attempt.duration_seconds,
            attempt.kind,
            attempt.module_check_id,
            result.grade.path,
        )
        outbox.statement(answer_id, "answered", st.answered(outbox.vocabulary, answer_id, learner, answer, at), at)
        if result.events.check_outcome is not None and attempt.module_check is not None:
            _module_finished(outbox, learner, answer.module, module.pass_score, attempt.module_check, result, at)
    _levels(outbox, learner, result.events.levels, at, answer_id)
    _milestones(outbox, learner, result.events.milestones, at, answer_id)
    _write(outbox)


def _module_finished(
    outbox: Outbox,
    learner: st.Learner,
    module: st.ModuleRef,
    pass_score: float,
    check: lm.ModuleCheck,
    result: SubmitResult,
    at: datetime,
) -> None:
    outcome = result.events.check_outcome
    assert outcome is not None
    sid, passed = uuid4(), outcome.passed
    body = st.module_finished(
        outbox.vocabulary,
        sid,
        learner,
        module,
        check.pk,
        score=outcome.score or 0.0,
        passed=passed,
        pass_score=pass_score,
        started_at=check.started_at,
        at=at,
    )
    outbox.statement(sid, "passed" if passed else "failed", body, at)


def _levels(
    outbox: Outbox, learner: st.Learner, levels: Sequence[tuple[str, int, int]], at: datetime, cause: UUID
) -> None:
    if not levels:
        return
    skills = {
        s.slug: st.SkillRef(s.package.slug, s.slug, s.title)
        for s in cm.Skill.objects.filter(
            organization_id=outbox.organization_id, slug__in=[slug for slug, _, _ in levels], retired_at=None
        ).select_related("package")
    }
    for slug, before, after in levels:
        skill = skills.get(slug) or st.SkillRef("-", slug, slug)
        if outbox.lrs:
            sid = uuid4()
            body = st.level_reached(
                outbox.vocabulary, sid, learner, skill, before=before, after=after, at=at, cause=cause
            )
            outbox.statement(sid, "reached-level", body, at)
        if outbox.webhooks:
            outbox.events.append((payloads.LEVEL_REACHED, at, payloads.level_reached(learner, skill, before, after)))


def _milestones(outbox: Outbox, learner: st.Learner, keys: Sequence[str], at: datetime, cause: UUID) -> None:
    """Milestones reached, by key ``"<role>/<milestone>"``."""
    if not keys:
        return
    found = cm.Milestone.objects.filter(
        organization_id=outbox.organization_id,
        role__retired_at=None,
        retired_at=None,
        slug__in=[k.split("/", 1)[1] for k in keys],
    ).select_related("role__package")
    by_pk = {
        f"{m.role.slug}/{m.slug}": st.MilestoneRef(m.role.package.slug, m.role.slug, m.slug, m.title, m.day)
        for m in found
    }
    for pk in keys:
        if pk not in by_pk:
            continue
        if outbox.lrs:
            sid = uuid4()
            outbox.statement(
                sid, "completed", st.milestone_reached(outbox.vocabulary, sid, learner, by_pk[pk], at, cause), at
            )
        if outbox.webhooks:
            outbox.events.append((payloads.MILESTONE_REACHED, at, payloads.milestone_reached(learner, by_pk[pk])))


def _certificate_ref(certificate: Certificate) -> st.CertificateRef:
    role_slug = cm.Role.objects.filter(pk=certificate.role_id).values_list("slug", flat=True).first() or "-"
    return st.CertificateRef(certificate.id, certificate.title, role_slug, certificate.valid_until)


def certificate_issued(person: Person, certificate: Certificate, **_: Any) -> None:
    outbox = _outbox(person)
    if outbox is None:
        return
    learner, ref, at = learner_of(person), _certificate_ref(certificate), certificate.issued_at
    if outbox.lrs:
        sid = uuid4()
        outbox.statement(sid, "earned", st.certificate_issued(outbox.vocabulary, sid, learner, ref, at), at)
    if outbox.webhooks:
        data = payloads.certificate_issued(learner, ref, at, settings.PUBLIC_URL)
        outbox.events.append((payloads.CERTIFICATE_ISSUED, at, data))
    _write(outbox)


def certificate_revoked(person: Person, certificate: Certificate, **_: Any) -> None:
    outbox = _outbox(person)
    if outbox is None:
        return
    learner, ref = learner_of(person), _certificate_ref(certificate)
    at = certificate.revoked_at or certificate.issued_at
    if outbox.lrs:
        sid = uuid4()
        body = st.certificate_revoked(outbox.vocabulary, sid, learner, ref, certificate.revoked_reason, at)
        outbox.statement(sid, "had-revoked", body, at)
    if outbox.webhooks:
        data = payloads.certificate_revoked(learner, ref, at, certificate.revoked_reason, settings.PUBLIC_URL)
        outbox.events.append((payloads.CERTIFICATE_REVOKED, at, data))
    _write(outbox)


def schedule_lrs(organization_id: int) -> None:
    """Queue delivery to the organization's LRS (after a commit). A queue that is down loses nothing:
    the statements stay pending and go with the next delivery."""
    try:
        lrs_deliver_task.enqueue(organization_id)
    except Exception:
        log.exception("could not queue xAPI delivery for organization %s; statements stay pending", organization_id)


def schedule_webhook(endpoint_id: int) -> None:
    try:
        webhook_deliver_task.enqueue(endpoint_id)
    except Exception:
        log.exception("could not queue webhook delivery to endpoint %s; deliveries stay pending", endpoint_id)
