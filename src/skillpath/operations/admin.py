"""Staff see every task of the database backend (failed ones with their error) and can retry them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from skillpath.operations.leases import ABANDONED
from skillpath.operations.models import ScheduledRun, WorkerHeartbeat
from skillpath.operations.services import task_retry


class AbandonedFilter(admin.SimpleListFilter):
    """Tasks whose worker was killed, retried up to the bound and then failed (``TaskAbandoned``)."""

    title = gettext_lazy("abandoned by its worker")
    parameter_name = "abandoned"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Abandoned (failed after every try)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(exception_class_path=ABANDONED) if self.value() == "yes" else queryset


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "queue_name", "enqueued_at", "finished_at", "error", "attempts", "id")
    list_filter = ("status", AbandonedFilter, "queue_name", "task_path")  # type: ignore[assignment]
    search_fields = ("task_path", "exception_class_path")
    actions = ["retry"]

    @admin.display(description=gettext_lazy("error"))
    def error(self, obj: DBTaskResult[Any, Any]) -> str:
        if not obj.traceback:
            return ""
        return str(obj.traceback).strip().splitlines()[-1][:200]

    @admin.display(description=gettext_lazy("attempts"))
    def attempts(self, obj: DBTaskResult[Any, Any]) -> int:
        return len(obj.worker_ids or [])

    @admin.action(description=gettext_lazy("Retry: enqueue the same task again with the same arguments"))
    def retry(self, request: HttpRequest, queryset: QuerySet[DBTaskResult[Any, Any]]) -> None:
        retried = [task_retry(result) for result in queryset]
        said = ngettext("Enqueued {count} task again.", "Enqueued {count} tasks again.", len(retried))
        self.message_user(request, said.format(count=len(retried)), messages.SUCCESS)


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    list_display = ("key", "run_at", "created_at")
    search_fields = ("key",)
    readonly_fields = ("key", "run_at", "task_ids", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ("worker_id", "hostname", "pid", "started_at", "beat_at")
    readonly_fields = ("worker_id", "hostname", "pid", "started_at", "beat_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
