"""People imports from the web run as background tasks, so a large file never holds a request (or the
database) for long: the upload is stored, a task checks and applies it (``import_writing``) and records its
progress, and the People page shows that progress until the outcome is there."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from skillpath import clock
from skillpath.people.import_types import PeopleImportInvalid
from skillpath.people.import_writing import plan_apply, unstage_accounts
from skillpath.people.importing import people_import_plan
from skillpath.people.models import PeopleImport, Person

logger = logging.getLogger("skillpath.people")

PHASES = {
    "queued": gettext_lazy("Waiting for the background worker"),
    "checking": gettext_lazy("Checking every row"),
    "preparing": gettext_lazy("Preparing accounts"),
    "applying": gettext_lazy("Applying"),
}


def people_import_start(admin: Person, text: str, *, filename: str, invite: bool) -> PeopleImport:
    """Store an uploaded (readable) file and queue its import; returns the job to follow."""
    with transaction.atomic():
        job = PeopleImport.objects.create(
            organization_id=admin.organization_id,
            started_by=admin,
            filename=filename[:255],
            text=text,
            invite=invite,
            created_at=clock.now(),
        )
        # The problems found are written in the admin's language (the worker has no request to take it from).
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: people_import_run.enqueue(str(job.pk), language))
    return job


def _set(job: PeopleImport, **fields: Any) -> None:
    PeopleImport.objects.filter(pk=job.pk).update(**fields)


@task()
def people_import_run(job_id: str, language: str = "") -> dict[str, Any]:
    """Check and apply one stored import, all or nothing, recording progress. Safe to run again: a run
    that died half-way left only staged accounts, which are removed before starting over. The problems it
    finds are written in ``language`` (the admin's when they uploaded the file)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _import_run(job_id)


def _import_run(job_id: str) -> dict[str, Any]:
    job = PeopleImport.objects.select_related("organization").get(pk=job_id)
    if job.status in PeopleImport.FINISHED:
        return {"status": job.status}
    unstage_accounts(job.staged_user_ids)
    _set(job, status="checking", done=0, total=0, staged_user_ids=[])
    try:
        plan = people_import_plan(job.organization, job.text, today=clock.now().date())
        plan_apply(
            job.organization,
            plan,
            invite=job.invite,
            progress=lambda phase, done, total: _set(job, status=phase, done=done, total=total),
            staged_hook=lambda ids: _set(job, staged_user_ids=ids),
        )
    except PeopleImportInvalid as exc:
        errors = [{"row": e.row, "column": e.column, "problem": e.problem} for e in exc.errors]
        _set(job, status="refused", errors=errors, text="", staged_user_ids=[], finished_at=clock.now())
        return {"status": "refused", "errors": len(errors)}
    except Exception as exc:
        message = _("the import stopped unexpectedly ({error}); nothing was imported, try again").format(
            error=type(exc).__name__
        )
        _set(job, status="failed", message=message, text="", staged_user_ids=[], finished_at=clock.now())
        raise
    result = plan.result()
    _set(
        job,
        status="done",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        text="",
        staged_user_ids=[],
        finished_at=clock.now(),
    )
    logger.info("people import %s org=%s %s", job.pk, job.organization.slug, result)
    return {"status": "done", "created": result.created, "updated": result.updated, "unchanged": result.unchanged}


@dataclass(frozen=True)
class ImportView:
    """A job as the People page shows it."""

    id: UUID
    filename: str
    status: str
    finished: bool
    phase: str
    done: int
    total: int
    created: int
    updated: int
    unchanged: int
    errors: list[dict[str, Any]]
    message: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def import_view(admin: Person, job_id: UUID) -> ImportView | None:
    """One of the admin's organization's imports (None for another organization's, or none at all)."""
    job = PeopleImport.objects.filter(pk=job_id, organization_id=admin.organization_id).defer("text").first()
    if job is None:
        return None
    return ImportView(
        job.pk,
        job.filename,
        job.status,
        job.status in PeopleImport.FINISHED,
        str(PHASES.get(job.status, "")),
        job.done,
        job.total,
        job.created,
        job.updated,
        job.unchanged,
        list(job.errors),
        job.message,
    )
